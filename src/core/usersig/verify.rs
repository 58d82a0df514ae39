//! Verifying a UserSig as the service does, with the service's own error codes.

use super::{
    codec, document, keyed, signed_content, Claims, BAD_SIGNATURE, EXPIRED, IDENTIFIER_MISMATCH, MALFORMED,
    SDKAPPID_MISMATCH,
};
use crate::core::error::{Error, ErrorKind, Result};
use hmac::Mac;

fn usersig_error(code: i64, message: &str) -> Error {
    Error::new(ErrorKind::UserSig, message).with_code(code)
}

fn malformed() -> Error {
    usersig_error(MALFORMED, "UserSig could not be decoded (70003): is it complete?")
}

/// The claims, and what the signature covers: the userbuf's base64 text and `TLS.sig`.
struct Parsed {
    claims: Claims,
    userbuf_b64: Option<String>,
    sig: String,
}

fn parse(user_sig: &str) -> Result<Parsed> {
    let zipped = codec::unbase64_usersig(user_sig).ok_or_else(malformed)?;
    let json = codec::unzlib(&zipped).ok_or_else(malformed)?;
    // From text, as the rest of the crate reads JSON: one serde_json reader in the wasm rather than two.
    let json = std::str::from_utf8(&json).map_err(|_| malformed())?;
    let doc = document::read(json).ok_or_else(malformed)?;
    let userbuf = match &doc.userbuf {
        Some(b64) => Some(codec::unbase64(b64).ok_or_else(malformed)?),
        None => None,
    };
    let claims =
        Claims { identifier: doc.identifier, sdk_app_id: doc.sdk_app_id, time: doc.time, expire: doc.expire, userbuf };
    Ok(Parsed { claims, userbuf_b64: doc.userbuf, sig: doc.sig })
}

/// Reads a UserSig's claims without checking its signature (for knowing when to renew one).
pub fn decode_claims(user_sig: &str) -> Result<Claims> {
    parse(user_sig).map(|parsed| parsed.claims)
}

/// Verifies `user_sig` against the app's key at `now` (Unix seconds) and returns its claims.
///
/// Checks, in order: decoding (70003), SDKAppID (70014), identifier when given (70013), signature in
/// constant time (70009), expiry (70001, expired when `now > time + expire`). The signature comes
/// before expiry so that "expired" is only ever said of a genuine UserSig. `TLS.sig` must be the canonical
/// base64 of the HMAC, as the official verifiers (which compare the text) require: another spelling of the
/// same bytes is a signature that does not match.
pub fn verify_user_sig(
    user_sig: &str,
    sdk_app_id: u64,
    secret_key: &str,
    identifier: Option<&str>,
    now: u64,
) -> Result<Claims> {
    let Parsed { claims, userbuf_b64, sig } = parse(user_sig)?;
    if claims.sdk_app_id != sdk_app_id {
        return Err(usersig_error(SDKAPPID_MISMATCH, "UserSig was made for another SDKAppID (70014)"));
    }
    if identifier.is_some_and(|id| id != claims.identifier) {
        return Err(usersig_error(IDENTIFIER_MISMATCH, "UserSig was made for another identifier (70013)"));
    }
    let content =
        signed_content(&claims.identifier, claims.sdk_app_id, claims.time, claims.expire, userbuf_b64.as_deref());
    let mut mac = keyed(secret_key)?;
    mac.update(content.as_bytes());
    // The crate's comparison is constant time; a TLS.sig that is not canonical base64 never reaches it.
    let genuine = codec::unbase64(&sig).is_some_and(|tag| mac.verify_slice(&tag).is_ok());
    if !genuine {
        return Err(usersig_error(
            BAD_SIGNATURE,
            "UserSig signature does not match (70009): check the secret key and SDKAppID",
        ));
    }
    if now > claims.expires_at() {
        return Err(usersig_error(EXPIRED, "UserSig has expired (70001): generate a new one"));
    }
    Ok(claims)
}
