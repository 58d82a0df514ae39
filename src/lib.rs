//! # tencent-chat-admin
//!
//! The typed admin client for the Tencent Cloud Chat (IM) REST API. This crate is the pure core: UserSig
//! signing and verification, regions and URLs, request and response types, validation and errors. It
//! reads no clock and draws no randomness: both are inputs. The `wasm` module (only on `wasm32`) is the
//! thin JS binding: it reads each JS argument once as JSON text and sends requests through the global `fetch`
//! (web-sys).
//!
//! ```
//! use tencent_chat_admin::core::usersig::{gen_user_sig, verify_user_sig};
//!
//! # fn main() -> Result<(), tencent_chat_admin::Error> {
//! let key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
//! let sig = gen_user_sig(1400000000, key, "administrator", 86400, None, 1700000000)?;
//! let claims = verify_user_sig(&sig, 1400000000, key, Some("administrator"), 1700000100)?;
//! assert_eq!(claims.expire, 86400);
//! # Ok(())
//! # }
//! ```

// Library code returns errors; it never panics (tests may).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::string_slice,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod core;

/// The JS binding (wasm32 only). Public so that wasm tests can drive the client as JS does.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use crate::core::error::{Error, ErrorKind, Result, ServiceInfo};
