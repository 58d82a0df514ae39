//! `ChatAdmin`: reads the options and each call's arguments (each crossing once, see `snapshot.rs`) and lets the
//! core's reader check them, then runs the call (`call.rs`) as a promise.

use super::call::{page_location, CallOptions, Client};
use super::error::{not_an_object, to_js, Failure};
use super::snapshot::{get, is_array, Snapshot};
use super::transport::Signal;
use crate::core::call::options::{read_call, Options};
use crate::core::call::run::{Envelope, Run};
use crate::core::error::Error;
use crate::core::input::Input;
use crate::core::methods::pin::{self, Operation, PinRequest};
use crate::core::wire::response::ApiResult;
use js_sys::{Function, Promise};
use serde::Serialize;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The admin client. Cheap to keep for the life of a process: it makes (or asks for) a UserSig once
/// and reuses it until shortly before it expires.
#[wasm_bindgen(skip_typescript)]
pub struct ChatAdmin {
    pub(super) client: Rc<Client>,
}

/// Reads and checks the options: the client they make.
fn read_client(v: &JsValue) -> Result<Client, Error> {
    if !v.is_object() {
        return Err(not_an_object("options", v));
    }
    let snapshot = Snapshot::of(v);
    let options = Options::read(snapshot.tree("options")?)?;
    if options.endpoint.is_path() {
        let Some((protocol, hostname)) = page_location() else {
            let message = "is a path, which only a page can resolve (against its origin): give a full URL here";
            return Err(Error::invalid("endpoint", message));
        };
        options.endpoint.check_page(&protocol, &hostname, options.allow_insecure_http)?;
    }
    // The functions as the caller gave them (the checks above made sure they are functions when given).
    let fetch = match snapshot.kept("fetch").dyn_into::<Function>() {
        Ok(f) => f,
        Err(_) => get(&js_sys::global(), "fetch")
            .dyn_into::<Function>()
            .map_err(|_| Error::invalid("fetch", "is required: this runtime has no global fetch"))?,
    };
    let provider = snapshot.kept("userSigProvider").dyn_into::<Function>().ok();
    Ok(Client::new(options, fetch, provider))
}

/// A pin request as the caller gave it, checked, and its `operation` as given (for the calls that take one).
/// A field that is not one of a pin request (or of a conversation) is refused with a suggestion.
pub(super) fn read_pin_request(v: &JsValue) -> Result<(PinRequest, Input), Error> {
    if !v.is_object() {
        let word = if v.is_undefined() { "is required" } else { "must be an object { fromAccount, conversations }" };
        return Err(Error::invalid("request", word));
    }
    // Read as options are: the names of keys given as `undefined` are checked too.
    pin::read(Snapshot::of(v).tree("request")?)
}

/// Per-call options (`{ signal, onRetry }`, either optional, and for `request()` (`raw`) `idempotent`; none when
/// absent), checked: an unknown name is refused with a suggestion, `signal` must be an AbortSignal, `onRetry` a
/// function and `idempotent` a boolean.
pub(super) fn read_call_options(options: &JsValue, raw: bool) -> Result<CallOptions, Error> {
    if options.is_undefined() || options.is_null() {
        return Ok(CallOptions::default());
    }
    if !options.is_object() || is_array(options) {
        return Err(Error::invalid("options", "must be an object such as { signal, onRetry }"));
    }
    let snapshot = Snapshot::of(options);
    let idempotent = read_call(snapshot.tree("options")?, raw)?;
    let signal = check_signal(snapshot.given("signal"))?;
    let on_retry = match snapshot.given("onRetry") {
        v if v.is_undefined() => None,
        v => Some(v.dyn_into::<Function>().map_err(|_| Error::invalid("onRetry", "must be a function"))?),
    };
    Ok(CallOptions { signal, on_retry, idempotent })
}

/// `signal` as given (`undefined` when none), checked to be an AbortSignal so that nothing later trips over a
/// look-alike.
pub(super) fn check_signal(signal: JsValue) -> Result<Signal, Error> {
    let is_signal = signal.is_undefined()
        || (get(&signal, "aborted").as_bool().is_some()
            && get(&signal, "addEventListener").is_function()
            && get(&signal, "removeEventListener").is_function());
    if is_signal {
        Ok(Signal::new(signal))
    } else {
        Err(Error::invalid("signal", "must be an AbortSignal"))
    }
}

/// The result object of a call that went through.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Answer<'a> {
    action_status: &'a str,
    error_code: u8,
    error_info: &'a str,
    error_display: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
    attempts: u32,
}

