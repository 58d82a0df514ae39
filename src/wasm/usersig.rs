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
        } else if js_sys::ArrayBuffer::is_view(&userbuf) && userbuf.is_instance_of::<Uint8Array>() {
            // Copied through a fresh array first: that copy has the view's real length, whatever its
            // `length` property says (a lying one would make `to_vec` read or write past its bytes).
            Some(Uint8Array::new(&userbuf).to_vec())
        } else {
            return Err(Error::invalid("userbuf", "must be a Uint8Array"));
        };
        gen_user_sig(app, &key, &identifier, expire, userbuf.as_deref(), read_now(&options)?)
    };
    run().map_err(to_js)
}

// genUserSig and verifyUserSig for options that pkg-template/usersig.js has checked: each argument of its
// type and range, strings non-empty and well formed, `now` from the clock when not given, `expire` 0 and
// `identifier` '' when not given. The core checks again. (Plain comments: a doc comment lands in the glue.)
#[wasm_bindgen(js_name = genUserSigPlain, skip_typescript)]
pub fn gen_user_sig_plain(
    sdk_app_id: f64,
    secret_key: &str,
    identifier: &str,
    expire: f64,
    userbuf: Option<Box<[u8]>>,
    now: f64,
) -> Result<String, JsValue> {
    let expire = if expire == 0.0 { DEFAULT_EXPIRE } else { expire as u64 };
    gen_user_sig(sdk_app_id as u64, secret_key, identifier, expire, userbuf.as_deref(), now as u64).map_err(to_js)
}

#[wasm_bindgen(js_name = verifyUserSigPlain, skip_typescript)]
pub fn verify_user_sig_plain(
    user_sig: &str,
    sdk_app_id: f64,
    secret_key: &str,
    identifier: &str,
    now: f64,
) -> Result<JsValue, JsValue> {
    let identifier = (!identifier.is_empty()).then_some(identifier);
    verify_user_sig(user_sig, sdk_app_id as u64, secret_key, identifier, now as u64).map(claims_to_js).map_err(to_js)
}

/// Verifies a UserSig and returns its claims. Throws a `ChatError` of kind `usersig` with the
/// service's code (70001, 70003, 70009, 70013, 70014), or `invalid-request` for bad options.
#[wasm_bindgen(js_name = verifyUserSig, skip_typescript)]
pub fn verify_user_sig_js(options: JsValue) -> Result<JsValue, JsValue> {
    if !options.is_object() {
        return Err(not_an_object("options", &options));
    }
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
