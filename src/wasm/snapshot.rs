//! Reading the caller's JS values into the core's loose input types with serde-wasm-bindgen.
//!
//! serde-wasm-bindgen reads plain data with plain property gets. A caller's value may be anything: a getter
//! or a Proxy trap that throws would escape as a raw JS exception in the middle of our Rust frames, and some
//! values have no faithful form in serde's data model (a function, a symbol, a bigint, a string with a lone
//! surrogate). So the value is first copied into plain data (a [`Snapshot`]), each property read once, and
//! serde-wasm-bindgen reads the copy. In the copy:
//! - a property whose getter throws, or whose value is `undefined`, is absent (it reads as missing);
//! - objects become plain objects of their own enumerable properties, arrays plain arrays, to a bounded depth;
//! - a function, symbol, bigint or ill-formed string becomes the core's type marker
//!   (`[input::TYPE_MARKER, word]`), so that it is refused with its type's name;
//! - the top level's objects and functions are also kept as they were ([`Snapshot::kept`]), for the options
//!   that are JS objects: `fetch`, `userSigProvider`, `onProgress`, `signal`, `userbuf`.

use crate::core::error::{Error, Result};
use crate::core::input::{Input, LONE_SURROGATE, MAX_LIST_ITEMS, NESTED, TYPE_MARKER};
use js_sys::{Array, JsString, Object, Reflect};
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, which a Proxy's `ownKeys` trap can make throw.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> std::result::Result<Array, JsValue>;

    /// `Object.getPrototypeOf`, which a Proxy's `getPrototypeOf` trap can make throw.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
    fn prototype_of(value: &JsValue) -> std::result::Result<JsValue, JsValue>;

    /// `Array.isArray`, which a revoked Proxy makes throw.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> std::result::Result<bool, JsValue>;

    /// `String.prototype.isWellFormed.call(s)` (Node 20, browsers since 2023); where it is missing, the
    /// string is checked character by character.
    #[wasm_bindgen(catch, js_namespace = ["String", "prototype", "isWellFormed"], js_name = call)]
    fn is_well_formed(s: &JsString) -> std::result::Result<bool, JsValue>;
}

/// How deep objects are copied; anything deeper (a cycle, say) reads as an object.
const MAX_DEPTH: u32 = 8;
/// How many values one copy takes at most, and how many items of one array: past them values read as objects
/// and arrays end. Every documented list limit is far below (a longer list is still refused for its length), and
/// a cycle or a huge sparse array costs no more than this.
const MAX_VALUES: u32 = 20_000;
const MAX_ITEMS: u32 = MAX_LIST_ITEMS as u32 + 1;

/// Whether `value` is an array (a revoked Proxy is not).
pub fn is_array(value: &JsValue) -> bool {
    array_is_array(value).unwrap_or(false)
}

/// A caller's value copied into plain data.
pub struct Snapshot {
    /// The copy, for serde-wasm-bindgen.
    pub data: JsValue,
    /// The top-level object's own enumerable keys, as JS strings.
    names: Option<Array>,
    /// The top-level objects and functions as the caller gave them, by key.
    kept: Vec<(JsValue, JsValue)>,
}

impl Snapshot {
    /// Copies `value` (read once).
    pub fn of(value: &JsValue) -> Snapshot {
        let mut snapshot = Snapshot { data: JsValue::UNDEFINED, names: None, kept: Vec::new() };
        snapshot.data = copy(value, 0, Some(&mut snapshot), &mut MAX_VALUES.clone()).0;
        snapshot
    }

    /// The copy read as `T`. The core's loose types read any plain data; an error here would be a bug of
    /// ours, and is still an error rather than a panic.
    pub fn read<T: DeserializeOwned>(&self, field: &str) -> Result<T> {
        serde_wasm_bindgen::from_value(self.data.clone()).map_err(|_| Error::invalid(field, "could not be read"))
    }

    /// The top-level object's own enumerable keys, for refusing names that are not options.
    pub fn keys(&self) -> Vec<String> {
        self.names.as_ref().map(|names| names.iter().filter_map(|k| k.as_string()).collect()).unwrap_or_default()
    }

    /// A top-level object or function as the caller gave it (`undefined` when it was something else).
    pub fn kept(&self, key: &'static str) -> JsValue {
        let key = name(key);
        self.kept.iter().find(|(k, _)| *k == key).map_or(JsValue::UNDEFINED, |(_, v)| v.clone())
    }

    /// A top-level option as given: an object or function itself, anything else from the copy (each read once).
    pub fn given(&self, key: &'static str) -> JsValue {
        Some(self.kept(key)).filter(|v| !v.is_undefined()).unwrap_or_else(|| get(&self.data, key))
    }

    /// The own enumerable keys of the copied object at `key` (none when it is not an object).
    pub fn keys_of(&self, key: &'static str) -> Vec<String> {
        let child = get(&self.data, key);
        if child.is_object() && !is_array(&child) {
            keys(&child)
        } else {
            Vec::new()
        }
    }
}

/// `value` read as one loose input (for arguments that are a single value, such as `decodeUserSig`'s).
pub fn input(value: &JsValue) -> Input {
    if value.is_undefined() {
        return Input::Missing;
    }
    serde_wasm_bindgen::from_value(copy(value, 0, None, &mut MAX_VALUES.clone()).0).unwrap_or(Input::Other("object"))
}

