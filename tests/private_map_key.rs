//! PrivateMapKey tests, natively and under Node (wasm32). The cases live in `common/private_map_key_cases.rs`.
include!("common/private_map_key_cases.rs");
