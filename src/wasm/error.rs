//! Core errors become JS `ChatError`s: the fields are written as JSON text (serde_json) that JS parses, the
//! class lives in `chat_error.js`.

#[cfg(feature = "client")]
use super::snapshot::get;
use crate::core::error::Error;
#[cfg(feature = "client")]
use crate::core::error::ErrorKind;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/chat_error.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeChatError)]
    fn make_chat_error(message: &str, details: JsValue, cause: &JsValue) -> JsValue;
}

/// The fields of a `ChatError` besides its message, in the order users see them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Details<'a> {
    kind: &'a str,
    code: i64,
    status: u16,
    retryable: bool,
    attempts: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    info: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
}

/// An error on its way to JS, with the JS value that caused it when there is one (a provider's rejection,
/// the signal's reason).
pub struct Failure {
    pub error: Error,
    pub cause: JsValue,
    /// What a call of several requests had done when it failed (JSON text), as the error's `partial`.
    partial: Option<String>,
    /// An aborted call none of whose requests can have been applied: none was sent, or the service refused
    /// each one it answered without acting on it (a throttled answer whose retry was being waited for).
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    pub not_applied: bool,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::with_cause(error, JsValue::UNDEFINED)
    }
}

impl Failure {
    pub fn with_cause(error: Error, cause: JsValue) -> Self {
        Failure { error, cause, partial: None, not_applied: false }
    }

    /// The same failure, with what its call had done.
    #[cfg(feature = "client")]
    pub fn with_partial(mut self, partial: Option<String>) -> Self {
        self.partial = partial;
        self
    }

    /// When it is an abort, says whether none of the call's requests can have been applied.
    #[cfg(feature = "client")]
    pub fn unapplied(mut self, none_applied: bool) -> Self {
        self.not_applied = none_applied && self.error.kind == ErrorKind::Aborted;
        self
    }

    /// The JS `ChatError`.
    pub fn into_js(self) -> JsValue {
        let err = &self.error;
        let service = err.service.as_deref();
        let details = Details {
            kind: err.kind.as_str(),
            code: err.code,
            status: err.status,
            retryable: err.retryable(),
            attempts: err.attempts,
            field: err.field.as_deref(),
            info: service.map(|s| s.info.as_str()),
            display: service.map(|s| s.display.as_str()),
            request_id: service.and_then(|s| s.request_id.as_deref()),
        };
        // Writing this struct of numbers and strings cannot fail, nor can parsing what serde_json wrote; an
        // object without details would still be a ChatError with its message.
        let details = serde_json::to_string(&details)
            .ok()
            .and_then(|text| js_sys::JSON::parse(&text).ok())
            .unwrap_or_else(|| js_sys::Object::new().into());
        if let Some(partial) = self.partial.and_then(|text| js_sys::JSON::parse(&text).ok()) {
            let _ = js_sys::Reflect::set(&details, &"partial".into(), &partial);
        }
        make_chat_error(&err.message, details, &self.cause)
    }
}

pub fn to_js(err: Error) -> JsValue {
    Failure::from(err).into_js()
}

/// An `invalid-request` error for an argument that is not an object at all.
#[cfg(feature = "client")]
pub fn not_an_object(field: &str, v: &JsValue) -> Error {
    if v.is_undefined() {
        return Error::invalid(field, "is required");
    }
    Error::invalid(field, ["must be an object, not ", super::snapshot::input(v).type_word()].concat())
}

/// The error of a call stopped by its signal, with the signal's reason as its cause.
#[cfg(feature = "client")]
pub fn aborted(attempts: u32, reason: JsValue) -> Failure {
    let mut error = Error::new(ErrorKind::Aborted, "the call was aborted by its signal");
    error.attempts = attempts;
    Failure::with_cause(error, reason)
}

/// A copy of what a fetch rejected with or threw, safe to hand back as a `cause`: an `Error` with the same `name`
/// and `message` and the `code` of the network error (its own, or its cause's: Node's `fetch failed` keeps
/// `ECONNREFUSED` there), each scrubbed of `secrets`. A string becomes a scrubbed string; anything else is left
/// out, since it could hold a secret where it cannot be scrubbed.
#[cfg(feature = "client")]
pub fn scrubbed(value: &JsValue, secrets: &[&str]) -> JsValue {
    let text = |v: JsValue| {
        v.as_string().map_or(JsValue::UNDEFINED, |s| crate::core::wire::redact::redact(&s, secrets).into())
    };
    if value.is_string() {
        return text(value.clone());
    }
    if !value.is_object() {
        return JsValue::UNDEFINED;
    }
    let copy = js_sys::Error::new(&text(get(value, "message")).as_string().unwrap_or_default());
    let code = Some(get(value, "code")).filter(|c| c.is_string()).unwrap_or_else(|| get(&get(value, "cause"), "code"));
    for (key, v) in [("name", text(get(value, "name"))), ("code", text(code))] {
        if !v.is_undefined() {
            let _ = js_sys::Reflect::set(&copy, &super::snapshot::name(key), &v);
        }
    }
    copy.into()
}
