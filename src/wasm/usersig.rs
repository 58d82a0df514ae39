//! `genUserSig`, `verifyUserSig` and `decodeUserSig` for JS.

use super::call::now_secs;
use super::error::{not_an_object, to_js};
use super::snapshot::{input, Snapshot};
use crate::core::call::options::check_keys;
use crate::core::error::Error;
use crate::core::usersig::options::{
    GenOptions, RawGenOptions, RawVerifyOptions, VerifyOptions, GEN_KEYS, VERIFY_KEYS,
};
use crate::core::usersig::{decode_claims, gen_user_sig, verify_user_sig, Claims};
use js_sys::{ArrayBuffer, Uint8Array};
use serde::{Serialize, Serializer};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Makes a UserSig. Throws a `ChatError` of kind `invalid-request` naming the bad field.
#[wasm_bindgen(js_name = genUserSig, skip_typescript)]
pub fn gen_user_sig_js(options: JsValue) -> Result<String, JsValue> {
    let run = || -> Result<String, Error> {
        if let Some(n) = options.as_f64() {
            return Err(positional(n));
        }
        if !options.is_object() {
            return Err(not_an_object("options", &options));
        }
        let snapshot = Snapshot::of(&options);
        check_keys(&snapshot.keys(), &GEN_KEYS, "")?;
        let raw = snapshot.read::<RawGenOptions>("options")?;
        let userbuf_given = !raw.userbuf.is_missing();
        let o = GenOptions::from_raw(raw)?;
        let userbuf = snapshot.kept("userbuf");
        let userbuf = if !userbuf_given {
            None
        } else if ArrayBuffer::is_view(&userbuf) && userbuf.is_instance_of::<Uint8Array>() {
            // Copied through a fresh array first: that copy has the view's real length, whatever its `length`
            // property says (a lying one would make `to_vec` read or write past its bytes).
            Some(Uint8Array::new(&userbuf).to_vec())
        } else {
            return Err(Error::invalid("userbuf", "must be a Uint8Array"));
        };
        let now = o.now.unwrap_or_else(now_secs);
        gen_user_sig(o.sdk_app_id, &o.secret_key, &o.identifier, o.expire, userbuf.as_deref(), now)
    };
    run().map_err(to_js)
}

/// The error for `genUserSig(1400000000, key, 'alice')`, the official library's positional style: what was
/// given, and the object form.
fn positional(n: f64) -> Error {
    let app = if (1.0..=1e15).contains(&n) { (n as u64).to_string() } else { "1400000000".into() };
    let message = [
        "must be one object, not positional arguments (a number came first): genUserSig({ sdkAppId: ",
        &app,
        ", secretKey, identifier, expire })",
    ];
    Error::invalid("options", message.concat())
}

/// Verifies a UserSig and returns its claims. Throws a `ChatError` of kind `usersig` with the
/// service's code (70001, 70003, 70009, 70013, 70014), or `invalid-request` for bad options.
#[wasm_bindgen(js_name = verifyUserSig, skip_typescript)]
pub fn verify_user_sig_js(options: JsValue) -> Result<JsValue, JsValue> {
    let run = || -> Result<JsValue, Error> {
        if !options.is_object() {
            return Err(not_an_object("options", &options));
        }
        let snapshot = Snapshot::of(&options);
        check_keys(&snapshot.keys(), &VERIFY_KEYS, "")?;
        let o = VerifyOptions::from_raw(snapshot.read::<RawVerifyOptions>("options")?)?;
        let now = o.now.unwrap_or_else(now_secs);
        claims_to_js(&verify_user_sig(&o.user_sig, o.sdk_app_id, &o.secret_key, o.identifier.as_deref(), now)?)
    };
    run().map_err(to_js)
}

/// Reads a UserSig's claims without checking its signature (no key needed): to show one, or to know
/// when it expires. Throws a `ChatError` of kind `usersig`, code 70003, when it cannot be decoded.
#[wasm_bindgen(js_name = decodeUserSig, skip_typescript)]
pub fn decode_user_sig_js(user_sig: JsValue) -> Result<JsValue, JsValue> {
    let run = || -> Result<JsValue, Error> {
        let user_sig = input(&user_sig).required_str("userSig")?;
        claims_to_js(&decode_claims(&user_sig)?)
    };
    run().map_err(to_js)
}

/// Bytes that serde-wasm-bindgen writes as a `Uint8Array`.
struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

/// The claims as JS sees them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimsJs<'a> {
    identifier: &'a str,
    sdk_app_id: u64,
    time: u64,
    expire: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    userbuf: Option<Bytes<'a>>,
}

fn claims_to_js(claims: &Claims) -> Result<JsValue, Error> {
    let js = ClaimsJs {
        identifier: &claims.identifier,
        sdk_app_id: claims.sdk_app_id,
        time: claims.time,
        expire: claims.expire,
        userbuf: claims.userbuf.as_deref().map(Bytes),
    };
    // Numbers past 2^53 - 1 have no exact JS form: such claims are refused rather than rounded.
    serde_wasm_bindgen::to_value(&js).map_err(|_| {
        Error::new(crate::core::error::ErrorKind::UserSig, "UserSig claims a number past 2^53 - 1 (70003)")
            .with_code(70003)
    })
}
