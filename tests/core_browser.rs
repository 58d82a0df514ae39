//! The core suites again, in headless Chromium: `wasm-pack test --headless --chrome` (and `npm test`'s
//! wasm run) executes them there as `wasm-pack test --node` does in Node. The UserSig suite has its own
//! browser file (`usersig_browser.rs`).
#![cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "exchange.rs"]
mod exchange;
#[path = "options.rs"]
mod options;
#[path = "pin.rs"]
mod pin;
#[path = "request.rs"]
mod request;
#[path = "retry.rs"]
mod retry;
