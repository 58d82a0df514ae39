//! Reading JS values into the core's input types, writing results back, the environment, and the JS
//! half of the binding (runtime.js) as Rust sees it.

use crate::input::{Input, InputList};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/wasm/runtime.js")]
extern "C" {
    /// The JS side of a client: its fetch, `userSigProvider` (or `undefined`), timeout and the session
    /// of its single calls (see runtime.js).
    pub fn client(fetch: &js_sys::Function, provider: &JsValue, timeout_ms: u32, session: JsValue) -> JsValue;
    /// Sends one call and settles with its result or `ChatError` (see runtime.js).
    pub fn call(client: &JsValue, session: &JsValue, command: &str, body: &str, signal: &JsValue) -> js_sys::Promise;
    /// Runs a bulk run and settles with its report (see runtime.js).
    #[allow(clippy::too_many_arguments)]
    pub fn bulk(
        client: &JsValue,
        session: JsValue,
        command: &str,
        source: &JsValue,
        signal: &JsValue,
        concurrency: u32,
        progress_interval_ms: f64,
        on_progress: &JsValue,
    ) -> js_sys::Promise;
    /// A function that pulls one item at a time from an iterator (see runtime.js).
    pub fn puller(iterator: &JsValue) -> js_sys::Function;
}

/// `obj[key]`, or `undefined` when `obj` is not an object or the getter throws.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() && !obj.is_function() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A word for a value's type, for error messages.
pub fn type_word(v: &JsValue) -> &'static str {
    if v.is_null() {
        "null"
    } else if v.is_function() {
        "function"
    } else if Array::is_array(v) {
        "array"
    } else if v.is_bigint() {
        "bigint"
    } else if v.is_symbol() {
        "symbol"
    } else {
        "object"
    }
}

pub fn input(v: JsValue) -> Input {
    if v.is_undefined() {
        Input::Missing
    } else if let Some(s) = v.as_string() {
        if v.unchecked_ref::<js_sys::JsString>().is_valid_utf16() {
            Input::Str(s)
        } else {
            Input::BadUnicode
        }
    } else if let Some(n) = v.as_f64() {
        Input::Num(n)
    } else if let Some(b) = v.as_bool() {
        Input::Bool(b)
    } else {
        Input::Other(type_word(&v))
    }
}

/// The object's own enumerable string keys (none for a non-object).
pub fn keys(obj: &JsValue) -> Vec<String> {
    if !obj.is_object() {
        return Vec::new();
    }
    Object::keys(obj.unchecked_ref::<Object>()).iter().filter_map(|k| k.as_string()).collect()
}

/// `input(obj[key])`.
pub fn field(obj: &JsValue, key: &str) -> Input {
    input(get(obj, key))
}

/// Reads an array of objects with `read`; non-object items become `None`.
pub fn list<T>(v: JsValue, read: impl Fn(&JsValue) -> T) -> InputList<T> {
    if v.is_undefined() {
        return InputList::Missing;
    }
    if !Array::is_array(&v) {
        return InputList::NotArray(input(v).type_word());
    }
    let items = v
        .unchecked_ref::<Array>()
        .iter()
        .map(|item| (item.is_object() && !Array::is_array(&item)).then(|| read(&item)))
        .collect();
    InputList::Items(items)
}

/// Sets `obj[key] = value`; setting a property on a fresh plain object cannot fail.
pub fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

/// The global `fetch`, or `None` where there is none.
pub fn global_fetch() -> Option<js_sys::Function> {
    get(&js_sys::global(), "fetch").dyn_into::<js_sys::Function>().ok()
}

/// Whether this runs in a page (or a worker), where a path is resolved against an origin.
pub fn in_page() -> bool {
    get(&get(&js_sys::global(), "location"), "origin").is_string()
}

/// The current Unix time in seconds.
pub fn now_secs() -> u64 {
    (now_ms() / 1000.0) as u64
}

/// The current Unix time in milliseconds.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
