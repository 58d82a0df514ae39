//! Making a UserSig, byte for byte as the official libraries do (at deflate level 0).

use super::{codec, mac, signed_content, MAX_EXPIRE};
use crate::error::{Error, Result};
use crate::json;
use hmac::Mac;

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
    let content = signed_content(identifier, sdk_app_id, now, expire, userbuf_b64.as_deref());
    let sig = codec::base64(&mac(secret_key, &content)?.finalize().into_bytes());

    // The key order of the official Node library, so that level-0 output matches it byte for byte.
    let mut doc = String::with_capacity(160 + identifier.len());
    doc.push_str("{\"TLS.ver\":\"2.0\",");
    json::push_key(&mut doc, "TLS.identifier");
    json::push_str(&mut doc, identifier);
    doc.push(',');
    json::push_key(&mut doc, "TLS.sdkappid");
    json::push_u64(&mut doc, sdk_app_id);
    doc.push(',');
    json::push_key(&mut doc, "TLS.time");
    json::push_u64(&mut doc, now);
    doc.push(',');
    json::push_key(&mut doc, "TLS.expire");
    json::push_u64(&mut doc, expire);
    doc.push(',');
    if let Some(b64) = &userbuf_b64 {
        json::push_key(&mut doc, "TLS.userbuf");
        json::push_str(&mut doc, b64);
        doc.push(',');
    }
    json::push_key(&mut doc, "TLS.sig");
    json::push_str(&mut doc, &sig);
    doc.push('}');
    Ok(codec::base64_usersig(&codec::zlib_store(doc.as_bytes())))
}
