//! The JS binding: the only place with `#[wasm_bindgen]`. It reads each JS argument once into JSON text for the
//! core's one reader (`snapshot`, with `read.js`), runs calls as promises (`call`, `bulk`; wasm-bindgen-futures)
//! through the one web-sys module (`transport`), and turns results and errors back into JS values.
//!
//! Without the `client` feature only `usersig` (with `usersig_read`, which reads its options) and `error` are built: the
//! sign-only wasm of `tencent-chat-admin/usersig`.

#[cfg(feature = "client")]
mod bulk;
#[cfg(feature = "client")]
mod call;
#[cfg(feature = "client")]
mod client;
mod error;
#[cfg(feature = "client")]
mod members;
#[cfg(feature = "client")]
mod methods;
#[cfg(feature = "client")]
mod pace;
#[cfg(feature = "client")]
mod snapshot;
#[cfg(feature = "client")]
mod transport;
#[cfg(feature = "client")]
mod types;
mod usersig;
mod usersig_read;

#[cfg(feature = "client")]
pub use client::{pin_conversations_once, ChatAdmin};
#[cfg(feature = "client")]
pub use methods::verify_callback_sign;
pub use usersig::{decode_user_sig_js, gen_private_map_key_js, gen_user_sig_js, verify_user_sig_js};
