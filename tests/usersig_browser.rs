//! The UserSig and PrivateMapKey tests again, in headless Chromium.
#![cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
include!("common/usersig_cases.rs");

mod private_map_key {
    include!("common/private_map_key_cases.rs");
}
