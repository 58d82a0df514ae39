//! UserSig (TLSSigAPIv2): make one, verify one, or read its claims. Pure functions; the clock is an input.
//!
//! A UserSig is `base64*-_(zlib(JSON))` where the JSON carries the claims and `TLS.sig`, the
//! HMAC-SHA256 of a fixed text (see [`signed_content`]) keyed with the secret key's UTF-8 bytes.

mod codec;
/// Public only for the tests (`tests/hmac.rs` checks it against the hmac and sha2 crates).
#[doc(hidden)]
pub mod hmac;
/// Public only for the tests (`tests/inflate.rs`, `tests/fuzz.rs`); the library reads it through `codec`.
#[doc(hidden)]
pub mod inflate;
mod sign;
mod verify;

pub use sign::gen_user_sig;
pub use verify::{decode_claims, verify_user_sig};

use crate::json;

/// Default validity of a generated UserSig: 180 days, as in the official libraries.
pub const DEFAULT_EXPIRE: u64 = 180 * 24 * 3600;
/// The longest validity the service documents: 50 years (of 365.25 days).
pub const MAX_EXPIRE: u64 = 1_577_880_000;

/// The service's code for an expired UserSig (`now > time + expire`).
pub const EXPIRED: i64 = 70001;
/// The service's code for a UserSig that cannot be decoded, inflated or parsed.
pub const MALFORMED: i64 = 70003;
/// The service's code for a signature that does not match (wrong key or SDKAppID).
pub const BAD_SIGNATURE: i64 = 70009;
/// The service's code for a UserSig made for another identifier.
pub const IDENTIFIER_MISMATCH: i64 = 70013;
/// The service's code for a UserSig made for another SDKAppID.
pub const SDKAPPID_MISMATCH: i64 = 70014;

/// Whether `text` is made only of the UserSig alphabet (`A-Z a-z 0-9 * - _`), as every UserSig is.
/// A string with anything else would be changed on its way into the URL, so it is refused early.
pub fn is_well_formed(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'_'))
}

/// What a UserSig claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    pub identifier: String,
    pub sdk_app_id: u64,
    /// Unix seconds when it was made.
    pub time: u64,
    /// Seconds of validity from `time`.
    pub expire: u64,
    pub userbuf: Option<Vec<u8>>,
}

impl Claims {
    /// The last Unix second at which it is still valid.
    pub fn expires_at(&self) -> u64 {
        self.time.saturating_add(self.expire)
    }
}

/// The text that `TLS.sig` signs, every line ending in `\n`, in the official order.
pub fn signed_content(identifier: &str, sdk_app_id: u64, time: u64, expire: u64, userbuf_b64: Option<&str>) -> String {
    let mut out = Vec::with_capacity(96 + identifier.len());
    let mut digits = [[0u8; 20]; 3];
    let [app, time_digits, expire_digits] = &mut digits;
    let numbers =
        [json::decimal(app, sdk_app_id), json::decimal(time_digits, time), json::decimal(expire_digits, expire)];
    push_signed_content(&mut out, identifier, numbers, userbuf_b64);
    // Made only of `&str`s, so never the empty default.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends [`signed_content`] to `out`, with the SDKAppID, time and expiry already in decimal.
fn push_signed_content(out: &mut Vec<u8>, identifier: &str, [app, time, expire]: [&str; 3], userbuf_b64: Option<&str>) {
    out.extend_from_slice(b"TLS.identifier:");
    out.extend_from_slice(identifier.as_bytes());
    out.extend_from_slice(b"\nTLS.sdkappid:");
    out.extend_from_slice(app.as_bytes());
    out.extend_from_slice(b"\nTLS.time:");
    out.extend_from_slice(time.as_bytes());
    out.extend_from_slice(b"\nTLS.expire:");
    out.extend_from_slice(expire.as_bytes());
    out.push(b'\n');
    if let Some(b64) = userbuf_b64 {
        out.extend_from_slice(b"TLS.userbuf:");
        out.extend_from_slice(b64.as_bytes());
        out.push(b'\n');
    }
}

/// The HMAC-SHA256 of `content` keyed with the secret key's UTF-8 bytes.
fn mac(secret_key: &str, content: &[u8]) -> [u8; 32] {
    hmac::Keyed::new(secret_key.as_bytes()).mac(content)
}
