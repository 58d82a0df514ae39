//! Making a UserSig, byte for byte as the official Node library does (its document stored at deflate level 0).

use super::{codec, keyed, signed_content, Document, MAX_EXPIRE};
use crate::core::error::{Error, Result};
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
    let userbuf = userbuf.map(codec::base64);
    let content = signed_content(identifier, sdk_app_id, now, expire, userbuf.as_deref());
    let mut mac = keyed(secret_key)?;
    mac.update(content.as_bytes());
    let sig = codec::base64(&mac.finalize().into_bytes());
    let document =
        Document { ver: "2.0", identifier, sdk_app_id, time: now, expire, userbuf: userbuf.as_deref(), sig: &sig };
    let json = serde_json::to_vec(&document).map_err(|_| Error::invalid("identifier", "cannot be written as JSON"))?;
    if json.len() > codec::MAX_INFLATED {
        return Err(too_large(json.len(), userbuf.as_deref()));
    }
    Ok(codec::base64_usersig(&codec::zlib(&json)))
}

/// The error for a document of `length` bytes, longer than decoding reads ([`codec::MAX_INFLATED`]): a UserSig
/// the service and `verifyUserSig` would refuse (70003) is not made. Names the userbuf when there is one (given
/// as its base64, which JSON writes as it is), with the most it may hold beside these claims; else the
/// identifier.
fn too_large(length: usize, userbuf_b64: Option<&str>) -> Error {
    let Some(b64) = userbuf_b64 else {
        return Error::invalid("identifier", "is too long: a UserSig's JSON may hold 65536 bytes");
    };
    // What the rest of the document takes; the userbuf's base64, 4 characters for each 3 bytes, may fill the rest.
    let rest = length.saturating_sub(b64.len());
    let most = codec::MAX_INFLATED.saturating_sub(rest) / 4 * 3;
    let message = ["is too large: at most ", &most.to_string(), " bytes here (a UserSig's JSON may hold 65536)"];
    Error::invalid("userbuf", message.concat())
}
