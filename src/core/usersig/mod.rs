//! UserSig (TLSSigAPIv2): make one, verify one, or read its claims. Pure functions; the clock is an input.
//!
//! A UserSig is `base64*-_(zlib(JSON))` where the JSON carries the claims and `TLS.sig`, the
//! HMAC-SHA256 of a fixed text (see [`signed_content`]) keyed with the secret key's UTF-8 bytes. A PrivateMapKey
//! ([`private_map_key`]) is a UserSig whose userbuf grants rights in a TRTC room.

mod codec;
mod document;
pub mod options;
pub mod private_map_key;
mod sign;
mod verify;

pub use private_map_key::gen_private_map_key;
pub use sign::gen_user_sig;
pub use verify::{decode_claims, verify_user_sig};

use crate::core::error::{Error, Result};
use hmac::{Hmac, KeyInit};
use serde::Serialize;
use sha2::Sha256;

/// The JSON document inside a UserSig as written, its keys in the official Node library's order (so that a
/// UserSig stored at level 0 is theirs byte for byte). [`document::read`] reads one back.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "TLS.ver")]
    ver: &'a str,
    #[serde(rename = "TLS.identifier")]
    identifier: &'a str,
    #[serde(rename = "TLS.sdkappid")]
    sdk_app_id: u64,
    #[serde(rename = "TLS.time")]
    time: u64,
    #[serde(rename = "TLS.expire")]
    expire: u64,
    #[serde(rename = "TLS.userbuf", skip_serializing_if = "Option::is_none")]
    userbuf: Option<&'a str>,
    #[serde(rename = "TLS.sig")]
    sig: &'a str,
}

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

    /// What the userbuf grants, when it is a PrivateMapKey's.
    pub fn private_map_key(&self) -> Option<private_map_key::PrivateMapKey> {
        self.userbuf.as_deref().and_then(private_map_key::parse)
    }
}

/// The text that `TLS.sig` signs, every line ending in `\n`, in the official order.
pub fn signed_content(identifier: &str, sdk_app_id: u64, time: u64, expire: u64, userbuf_b64: Option<&str>) -> String {
    let mut out = String::with_capacity(96 + identifier.len() + userbuf_b64.map_or(0, |b| b.len() + 13));
    for (label, value) in [
        ("TLS.identifier:", identifier),
        ("\nTLS.sdkappid:", &sdk_app_id.to_string()),
        ("\nTLS.time:", &time.to_string()),
        ("\nTLS.expire:", &expire.to_string()),
    ] {
        out.push_str(label);
        out.push_str(value);
    }
    out.push('\n');
    if let Some(b64) = userbuf_b64 {
        out.push_str("TLS.userbuf:");
        out.push_str(b64);
        out.push('\n');
    }
    out
}

/// HMAC-SHA256 keyed with the secret key's UTF-8 bytes. HMAC takes keys of any length; the crate's
/// `Result` is passed on all the same.
fn keyed(secret_key: &str) -> Result<Hmac<Sha256>> {
    <Hmac<Sha256> as KeyInit>::new_from_slice(secret_key.as_bytes())
        .map_err(|_| Error::invalid("secretKey", "cannot key HMAC-SHA256"))
}
