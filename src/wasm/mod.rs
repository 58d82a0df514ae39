//! The JS binding: the only place with `#[wasm_bindgen]`. It reads each JS argument once into JSON text for the
//! core's one reader (`snapshot`, with `read.js`), runs calls as promises (`call`, `bulk`; wasm-bindgen-futures)
//! through the one web-sys module (`transport`), and turns results and errors back into JS values.

mod bulk;
mod call;
mod client;
mod error;
mod methods;
mod pace;
mod snapshot;
mod transport;
mod types;
mod usersig;

pub use client::{pin_conversations_once, ChatAdmin};
pub use methods::verify_callback_sign;
pub use usersig::{decode_user_sig_js, gen_user_sig_js, verify_user_sig_js};
