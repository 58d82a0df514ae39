//! The JS binding: the only place with `#[wasm_bindgen]`. It reads JS values into the core's input
//! types, calls the core, and turns results and errors back into JS values. `transport` is the only
//! module that knows `web_sys`.

mod bulk;
mod client;
mod error;
mod js;
mod transport;
mod types;
mod usersig;

pub use client::{pin_conversations_once, ChatAdmin};
pub use usersig::{decode_user_sig_js, gen_user_sig_js, verify_user_sig_js};
