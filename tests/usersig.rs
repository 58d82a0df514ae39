//! UserSig tests, natively and under Node (wasm32). The cases live in `common/usersig_cases.rs`.
include!("common/usersig_cases.rs");
