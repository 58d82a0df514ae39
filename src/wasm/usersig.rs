//! `genUserSig`, `genPrivateMapKey`, `verifyUserSig` and `decodeUserSig` for JS, in both builds (the sign-only one
//! has nothing else). Their options are read by `usersig_read`.

use super::error::to_js;
use super::usersig_read::{loose, privileges, read};
use crate::core::error::{Error, ErrorKind};
use crate::core::input::Input;
use crate::core::usersig::options::{
    GenOptions, PrivateMapKeyOptions, RawGenOptions, RawPrivateMapKeyOptions, RawVerifyOptions, VerifyOptions,
    GEN_KEYS, PRIVATE_MAP_KEY_KEYS, VERIFY_KEYS,
};
use crate::core::usersig::private_map_key::{privilege_names, Room};
use crate::core::usersig::{decode_claims, gen_private_map_key, gen_user_sig, verify_user_sig, Claims};
use js_sys::{Array, ArrayBuffer, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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

/** A TRTC room privilege; bit i of a privilege map is the i-th: 1 createRoom, 2 enterRoom, 4 sendAudio, ... 128 receiveScreen. */
export type TrtcPrivilege =
  | 'createRoom' | 'enterRoom' | 'sendAudio' | 'receiveAudio'
  | 'sendVideo' | 'receiveVideo' | 'sendScreen' | 'receiveScreen';

export interface GenPrivateMapKeyOptions {
  sdkAppId: number;
  secretKey: string;
  /** The user's ID: ASCII only (the official libraries disagree on anything else). */
  identifier: string;
  /** A number (1 to 4294967295): a numeric room; a string (ASCII, not empty): a string room. */
  roomId: number | string;
  /** A privilege map (0 to 255; 255 all), or the privileges by name, each once. */
  privileges: number | readonly TrtcPrivilege[];
  /** Seconds of validity, of the UserSig and of the room rights, from 1 s to 50 years; default 180 days. */
  expire?: number;
  /** Unix seconds to sign at (default: now); the rights hold until now + expire. */
  now?: number;
}

/** What a PrivateMapKey's userbuf grants, as read from it. */
export interface PrivateMapKeyClaims {
  /** A number for a numeric room, a string for a string room. */
  roomId: number | string;
  /** The privilege map. */
  privileges: number;
  /** The privileges of the map by name, in bit order. */
  privilegeNames: TrtcPrivilege[];
  /** Unix seconds until which the rights hold (absolute, unlike `expire`). */
  expiresAt: number;
  sdkAppId: number;
  identifier: string;
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
  /** When the userbuf is a PrivateMapKey's (TRTC room rights): what it grants. */
  privateMapKey?: PrivateMapKeyClaims;
}

/** Makes a UserSig. Throws a ChatError of kind 'invalid-request' naming the bad field. */
export function genUserSig(options: GenUserSigOptions): string;

/**
 * Makes a PrivateMapKey: a UserSig whose userbuf grants `identifier` the `privileges` in one TRTC room, as the
 * official genPrivateMapKey (numeric `roomId`) and genPrivateMapKeyWithStringRoomID (string `roomId`) do. Throws
 * a ChatError of kind 'invalid-request' naming the bad field (`roomId`, `privileges[2]`, ...).
 */
export function genPrivateMapKey(options: GenPrivateMapKeyOptions): string;

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

/// Makes a PrivateMapKey. Throws a `ChatError` of kind `invalid-request` naming the bad field.
#[wasm_bindgen(js_name = genPrivateMapKey, skip_typescript)]
pub fn gen_private_map_key_js(options: JsValue) -> Result<String, JsValue> {
    let run = || -> Result<String, Error> {
        let [sdk_app_id, secret_key, identifier, room_id, privileges_given, expire, now] =
            read(&options, &PRIVATE_MAP_KEY_KEYS)?;
        let o = PrivateMapKeyOptions::from_raw(RawPrivateMapKeyOptions {
            sdk_app_id: loose(&sdk_app_id),
            secret_key: loose(&secret_key),
            identifier: loose(&identifier),
            room_id: loose(&room_id),
            privileges: privileges(&privileges_given),
            expire: loose(&expire),
            now: loose(&now),
        })?;
        let g = o.gen;
        let now = g.now.unwrap_or_else(now_secs);
        gen_private_map_key(g.sdk_app_id, &g.secret_key, &g.identifier, &o.room, o.privileges, g.expire, now)
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

/// The claims as a JS object: `identifier`, `sdkAppId`, `time`, `expire`, `userbuf` (a `Uint8Array`) when there is
/// one, and `privateMapKey` when that userbuf is a PrivateMapKey's. Numbers past 2^53 - 1 have no exact JS form:
/// such claims are refused rather than rounded.
fn claims_to_js(claims: &Claims) -> Result<JsValue, Error> {
    const MAX_SAFE: u64 = crate::core::input::MAX_SAFE_INTEGER;
    if [claims.sdk_app_id, claims.time, claims.expire].iter().any(|n| *n > MAX_SAFE) {
        return Err(Error::new(ErrorKind::UserSig, "UserSig claims a number past 2^53 - 1 (70003)").with_code(70003));
    }
    let userbuf = claims.userbuf.as_deref().map_or(JsValue::UNDEFINED, |bytes| Uint8Array::from(bytes).into());
    let (identifier, app, time, expire) =
        (claims.identifier.as_str(), claims.sdk_app_id as f64, claims.time as f64, claims.expire as f64);
    let Some(key) = claims.private_map_key() else {
        return Ok(claims_object(identifier, app, time, expire, &userbuf, &JsValue::UNDEFINED));
    };
    let room = match &key.room {
        Room::Number(n) => JsValue::from(*n),
        Room::Name(name) => JsValue::from(name.as_str()),
    };
    let names = Array::new();
    for name in privilege_names(key.privileges) {
        names.push(&JsValue::from(name));
    }
    let numbers = [key.privileges, key.expires_at, key.sdk_app_id].map(f64::from);
    let key = key_object(room, numbers[0], &names, numbers[1], numbers[2], &key.identifier);
    Ok(claims_object(identifier, app, time, expire, &userbuf, &key))
}

#[wasm_bindgen(module = "/src/wasm/chat_error.js")]
extern "C" {
    /// The claims object, made in one call into JS.
    #[wasm_bindgen(js_name = makeClaims)]
    fn claims_object(
        identifier: &str,
        sdk_app_id: f64,
        time: f64,
        expire: f64,
        userbuf: &JsValue,
        key: &JsValue,
    ) -> JsValue;

    /// A PrivateMapKey's claims object, made in one call into JS.
    #[wasm_bindgen(js_name = makePrivateMapKey)]
    fn key_object(
        room_id: JsValue,
        privileges: f64,
        names: &Array,
        expires_at: f64,
        sdk_app_id: f64,
        identifier: &str,
    ) -> JsValue;
}
