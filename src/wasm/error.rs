//! Core errors become JS `ChatError`s (the class lives in runtime.js).

use crate::error::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/runtime.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeChatError)]
    #[allow(clippy::too_many_arguments)]
    fn make_chat_error(
        message: &str,
        kind: &str,
        code: f64,
        status: u16,
        retryable: bool,
        attempts: u32,
        field: Option<String>,
        info: Option<String>,
        display: Option<String>,
        request_id: Option<String>,
        cause: &JsValue,
    ) -> JsValue;
}

/// The JS `ChatError` for `err`, with `cause` when there is one to give.
pub fn to_js_with_cause(err: Error, cause: &JsValue) -> JsValue {
    let retryable = err.retryable();
    let (info, display, request_id) = match err.service {
        Some(s) => (Some(s.info), Some(s.display), s.request_id),
        None => (None, None, None),
    };
    make_chat_error(
        &err.message,
        err.kind.as_str(),
        err.code as f64,
        err.status,
        retryable,
        err.attempts,
        err.field,
        info,
        display,
        request_id,
        cause,
    )
}

pub fn to_js(err: Error) -> JsValue {
    to_js_with_cause(err, &JsValue::UNDEFINED)
}

/// An `invalid-request` error thrown when an argument is not an object at all.
pub fn not_an_object(field: &str, v: &JsValue) -> JsValue {
    let words = ["must be an object, not ", super::js::type_word(v)].concat();
    let words = if v.is_undefined() { "is required".to_owned() } else { words };
    to_js(Error::invalid(field, words))
}
