//! Reading JS values into the core's input types, writing results back, the environment, and the JS
//! half of the binding (runtime.js) as Rust sees it.

use crate::input::{Input, InputList};
use js_sys::{Array, Object, Reflect};
use std::cell::RefCell;
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
    /// `globalThis[name]` (see runtime.js).
    fn global(name: &str) -> JsValue;
    /// The type of a value as a number (see runtime.js `kind`).
    fn kind(value: &JsValue) -> u8;
    /// The result object of a call that went through (see runtime.js).
    pub fn result(info: &str, display: &str, request_id: Option<String>, attempts: u32) -> JsValue;
}

thread_local! {
    /// The JS strings of the property names read and written, each made once: making a JS string from
    /// Rust costs a TextDecoder call, and a request reads a dozen names.
    static NAMES: RefCell<Vec<(usize, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// `key` as a JS string, from the cache.
fn name(key: &'static str) -> JsValue {
    let cached = |names: &RefCell<Vec<(usize, JsValue)>>| {
        let mut names = names.try_borrow_mut().ok()?;
        let id = key.as_ptr() as usize;
        if let Some((_, v)) = names.iter().find(|(p, _)| *p == id) {
            return Some(v.clone());
        }
        let v = JsValue::from_str(key);
        names.push((id, v.clone()));
        Some(v)
    };
    NAMES.try_with(cached).ok().flatten().unwrap_or_else(|| JsValue::from_str(key))
}

/// `obj[key]`, or `undefined` when `obj` is not an object or the getter throws.
pub fn get(obj: &JsValue, key: &'static str) -> JsValue {
    if !obj.is_object() && !obj.is_function() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &name(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A word for the type of a value that is not undefined, a string, a number or a boolean, for error
/// messages.
pub fn type_word(v: &JsValue) -> &'static str {
    match kind(v) {
        5 => "null",
        6 => "function",
        7 => "array",
        8 => "bigint",
        9 => "symbol",
        _ => "object",
    }
}

pub fn input(v: JsValue) -> Input {
    match kind(&v) {
        0 => Input::Missing,
        1 => Input::Str(v.as_string().unwrap_or_default()),
        2 => Input::BadUnicode,
        3 => Input::Num(v.as_f64().unwrap_or(f64::NAN)),
        4 => Input::Bool(v.as_bool() == Some(true)),
        _ => Input::Other(type_word(&v)),
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
pub fn field(obj: &JsValue, key: &'static str) -> Input {
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
pub fn set(obj: &Object, key: &'static str, value: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &name(key), &value.into());
}

/// The global `fetch`, or `None` where there is none.
pub fn global_fetch() -> Option<js_sys::Function> {
    global("fetch").dyn_into::<js_sys::Function>().ok()
}

/// Whether this runs in a page (or a worker), where a path is resolved against an origin.
pub fn in_page() -> bool {
    get(&global("location"), "origin").is_string()
}

/// The current Unix time in seconds.
pub fn now_secs() -> u64 {
    (now_ms() / 1000.0) as u64
}

/// The current Unix time in milliseconds.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
