//! Verifying a UserSig as the service does, with the service's own error codes.

use super::{
    codec, hmac, mac, signed_content, Claims, BAD_SIGNATURE, EXPIRED, IDENTIFIER_MISMATCH, MALFORMED, SDKAPPID_MISMATCH,
};
use crate::error::{Error, ErrorKind, Result};
use crate::json::{self, Value};

/// The JSON inside a UserSig. Keys may come in any order and with any spacing; unknown keys are ignored.
struct Doc {
    identifier: String,
    sdk_app_id: u64,
    time: u64,
    expire: u64,
    userbuf: Option<String>,
    sig: String,
}

/// Reads the document; `None` when it is not JSON or a field is missing or of the wrong type.
fn read_doc(bytes: &[u8]) -> Option<Doc> {
    let v = json::parse(std::str::from_utf8(bytes).ok()?)?;
    let text = |key: &str| v.get(key)?.as_str().map(str::to_owned);
    let number = |key: &str| v.get(key)?.as_u64();
    let userbuf = match v.get("TLS.userbuf") {
        None | Some(Value::Null) => None,
        Some(u) => Some(u.as_str()?.to_owned()),
    };
    Some(Doc {
        identifier: text("TLS.identifier")?,
        sdk_app_id: number("TLS.sdkappid")?,
        time: number("TLS.time")?,
        expire: number("TLS.expire")?,
        userbuf,
        sig: text("TLS.sig")?,
    })
}

fn usersig_error(code: i64, message: &str) -> Error {
    Error::new(ErrorKind::UserSig, message).with_code(code)
}

fn malformed() -> Error {
    usersig_error(MALFORMED, "UserSig could not be decoded (70003): is it complete?")
}

fn parse(user_sig: &str) -> Result<(Doc, Claims)> {
    let zipped = codec::unbase64_usersig(user_sig).ok_or_else(malformed)?;
    let json = codec::zlib_inflate(&zipped).ok_or_else(malformed)?;
    let doc = read_doc(&json).ok_or_else(malformed)?;
    let userbuf = match &doc.userbuf {
        Some(b64) => Some(codec::unbase64(b64).ok_or_else(malformed)?),
        None => None,
    };
    let claims = Claims {
        identifier: doc.identifier.clone(),
        sdk_app_id: doc.sdk_app_id,
        time: doc.time,
        expire: doc.expire,
        userbuf,
    };
    Ok((doc, claims))
}

/// Reads a UserSig's claims without checking its signature (for knowing when to renew one).
pub fn decode_claims(user_sig: &str) -> Result<Claims> {
    parse(user_sig).map(|(_, claims)| claims)
}

/// Verifies `user_sig` against the app's key at `now` (Unix seconds) and returns its claims.
///
/// Checks, in order: decoding (70003), SDKAppID (70014), identifier when given (70013), signature in
/// constant time (70009), expiry (70001, expired when `now > time + expire`). The signature comes
/// before expiry so that "expired" is only ever said of a genuine UserSig.
pub fn verify_user_sig(
    user_sig: &str,
    sdk_app_id: u64,
    secret_key: &str,
    identifier: Option<&str>,
    now: u64,
) -> Result<Claims> {
    let (doc, claims) = parse(user_sig)?;
    if claims.sdk_app_id != sdk_app_id {
        return Err(usersig_error(SDKAPPID_MISMATCH, "UserSig was made for another SDKAppID (70014)"));
    }
    if identifier.is_some_and(|id| id != claims.identifier) {
        return Err(usersig_error(IDENTIFIER_MISMATCH, "UserSig was made for another identifier (70013)"));
    }
    let content = signed_content(&doc.identifier, doc.sdk_app_id, doc.time, doc.expire, doc.userbuf.as_deref());
    let sig = codec::unbase64(&doc.sig).ok_or_else(malformed)?;
    if !hmac::constant_time_eq(&mac(secret_key, content.as_bytes()), &sig) {
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