pub(super) fn answer(result: &ApiResult, attempts: u32) -> JsValue {
    let answer = Answer {
        action_status: "OK",
        error_code: 0,
        error_info: &result.error_info,
        error_display: &result.error_display,
        request_id: result.request_id.as_deref(),
        attempts,
    };
    serde_wasm_bindgen::to_value(&answer).unwrap_or(JsValue::UNDEFINED)
}

/// The promise of `work`: its value, or its failure as a `ChatError`. The future is boxed so that the
/// promise machinery is compiled once for every kind of call, not once per future type.
pub(super) fn promise(work: impl Future<Output = Result<JsValue, Failure>> + 'static) -> Promise {
    let work: Pin<Box<dyn Future<Output = Result<JsValue, Failure>>>> = Box::pin(work);
    wasm_bindgen_futures::future_to_promise(async move { work.await.map_err(Failure::into_js) })
}

/// The error for an `operation` given to a method that has its own.
fn operation_not_taken(op: Operation) -> Error {
    let (method, other) = match op {
        Operation::Pin => ("pin", "unpin"),
        Operation::Unpin => ("unpin", "pin"),
    };
    let message = [
        "is not taken by ",
        method,
        "Conversations, which always ",
        method,
        "s: call ",
        other,
        "Conversations to ",
        other,
    ];
    Error::invalid("operation", message.concat())
}

impl ChatAdmin {
    /// Sends a pin request; `operation` `None` takes it from the request (`'pin'` when not given).
    fn top(&self, operation: Option<Operation>, request: &JsValue, call_options: &JsValue) -> Promise {
        let prepared = read_pin_request(request).and_then(|(request, given)| {
            let operation = match operation {
                Some(op) if !given.is_missing() => return Err(operation_not_taken(op)),
                Some(op) => op,
                None => Operation::parse(given)?,
            };
            Ok((request.to_body(operation)?, read_call_options(call_options, false)?))
        });
        let (body, call) = match prepared {
            Ok(p) => p,
            Err(e) => return Promise::reject(&to_js(e)),
        };
        promise(super::methods::execute(self.client.clone(), Run::one(pin::COMMAND, body, Envelope), call))
    }
}

// The TypeScript of everything below is written by hand in `types.rs` (optional arguments and
// precise types), so wasm-bindgen's is skipped.
#[wasm_bindgen]
impl ChatAdmin {
    /// Checks the options and keeps them; throws a `ChatError` of kind `invalid-request` on bad ones.
    #[wasm_bindgen(constructor, skip_typescript)]
    pub fn new(options: JsValue) -> Result<ChatAdmin, JsValue> {
        read_client(&options).map(|client| ChatAdmin { client: Rc::new(client) }).map_err(to_js)
    }

    /// Pins conversations to the top of `fromAccount`'s conversation list.
    #[wasm_bindgen(js_name = pinConversations, skip_typescript)]
    pub fn pin_conversations(&self, request: JsValue, options: JsValue) -> Promise {
        self.top(Some(Operation::Pin), &request, &options)
    }

    /// Unpins conversations in `fromAccount`'s conversation list.
    #[wasm_bindgen(js_name = unpinConversations, skip_typescript)]
    pub fn unpin_conversations(&self, request: JsValue, options: JsValue) -> Promise {
        self.top(Some(Operation::Unpin), &request, &options)
    }
}

/// Checks a pin request as `pinConversations` and `unpinConversations` (and, with its optional `operation`, a bulk
/// run's item) check it, sending nothing: throws the `ChatError` the call would reject with, or returns
/// `undefined`. `admin.checkPinRequest` (`pkg-template/client.js`) is this function.
#[wasm_bindgen(js_name = checkPinRequest, skip_typescript)]
pub fn check_pin_request(request: JsValue) -> Result<(), JsValue> {
    let checked = read_pin_request(&request).and_then(|(request, operation)| {
        let operation = Operation::parse(operation)?;
        request.to_body(operation).map(drop)
    });
    checked.map_err(to_js)
}

/// One call without keeping a client: `operation` is `'pin'` (default) or `'unpin'`.
#[wasm_bindgen(js_name = pinConversations, skip_typescript)]
pub fn pin_conversations_once(options: JsValue, request: JsValue, call_options: JsValue) -> Promise {
    let admin = match ChatAdmin::new(options) {
        Ok(admin) => admin,
        Err(e) => return Promise::reject(&e),
    };
    admin.top(None, &request, &call_options)
}
