//! `genUserSig`, `verifyUserSig` and `decodeUserSig` for JS, in both builds (the sign-only one has nothing
//! else).
//!
//! Their options are read here directly, without the generic snapshot and serde-wasm-bindgen: the object's own
//! enumerable keys once (`Object.keys`), then only the known ones, each read once, each value sorted into the
//! core's loose [`Input`] by hand. What the caller sees is what the snapshot gives: a throwing getter reads as
//! missing, an array, typed array or built-in (`Date`, `Map`, ...) given as the options has no options, and every
//! value has the same type word in the same messages.

use super::error::to_js;
use crate::core::error::{Error, ErrorKind};
use crate::core::input::keys::check_keys;
use crate::core::input::Input;
use crate::core::usersig::options::{
    GenOptions, RawGenOptions, RawVerifyOptions, VerifyOptions, GEN_KEYS, VERIFY_KEYS,
};
use crate::core::usersig::{decode_claims, gen_user_sig, verify_user_sig, Claims};
use js_sys::{Array, ArrayBuffer, JsString, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, which a Proxy's `ownKeys` trap can make throw.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn own_keys(value: &JsValue) -> Result<Array, JsValue>;

    /// `Object.getPrototypeOf`, which a Proxy's `getPrototypeOf` trap can make throw.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
    fn prototype(value: &JsValue) -> Result<JsValue, JsValue>;

    /// `Array.isArray`, which a revoked Proxy makes throw.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_check(value: &JsValue) -> Result<bool, JsValue>;

    /// `String.prototype.isWellFormed.call(s)`; where it is missing, the string is checked character by character.
    #[wasm_bindgen(catch, js_namespace = ["String", "prototype", "isWellFormed"], js_name = call)]
    fn well_formed(s: &JsString) -> Result<bool, JsValue>;
}

/// The TypeScript types of these functions, in the `.d.ts` of both builds (the main entry and
/// `tencent-chat-admin/usersig` declare them from here).
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
export interface GenUserSigOptions {
  sdkAppId: number;
  secretKey: string;
  identifier: string;
  /** Seconds of validity, from 1 s to 50 years (1,577,880,000 s); default 180 days. */
  expire?: number;
  /** Bytes signed into the UserSig (genSigWithUserbuf). */
  userbuf?: Uint8Array;
  /** Unix seconds to sign at (default: now). */
  now?: number;
}

export interface VerifyUserSigOptions {
  userSig: string;
  sdkAppId: number;
  secretKey: string;
  /** When given, the UserSig must be for this identifier (70013 otherwise). */
  identifier?: string;
  /** Unix seconds to check expiry at (default: now). */
  now?: number;
}

export interface UserSigClaims {
  identifier: string;
  sdkAppId: number;
  /** Unix seconds when it was made. */
  time: number;
  /** Seconds of validity from `time`. */
  expire: number;
  userbuf?: Uint8Array;
}

/** Makes a UserSig. Throws a ChatError of kind 'invalid-request' naming the bad field. */
export function genUserSig(options: GenUserSigOptions): string;

/**
 * Verifies a UserSig and returns its claims. Throws a ChatError of kind 'usersig' with the service's
 * code (70001 expired, 70003 undecodable, 70009 bad signature, 70013 identifier, 70014 SDKAppID).
 */
export function verifyUserSig(options: VerifyUserSigOptions): UserSigClaims;

/**
 * Reads a UserSig's claims without checking its signature (no key needed): to show one, or to know when
 * it expires. Throws a ChatError of kind 'usersig', code 70003, when it cannot be decoded.
 */
export function decodeUserSig(userSig: string): UserSigClaims;
"#;

thread_local! {
    /// `Object.prototype`, the prototype of plain objects.
    static PLAIN: JsValue = prototype(&Object::new()).unwrap_or(JsValue::NULL);
}

/// Makes a UserSig. Throws a `ChatError` of kind `invalid-request` naming the bad field.
#[wasm_bindgen(js_name = genUserSig, skip_typescript)]
pub fn gen_user_sig_js(options: JsValue) -> Result<String, JsValue> {
    let run = || -> Result<String, Error> {
        if let Some(n) = options.as_f64() {
            return Err(positional(n));
        }
        let [sdk_app_id, secret_key, identifier, expire, userbuf, now] = read(&options, &GEN_KEYS)?;
        let userbuf_given = !userbuf.is_undefined();
        let raw = RawGenOptions {
            sdk_app_id: loose(&sdk_app_id),
            secret_key: loose(&secret_key),
            identifier: loose(&identifier),
            expire: loose(&expire),
            userbuf: if userbuf_given { Input::Other("object") } else { Input::Missing },
            now: loose(&now),
        };
        let o = GenOptions::from_raw(raw)?;
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
    let app: u64 = if (1.0..=1e15).contains(&n) { n as u64 } else { 1_400_000_000 };
    // serde_json writes the integer (without core::fmt, which the sign-only build leaves out).
    let app = serde_json::to_string(&app).unwrap_or_default();
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
        let [user_sig, sdk_app_id, secret_key, identifier, now] = read(&options, &VERIFY_KEYS)?;
        let o = VerifyOptions::from_raw(RawVerifyOptions {
            user_sig: loose(&user_sig),
            sdk_app_id: loose(&sdk_app_id),
            secret_key: loose(&secret_key),
            identifier: loose(&identifier),
            now: loose(&now),
        })?;
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
        let user_sig = loose(&user_sig).required_str("userSig")?;
        claims_to_js(&decode_claims(&user_sig)?)
    };
    run().map_err(to_js)
}

