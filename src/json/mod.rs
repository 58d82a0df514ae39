//! JSON without a framework: a writer for the few fixed shapes we send (key order matters for
//! byte-exact UserSigs) and a small reader for the two we receive (the UserSig document and the
//! service's envelope). Both are a fraction of serde_json's size in wasm, which matters in pages.

mod read;
mod write;

pub use read::{parse, Value};
pub use write::{decimal, push_key, push_str, push_u64};
