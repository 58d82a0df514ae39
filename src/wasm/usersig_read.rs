//! Reading the UserSig functions' options from JS directly, without the generic snapshot and serde-wasm-bindgen:
//! the object's own enumerable keys once (`Object.keys`), then only the known ones, each read once, each value
//! sorted into the core's loose [`Input`] by hand. What the caller sees is what the snapshot gives: a throwing
//! getter reads as missing, an array, typed array or built-in (`Date`, `Map`, ...) given as the options has no
//! options, and every value has the same type word in the same messages.

use crate::core::error::Error;
use crate::core::input::keys::check_keys;
use crate::core::input::Input;
use crate::core::usersig::options::RawPrivileges;
use js_sys::{Array, ArrayBuffer, JsString, Object, Reflect};
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

thread_local! {
    /// `Object.prototype`, the prototype of plain objects.
    static PLAIN: JsValue = prototype(&Object::new()).unwrap_or(JsValue::NULL);
}

/// The options object's values for the `known` names, in their order (`undefined` for those not given or
/// whose getter throws), after refusing any other name. Each given option is read once, and only own
/// enumerable ones are; an array, typed array or built-in object has no options.
pub(super) fn read<const N: usize>(options: &JsValue, known: &[&'static str; N]) -> Result<[JsValue; N], Error> {
    let mut values: [JsValue; N] = std::array::from_fn(|_| JsValue::UNDEFINED);
    read_into(options, known, &mut values)?;
    Ok(values)
}

/// [`read`] without the const generic, so that its body is compiled once for every options type.
fn read_into(options: &JsValue, known: &[&'static str], values: &mut [JsValue]) -> Result<(), Error> {
    if !options.is_object() {
        if options.is_undefined() {
            return Err(Error::invalid("options", "is required"));
        }
        return Err(Error::invalid("options", ["must be an object, not ", loose(options).type_word()].concat()));
    }
    if ArrayBuffer::is_view(options) || is_array(options) || builtin(options).is_some() {
        return Ok(());
    }
    let Ok(names) = own_keys(options) else { return Ok(()) };
    let mut keys = Vec::with_capacity(known.len());
    let mut given = Vec::with_capacity(known.len());
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
    Ok(())
}

/// One value as the core's loose input, with the type words the snapshot gives (`src/wasm/snapshot.rs`).
pub(super) fn loose(value: &JsValue) -> Input {
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

/// `privileges` as given: an array's items (each read once; a throwing getter reads as undefined), or the value.
/// An array whose length cannot be read reads as missing. Nine items at most are read: a list of more than eight
/// names repeats one or names one that is not a privilege, whatever the ninth item is, so the core refuses it at
/// the ninth at the latest.
pub(super) fn privileges(value: &JsValue) -> RawPrivileges {
    if !is_array(value) {
        return RawPrivileges::One(loose(value));
    }
    let Some(length) = Reflect::get(value, &JsValue::from_str("length")).ok().and_then(|n| n.as_f64()) else {
        return RawPrivileges::One(Input::Missing);
    };
    let items = (0..length.min(9.0) as u32).map(|i| loose(&Reflect::get_u32(value, i).unwrap_or(JsValue::UNDEFINED)));
    RawPrivileges::List(items.collect())
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
