//! Making a UserSig, byte for byte as the official libraries do (at deflate level 0).

use super::{codec, mac, push_signed_content, MAX_EXPIRE};
use crate::error::{Error, Result};
use crate::json;

/// Makes a UserSig for `identifier`, valid for `expire` seconds from `now` (Unix seconds).
///
/// `secret_key` is the console's key string, used as its UTF-8 bytes (not hex-decoded). With a
/// `userbuf`, its bytes are signed and carried in the UserSig, as `genSigWithUserbuf` does.
pub fn gen_user_sig(
    sdk_app_id: u64,
    secret_key: &str,
    identifier: &str,
    expire: u64,
    userbuf: Option<&[u8]>,
    now: u64,
) -> Result<String> {
    if sdk_app_id == 0 {
        return Err(Error::invalid("sdkAppId", "must be a positive integer"));
    }
    if secret_key.is_empty() {
        return Err(Error::invalid("secretKey", "must not be empty"));
    }
    if identifier.is_empty() {
        return Err(Error::invalid("identifier", "must not be empty"));
    }
    if expire == 0 || expire > MAX_EXPIRE {
        return Err(Error::invalid("expire", "must be 1 to 1577880000 seconds (50 years)"));
    }
    let userbuf_b64 = userbuf.map(codec::base64);
    let mut digits = [[0u8; 20]; 3];
    let [app_digits, now_digits, expire_digits] = &mut digits;
    let numbers =
        [json::decimal(app_digits, sdk_app_id), json::decimal(now_digits, now), json::decimal(expire_digits, expire)];
    let [app_text, now_text, expire_text] = numbers;

    // One buffer, bytes rather than a `String`: first the signed text, then the zlib-stored document.
    let extra = userbuf_b64.as_ref().map_or(0, |b| 2 * b.len() + 32);
    let mut buf = Vec::with_capacity(codec::ZLIB_HEAD + 190 + 2 * identifier.len() + extra);
    push_signed_content(&mut buf, identifier, numbers, userbuf_b64.as_deref());
    let tag = mac(secret_key, &buf);

    // The key order of the official Node library, so that level-0 output matches it byte for byte.
    buf.clear();
    buf.extend_from_slice(&[0; codec::ZLIB_HEAD]);
    buf.extend_from_slice(b"{\"TLS.ver\":\"2.0\",\"TLS.identifier\":");
    push_json_str(&mut buf, identifier);
    buf.extend_from_slice(b",\"TLS.sdkappid\":");
    buf.extend_from_slice(app_text.as_bytes());
    buf.extend_from_slice(b",\"TLS.time\":");
    buf.extend_from_slice(now_text.as_bytes());
    buf.extend_from_slice(b",\"TLS.expire\":");
    buf.extend_from_slice(expire_text.as_bytes());
    if let Some(b64) = &userbuf_b64 {
        buf.extend_from_slice(b",\"TLS.userbuf\":\"");
        buf.extend_from_slice(b64.as_bytes());
        buf.push(b'"');
    }
    buf.extend_from_slice(b",\"TLS.sig\":\"");
    buf.extend_from_slice(&codec::base64_tag(&tag));
    buf.extend_from_slice(b"\"}");
    Ok(codec::base64_usersig(&codec::zlib_finish(buf)))
}

/// Appends `s` as a JSON string literal: copied as is when nothing in it needs escaping (the usual
/// identifier), else through [`json::push_str`].
fn push_json_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        let mut escaped = String::with_capacity(s.len() + 8);
        json::push_str(&mut escaped, s);
        out.extend_from_slice(escaped.as_bytes());
    }
}
