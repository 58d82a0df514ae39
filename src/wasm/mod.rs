//! The JS binding: the only place with `#[wasm_bindgen]`. It reads JS values into the core's input
//! types, calls the core, and turns results and errors back into JS values. The sending and waiting
//! happen in `runtime.js` (its `call` and `bulk` drivers), which asks a [`session::Session`] what to
//! do at each turn; the decisions are the core's.

mod bulk;
mod client;
mod error;
mod js;
mod session;
mod types;
mod usersig;

pub use client::{pin_conversations_once, ChatAdmin};
pub use usersig::{decode_user_sig_js, gen_user_sig_js, verify_user_sig_js};
