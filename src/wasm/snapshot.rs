//! Reading the caller's JS values: each argument crosses into wasm once, as JSON text written by `read.js`, which
//! serde_json parses into the core's loose tree ([`Value`]), the one thing the core's reader
//! (`crate::core::input`) reads. A caller's value may be anything: `read.js` reads each property once and turns it
//! into plain data:
//! - a property whose getter throws, or whose value is `undefined`, is absent (it reads as missing);
//! - objects become plain objects of their own enumerable properties, arrays plain arrays, to a bounded depth;
//! - a function, symbol, bigint, ill-formed string, typed array, `Date`, `Map`, `Set`, `RegExp` or a number JSON
//!   cannot hold becomes the core's type marker (`[input::TYPE_MARKER, word]`), so that it is refused with its
//!   type's name;
//! - the top level's objects and functions are also kept as they were ([`Snapshot::kept`]), for the options
//!   that are JS objects: `fetch`, `userSigProvider`, `onProgress`, `signal`, `userbuf`.

use crate::core::error::{Error, Result};
use crate::core::input::loose;
use crate::core::input::tree::Value;
use crate::core::input::Input;
use js_sys::{Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/read.js")]
extern "C" {
    /// The value as JSON text (empty for `undefined`); with `kept` an object, the top level's objects and
    /// functions go there by key.
    #[wasm_bindgen(js_name = snapshot)]
    fn read_js(value: &JsValue, kept: &JsValue) -> String;
}

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, which a revoked Proxy makes throw.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> std::result::Result<bool, JsValue>;
}

/// Whether `value` is an array (a revoked Proxy is not).
pub fn is_array(value: &JsValue) -> bool {
    array_is_array(value).unwrap_or(false)
}

/// The JSON text read as a tree (`None` for the empty text of `undefined`). `read.js` writes only JSON, so an
/// error is a bug of ours, and still an error rather than a panic.
fn parse(text: &str, field: &str) -> Result<Option<Value>> {
    if text.is_empty() {
        return Ok(None);
    }
    serde_json::from_str(text).map(Some).map_err(|_| Error::invalid(field, "could not be read"))
}

/// A caller's value read once, with its top-level objects and functions as given.
pub struct Snapshot {
    /// The value as the core reads it (`Ok(None)`: `undefined`).
    tree: Result<Option<Value>>,
    kept: Object,
}

impl Snapshot {
    /// Reads `value` (each property once).
    pub fn of(value: &JsValue) -> Snapshot {
        let kept = Object::new();
        let text = read_js(value, &kept);
        let tree = parse(&text, "options");
        Snapshot { tree, kept }
    }

    /// The value as the core reads it; `field` names it if it could not be read.
    pub fn tree(&self, field: &str) -> Result<Option<&Value>> {
        match &self.tree {
            Ok(tree) => Ok(tree.as_ref()),
            Err(_) => Err(Error::invalid(field, "could not be read")),
        }
    }

    /// A top-level object or function as the caller gave it (`undefined` when it was something else).
    pub fn kept(&self, key: &'static str) -> JsValue {
        Reflect::get(&self.kept, &name(key)).unwrap_or(JsValue::UNDEFINED)
    }

    /// A top-level option as given: an object or function itself; anything else given as `null` (it is none of
    /// the JS objects the binding reads), and `undefined` when absent.
    pub fn given(&self, key: &'static str) -> JsValue {
        match loose::input(self.tree.as_ref().ok().and_then(Option::as_ref).and_then(|t| t.get(key))) {
            Input::Missing => JsValue::UNDEFINED,
            _ => Some(self.kept(key)).filter(|v| !v.is_undefined()).unwrap_or(JsValue::NULL),
        }
    }
}

/// `value` read as a tree without keeping anything (`None` when `undefined`): the methods' arguments.
pub fn tree(value: &JsValue, field: &str) -> Result<Option<Value>> {
    parse(&read_js(value, &JsValue::UNDEFINED), field)
}

/// `value` read as one loose input (for arguments that are a single value, such as `decodeUserSig`'s).
pub fn input(value: &JsValue) -> Input {
    match tree(value, "value") {
        Ok(t) => loose::input(t.as_ref()),
        Err(_) => Input::Other("object"),
    }
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
