//! The client against the emulator, in headless Chromium (wasm32 only), plus the browser-only case:
//! a cross-origin call the server does not allow is a `cors` error.
#![cfg(all(target_arch = "wasm32", feature = "emulator-tests"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
const EMULATOR: Option<&str> = option_env!("EMULATOR_BROWSER_URL");
include!("common/client_cases.rs");

#[wasm_bindgen_test::wasm_bindgen_test]
async fn refused_cross_origin_call_is_a_cors_error() {
    const NOCORS: Option<&str> = option_env!("EMULATOR_NOCORS_URL");
    let url = NOCORS.expect("run through scripts/with-emulator.mjs (EMULATOR_NOCORS_URL)");
    let a = ChatAdmin::new(options(url, JsValue::UNDEFINED)).unwrap();
    let err = settle(a.pin_conversations(c2c("alice", ids(&["bob"])), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(get(&err, "kind").as_string().as_deref(), Some("cors"));
    assert!(get(&err, "message").as_string().unwrap().contains("endpoint"));
}
include!("common/method_cases.rs");