thread_local! {
    /// The JS strings of the property names the binding reads, each made once: making a JS string from
    /// Rust costs a text decoding, and a call reads a dozen names. Keyed by the whole name: two names may
    /// start at one address (`"userSig"` is a prefix of `"userSigProvider"`, and a slice of it is as static).
    static NAMES: RefCell<Vec<(&'static str, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// `key` as a JS string, from the cache.
pub fn name(key: &'static str) -> JsValue {
    let cached = NAMES.try_with(|names| {
        let mut names = names.try_borrow_mut().ok()?;
        if let Some((_, v)) = names.iter().find(|(k, _)| *k == key) {
            return Some(v.clone());
        }
        let v = JsValue::from_str(key);
        names.push((key, v.clone()));
        Some(v)
    });
    cached.ok().flatten().unwrap_or_else(|| JsValue::from_str(key))
}

/// `obj[key]`, or `undefined` when the getter (or a Proxy trap) throws.
pub fn get(obj: &JsValue, key: &'static str) -> JsValue {
    if !obj.is_object() && !obj.is_function() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &name(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The object's own enumerable string keys (none when `Object.keys` throws).
pub fn keys(obj: &JsValue) -> Vec<String> {
    object_keys(obj).map(|keys| keys.iter().filter_map(|k| k.as_string()).collect()).unwrap_or_default()
}

fn marker(word: &str) -> JsValue {
    Array::of2(&JsValue::from_str(TYPE_MARKER), &JsValue::from_str(word)).into()
}

thread_local! {
    /// `Object.prototype`, the prototype of plain objects.
    static PLAIN: JsValue = prototype_of(&Object::new()).unwrap_or(JsValue::NULL);
}

/// The name of a `Date`, `Map`, `Set` or `RegExp` (one call into JS for a plain object: its prototype).
fn builtin(value: &JsValue) -> Option<&'static str> {
    let proto = prototype_of(value).ok()?;
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

/// Whether a JS string is valid Unicode (no lone surrogate, which would cross as U+FFFD).
fn well_formed(s: &JsString) -> bool {
    is_well_formed(s).unwrap_or_else(|_| s.is_valid_utf16())
}

/// The plain-data copy of `value`, and whether it was an object or function (which the top level keeps as given,
/// for the binding to read itself). At the top (`snapshot` given), the object's keys and its
/// objects and functions are recorded there. `budget` is the number of values the copy may still take.
fn copy(value: &JsValue, depth: u32, snapshot: Option<&mut Snapshot>, budget: &mut u32) -> (JsValue, bool) {
    // Each check is a call into JS: the common cases (strings, then objects) come first.
    if let Some(s) = value.dyn_ref::<JsString>() {
        return (if well_formed(s) { value.clone() } else { marker(LONE_SURROGATE) }, false);
    }
    if !value.is_object() {
        return if value.is_function() {
            (marker("function"), true)
        } else if value.is_bigint() {
            (marker("bigint"), false)
        } else if value.is_symbol() {
            (marker("symbol"), false)
        } else {
            // undefined, null, a boolean or a number.
            (value.clone(), false)
        };
    }
    if depth >= MAX_DEPTH || *budget == 0 {
        return (marker(NESTED), true);
    }
    // Typed arrays are read whole by the binding where one is wanted (a userbuf), never key by key.
    if js_sys::ArrayBuffer::is_view(value) {
        return (marker("object"), true);
    }
    *budget -= 1;
    if is_array(value) {
        let length = get(value, "length").as_f64().unwrap_or(0.0).clamp(0.0, f64::from(MAX_ITEMS)) as u32;
        let out = Array::new_with_length(length);
        for i in 0..length {
            let item = Reflect::get_u32(value, i).unwrap_or(JsValue::UNDEFINED);
            out.set(i, copy(&item, depth + 1, None, budget).0);
        }
        return (out.into(), true);
    }
    // Built-ins whose data is not in their own properties would copy as `{}`: they are refused by name.
    if let Some(word) = builtin(value) {
        return (marker(word), true);
    }
    // Without a prototype: an own `__proto__` key is copied as data, not made the copy's prototype.
    let out: Object = Object::create(&JsValue::NULL.unchecked_into::<Object>());
    // The keys stay JS strings: each crossing into Rust and back would cost a text encoding.
    let Ok(names) = object_keys(value) else { return (out.into(), true) };
    let mut kept = Vec::new();
    for name in names.iter() {
        let item = Reflect::get(value, &name).unwrap_or(JsValue::UNDEFINED);
        if item.is_undefined() {
            continue;
        }
        let (copied, object) = copy(&item, depth + 1, None, budget);
        let _ = Reflect::set(&out, &name, &copied);
        if object {
            kept.push((name, item));
        }
    }
    if let Some(snapshot) = snapshot {
        snapshot.names = Some(names);
        snapshot.kept = kept;
    }
    (out.into(), true)
}

#[cfg(test)]
mod tests {
    use super::name;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn names_that_start_at_one_address_are_told_apart() {
        const LONG: &str = "userSigProvider";
        let short: &'static str = LONG.get(..7).unwrap_or_default();
        assert_eq!((short, short.as_ptr()), ("userSig", LONG.as_ptr()));
        for _ in 0..2 {
            assert_eq!(name(LONG).as_string().as_deref(), Some("userSigProvider"));
            assert_eq!(name(short).as_string().as_deref(), Some("userSig"));
        }
    }
}