/// The current Unix time in seconds.
fn now_secs() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// The options object's values for the `known` names, in their order (`undefined` for those not given or
/// whose getter throws), after refusing any other name. Each given option is read once, and only own
/// enumerable ones are; an array, typed array or built-in object has no options.
fn read<const N: usize>(options: &JsValue, known: &[&'static str; N]) -> Result<[JsValue; N], Error> {
    if !options.is_object() {
        if options.is_undefined() {
            return Err(Error::invalid("options", "is required"));
        }
        return Err(Error::invalid("options", ["must be an object, not ", loose(options).type_word()].concat()));
    }
    let mut values: [JsValue; N] = std::array::from_fn(|_| JsValue::UNDEFINED);
    if ArrayBuffer::is_view(options) || is_array(options) || builtin(options).is_some() {
        return Ok(values);
    }
    let Ok(names) = own_keys(options) else { return Ok(values) };
    let mut keys = Vec::with_capacity(N);
    let mut given = Vec::with_capacity(N);
    for name in names.iter() {
        let key = name.as_string().unwrap_or_default();
        if let Some(i) = known.iter().position(|k| *k == key) {
            given.push((i, name));
        }
        keys.push(key);
    }
    check_keys(&keys, known, "")?;
    for (i, name) in given {
        if let Some(slot) = values.get_mut(i) {
            *slot = Reflect::get(options, &name).unwrap_or(JsValue::UNDEFINED);
        }
    }
    Ok(values)
}

/// One value as the core's loose input, with the type words the snapshot gives (`src/wasm/snapshot.rs`).
fn loose(value: &JsValue) -> Input {
    if let Some(s) = value.as_string() {
        // A lone surrogate crosses as U+FFFD: only a string holding one is checked further.
        return match value.dyn_ref::<JsString>() {
            Some(js) if s.contains('\u{FFFD}') && !well_formed(js).unwrap_or_else(|_| js.is_valid_utf16()) => {
                Input::BadUnicode
            }
            _ => Input::Str(s),
        };
    }
    if let Some(n) = value.as_f64() {
        return Input::Num(n);
    }
    if let Some(b) = value.as_bool() {
        return Input::Bool(b);
    }
    if value.is_undefined() {
        return Input::Missing;
    }
    Input::Other(if value.is_null() {
        "null"
    } else if value.is_function() {
        "function"
    } else if value.is_bigint() {
        "bigint"
    } else if value.is_symbol() {
        "symbol"
    } else if ArrayBuffer::is_view(value) {
        "object"
    } else if is_array(value) {
        "array"
    } else {
        builtin(value).unwrap_or("object")
    })
}

/// Whether `value` is an array (a revoked Proxy is not).
fn is_array(value: &JsValue) -> bool {
    array_check(value).unwrap_or(false)
}

/// The name of a `Date`, `Map`, `Set` or `RegExp` (one call into JS for a plain object: its prototype).
fn builtin(value: &JsValue) -> Option<&'static str> {
    let proto = prototype(value).ok()?;
    if proto.is_null() || PLAIN.try_with(|plain| *plain == proto).unwrap_or(false) {
        return None;
    }
    if value.is_instance_of::<js_sys::Date>() {
        Some("Date")
    } else if value.is_instance_of::<js_sys::Map>() {
        Some("Map")
    } else if value.is_instance_of::<js_sys::Set>() {
        Some("Set")
    } else if value.is_instance_of::<js_sys::RegExp>() {
        Some("RegExp")
    } else {
        None
    }
}

/// The claims as a JS object: `identifier`, `sdkAppId`, `time`, `expire`, and `userbuf` (a `Uint8Array`) when
/// there is one. Numbers past 2^53 - 1 have no exact JS form: such claims are refused rather than rounded.
fn claims_to_js(claims: &Claims) -> Result<JsValue, Error> {
    const MAX_SAFE: u64 = crate::core::input::MAX_SAFE_INTEGER;
    if [claims.sdk_app_id, claims.time, claims.expire].iter().any(|n| *n > MAX_SAFE) {
        return Err(Error::new(ErrorKind::UserSig, "UserSig claims a number past 2^53 - 1 (70003)").with_code(70003));
    }
    let userbuf = claims.userbuf.as_deref().map_or(JsValue::UNDEFINED, |bytes| Uint8Array::from(bytes).into());
    Ok(claims_object(&claims.identifier, claims.sdk_app_id as f64, claims.time as f64, claims.expire as f64, &userbuf))
}

#[wasm_bindgen(module = "/src/wasm/chat_error.js")]
extern "C" {
    /// The claims object, made in one call into JS.
    #[wasm_bindgen(js_name = makeClaims)]
    fn claims_object(identifier: &str, sdk_app_id: f64, time: f64, expire: f64, userbuf: &JsValue) -> JsValue;
}
