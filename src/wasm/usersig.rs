//! `genUserSig` and `verifyUserSig` for JS.

use super::error::{not_an_object, to_js};
use super::js::{field, get, input, now_secs, set};
use crate::error::Error;
use crate::input::MAX_SAFE_INTEGER;
use crate::options::sdk_app_id;
use crate::usersig::{decode_claims, gen_user_sig, verify_user_sig, Claims, DEFAULT_EXPIRE, MAX_EXPIRE};
use js_sys::{Object, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `now` in Unix seconds, defaulting to the clock.
fn read_now(v: &JsValue) -> Result<u64, Error> {
    Ok(field(v, "now").optional_int("now", 0, MAX_SAFE_INTEGER, "of Unix seconds, from 0")?.unwrap_or_else(now_secs))
}

/// Makes a UserSig. Throws a `ChatError` of kind `invalid-request` naming the bad field.
#[wasm_bindgen(js_name = genUserSig, skip_typescript)]
pub fn gen_user_sig_js(options: JsValue) -> Result<String, JsValue> {
    if !options.is_object() {
        return Err(not_an_object("options", &options));
    }
    // Every field of its type and range (the usual case): one line from usersig.js, no more crossings.
    let read = gen_line(&options);
    let line = read.as_string();
    if let Some([app, expire, now, key, identifier]) = line.as_deref().and_then(fields) {
        let expire = if expire == "0" { Ok(DEFAULT_EXPIRE) } else { number(expire) };
        let sig = (|| gen_user_sig(number(app)?, key, identifier, expire?, None, number(now)?))();
        return sig.map_err(to_js);
    }
    // Otherwise the careful readers, on the values usersig.js read (each getter is called once).
    let options = read;
    let run = || -> Result<String, Error> {
        let app = sdk_app_id(field(&options, "sdkAppId"))?;
        let key = field(&options, "secretKey").required_str("secretKey")?;
        let identifier = field(&options, "identifier").required_str("identifier")?;
        let expire = field(&options, "expire")
            .optional_int("expire", 1, MAX_EXPIRE, "of seconds from 1 to 1577880000 (50 years)")?
            .unwrap_or(DEFAULT_EXPIRE);
        let userbuf = get(&options, "userbuf");
        let userbuf = if userbuf.is_undefined() {
            None
        } else {
            let bytes =
                userbuf.dyn_into::<Uint8Array>().map_err(|_| Error::invalid("userbuf", "must be a Uint8Array"))?;
            Some(bytes.to_vec())
        };
        gen_user_sig(app, &key, &identifier, expire, userbuf.as_deref(), read_now(&options)?)
    };
    run().map_err(to_js)
}

#[wasm_bindgen(module = "/src/wasm/usersig.js")]
extern "C" {
    /// genUserSig's options read once: `sdkAppId\0expire\0now\0secretKey\0identifier` when every
    /// field has its type and range, else an object of the values read (see usersig.js).
    #[wasm_bindgen(js_name = genLine)]
    fn gen_line(options: &JsValue) -> JsValue;
    /// verifyUserSig's: `sdkAppId\0now\0userSig\0secretKey\0identifier`, or the values read.
    #[wasm_bindgen(js_name = verifyLine)]
    fn verify_line(options: &JsValue) -> JsValue;
}

/// The five fields of a line from usersig.js. By hand, as is [`number`]: `split` and `parse` cost a
/// kilobyte of wasm.
fn fields(line: &str) -> Option<[&str; 5]> {
    let mut out = [""; 5];
    let (mut start, mut n) = (0, 0);
    for (i, b) in line.bytes().enumerate() {
        if b == 0 && n < 4 {
            out[n] = line.get(start..i)?;
            (start, n) = (i + 1, n + 1);
        }
    }
    out[4] = line.get(start..)?;
    (n == 4).then_some(out)
}

/// A number of a line: a safe integer in decimal (usersig.js checked it), so at most 16 digits and no
/// overflow (`checked_mul` would bring a 128-bit multiply call).
fn number(text: &str) -> Result<u64, Error> {
    let bad = || Error::invalid("options", "could not be read");
    if text.is_empty() || text.len() > 16 {
        return Err(bad());
    }
    let mut n = 0u64;
    for b in text.bytes() {
        let digit = u64::from(b.wrapping_sub(b'0'));
        if digit > 9 {
            return Err(bad());
        }
        n = n * 10 + digit;
    }
    Ok(n)
}

/// Verifies a UserSig and returns its claims. Throws a `ChatError` of kind `usersig` with the
/// service's code (70001, 70003, 70009, 70013, 70014), or `invalid-request` for bad options.
#[wasm_bindgen(js_name = verifyUserSig, skip_typescript)]
pub fn verify_user_sig_js(options: JsValue) -> Result<JsValue, JsValue> {
    if !options.is_object() {
        return Err(not_an_object("options", &options));
    }
    let read = verify_line(&options);
    let line = read.as_string();
    if let Some([app, now, user_sig, key, identifier]) = line.as_deref().and_then(fields) {
        let identifier = (!identifier.is_empty()).then_some(identifier);
        let claims = (|| verify_user_sig(user_sig, number(app)?, key, identifier, number(now)?))();
        return claims.map(claims_to_js).map_err(to_js);
    }
    let options = read;
    let run = || -> Result<JsValue, Error> {
        let user_sig = field(&options, "userSig").required_str("userSig")?;
        let app = sdk_app_id(field(&options, "sdkAppId"))?;
        let key = field(&options, "secretKey").required_str("secretKey")?;
        let identifier = field(&options, "identifier").optional_str("identifier")?;
        let claims = verify_user_sig(&user_sig, app, &key, identifier.as_deref(), read_now(&options)?)?;
        Ok(claims_to_js(claims))
    };
    run().map_err(to_js)
}

/// Reads a UserSig's claims without checking its signature (no key needed): to show one, or to know
/// when it expires. Throws a `ChatError` of kind `usersig`, code 70003, when it cannot be decoded.
#[wasm_bindgen(js_name = decodeUserSig, skip_typescript)]
pub fn decode_user_sig_js(user_sig: JsValue) -> Result<JsValue, JsValue> {
    let run = || -> Result<JsValue, Error> {
        let user_sig = input(user_sig).required_str("userSig")?;
        Ok(claims_to_js(decode_claims(&user_sig)?))
    };
    run().map_err(to_js)
}

fn claims_to_js(claims: Claims) -> JsValue {
    let obj = Object::new();
    set(&obj, "identifier", claims.identifier);
    set(&obj, "sdkAppId", claims.sdk_app_id as f64);
    set(&obj, "time", claims.time as f64);
    set(&obj, "expire", claims.expire as f64);
    if let Some(buf) = claims.userbuf {
        set(&obj, "userbuf", Uint8Array::from(buf.as_slice()));
    }
    obj.into()
}
