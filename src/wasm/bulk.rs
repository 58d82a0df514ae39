//! `pinConversationsBulk`: many pin or unpin calls, paced to a rate, a bounded number at once, pulled
//! lazily from an array, an iterable or an async iterable so memory stays flat.

use super::client::{read_pin_request, read_signal, ChatAdmin};
use super::error::{to_js, to_js_with_cause};
use super::js::{bulk, field, get, keys, puller};
use super::session::Session;
use crate::bulk::{BulkOptions, RawBulkOptions, BULK_KEYS};
use crate::error::Error;
use crate::input::Input;
use crate::options::check_keys;
use crate::pin::{self, Operation};
use js_sys::{Array, Function, Promise, Reflect, Symbol};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The source of a run: the array itself, or a `next()` that pulls one item at a time from an
/// iterator or async iterator (runtime.js `puller`).
fn source_of(requests: &JsValue) -> Result<JsValue, Error> {
    if Array::is_array(requests) {
        return Ok(requests.clone());
    }
    for symbol in [Symbol::async_iterator(), Symbol::iterator()] {
        let method = Reflect::get(requests, &symbol).ok().and_then(|m| m.dyn_into::<Function>().ok());
        if let Some(method) = method {
            let iterator =
                method.call0(requests).map_err(|_| Error::invalid("requests", "threw when asked for an iterator"))?;
            return Ok(puller(&iterator).into());
        }
    }
    Err(Error::invalid("requests", "must be an array, an iterable or an async iterable of pin requests"))
}

fn read_bulk_options(options: &JsValue) -> Result<(BulkOptions, Option<Function>), Error> {
    check_keys(&keys(options), &BULK_KEYS, "")?;
    // Read once: a getter could give a different function the second time.
    let on_progress = get(options, "onProgress");
    let raw = RawBulkOptions {
        rate_per_second: field(options, "ratePerSecond"),
        concurrency: field(options, "concurrency"),
        progress_interval_ms: field(options, "progressIntervalMs"),
        operation: field(options, "operation"),
        on_progress: super::js::input(on_progress.clone()),
    };
    Ok((BulkOptions::from_raw(raw)?, on_progress.dyn_into::<Function>().ok()))
}

#[wasm_bindgen]
impl ChatAdmin {
    /// Pins (or unpins) for many users: paced to `ratePerSecond`, `concurrency` calls at once, each
    /// retried as a single call would be. Resolves with a report; rejects only for bad arguments.
    #[wasm_bindgen(js_name = pinConversationsBulk, skip_typescript)]
    pub fn pin_conversations_bulk(&self, requests: JsValue, options: JsValue) -> Promise {
        let prepared =
            read_bulk_options(&options).and_then(|(o, cb)| Ok((o, cb, read_signal(&options)?, source_of(&requests)?)));
        let (checked, on_progress, signal, source) = match prepared {
            Ok(p) => p,
            Err(e) => return Promise::reject(&to_js(e)),
        };
        let session = Session::new(self.inner.clone(), Some(checked));
        bulk(
            &self.js,
            session.into(),
            pin::COMMAND,
            &source,
            &signal,
            checked.concurrency,
            checked.progress_interval_ms,
            &on_progress.map_or(JsValue::UNDEFINED, JsValue::from),
        )
    }
}

#[wasm_bindgen]
impl Session {
    /// The body of one bulk item, or (thrown) the `ChatError` saying what is wrong with it.
    #[wasm_bindgen(skip_typescript)]
    pub fn body(&self, request: JsValue) -> Result<String, JsValue> {
        let read = || -> Result<String, Error> {
            let parsed = read_pin_request(&request)?;
            let operation = match field(&request, "operation") {
                Input::Missing => self.bulk.map_or(Operation::Pin, |b| b.operation),
                given => Operation::parse(given)?,
            };
            Ok(parsed.to_body(operation))
        };
        read().map_err(to_js)
    }

    /// The report's `sourceError`: the iterator threw, with what it threw as the cause.
    #[wasm_bindgen(js_name = sourceError, skip_typescript)]
    pub fn source_error(&self, cause: JsValue) -> JsValue {
        let err = Error::invalid("requests", "threw while being read; the run stopped there (see cause)");
        to_js_with_cause(err, &cause)
    }
}
