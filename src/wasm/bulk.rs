//! `pinConversationsBulk`: many pin or unpin calls, paced to a rate, a bounded number at once, pulled
//! lazily from an array, an iterable or an async iterable so memory stays flat.

use super::client::{read_pin_request, read_signal, ChatAdmin, Inner, Pacing};
use super::error::{to_js, to_js_with_cause, Failure};
use super::js::{field, get, keys, now_ms, puller, set};
use super::transport::is_aborted;
use crate::bulk::{BulkOptions, RawBulkOptions, BULK_KEYS};
use crate::error::{Error, ErrorKind};
use crate::input::Input;
use crate::options::check_keys;
use crate::pacer::Pacer;
use crate::pin::{self, Operation};
use js_sys::{Array, Function, Object, Promise, Reflect, Symbol};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// Sends are paced a little under the rate asked for: timers fire late and networks bunch packets, so
/// pacing at exactly a service's limit crosses it now and then (measured: 4 throttled in 5,000 at 1,000/s).
const PACE_MARGIN: f64 = 0.97;

/// Where the requests come from.
enum Source {
    Array(Array),
    /// `next()` of an iterator or async iterator, one item at a time (runtime.js `puller`).
    Iterator(Function),
}

#[derive(Default)]
struct Tally {
    /// Items taken from the source.
    read: u32,
    succeeded: u32,
    failed: u32,
    exhausted: bool,
    failures: Vec<JsValue>,
    not_attempted: Vec<JsValue>,
    /// What the source threw; the run stops and reports it.
    source_error: Option<JsValue>,
    last_progress_ms: f64,
}

struct Run {
    inner: Rc<Inner>,
    options: BulkOptions,
    source: Source,
    pacing: Pacing,
    signal: JsValue,
    on_progress: Option<Function>,
    tally: RefCell<Tally>,
    started_ms: f64,
}

fn item(index: u32, request: &JsValue) -> Object {
    let obj = Object::new();
    set(&obj, "index", index);
    set(&obj, "request", request.clone());
    obj
}

fn source_of(requests: &JsValue) -> Result<Source, Error> {
    if Array::is_array(requests) {
        return Ok(Source::Array(requests.clone().unchecked_into()));
    }
    for symbol in [Symbol::async_iterator(), Symbol::iterator()] {
        let method = Reflect::get(requests, &symbol).ok().and_then(|m| m.dyn_into::<Function>().ok());
        if let Some(method) = method {
            let iterator =
                method.call0(requests).map_err(|_| Error::invalid("requests", "threw when asked for an iterator"))?;
            return Ok(Source::Iterator(puller(&iterator)));
        }
    }
    Err(Error::invalid("requests", "must be an array, an iterable or an async iterable of pin requests"))
}

impl Run {
    /// The next request and its index, or `None` when the source is done (or threw).
    async fn next(&self) -> Option<(u32, JsValue)> {
        if self.tally.borrow().exhausted || is_aborted(&self.signal) {
            return None;
        }
        let value = match &self.source {
            Source::Array(array) => {
                let index = self.tally.borrow().read;
                (index < array.length()).then(|| array.get(index))
            }
            Source::Iterator(next) => {
                let step = next.call0(&JsValue::UNDEFINED).map(|p| Promise::resolve(&p));
                let result = match step {
                    Ok(p) => JsFuture::from(p).await,
                    Err(e) => Err(e),
                };
                match result {
                    Ok(r) => (get(&r, "done").as_bool() != Some(true)).then(|| get(&r, "value")),
                    Err(e) => {
                        self.tally.borrow_mut().source_error.get_or_insert(e);
                        None
                    }
                }
            }
        };
        // A value is counted even if another worker has meanwhile seen the end: it was read, so it is done.
        let mut tally = self.tally.borrow_mut();
        let Some(value) = value else {
            tally.exhausted = true;
            return None;
        };
        tally.read += 1;
        Some((tally.read - 1, value))
    }

    async fn one(&self, request: &JsValue) -> Result<(), Failure> {
        let parsed = read_pin_request(request)?;
        let operation = match field(request, "operation") {
            Input::Missing => self.options.operation,
            given => Operation::parse(given)?,
        };
        let body = parsed.to_body(operation);
        self.inner.call(pin::COMMAND, &body, &self.signal, Some(&self.pacing)).await.map(|_| ())
    }

    async fn work(&self) {
        while let Some((index, request)) = self.next().await {
            let result = self.one(&request).await;
            {
                let mut tally = self.tally.borrow_mut();
                match result {
                    Ok(()) => tally.succeeded += 1,
                    // Stopped before or while sending: pin and unpin are idempotent, so it can be sent again.
                    Err(Failure(e, _)) if e.kind == ErrorKind::Aborted => {
                        tally.not_attempted.push(item(index, &request).into())
                    }
                    Err(failure) => {
                        tally.failed += 1;
                        let entry = item(index, &request);
                        set(&entry, "error", failure.into_js());
                        tally.failures.push(entry.into());
                    }
                }
            }
            self.progress(false);
        }
    }

    fn progress(&self, last: bool) {
        let Some(callback) = &self.on_progress else { return };
        let now = now_ms();
        let snapshot = {
            let mut tally = self.tally.borrow_mut();
            if !last && now - tally.last_progress_ms < self.options.progress_interval_ms {
                return;
            }
            tally.last_progress_ms = now;
            let p = Object::new();
            set(&p, "done", tally.succeeded + tally.failed);
            set(&p, "succeeded", tally.succeeded);
            set(&p, "failed", tally.failed);
            let total = match &self.source {
                Source::Array(a) => a.length(),
                Source::Iterator(_) => tally.read,
            };
            set(&p, "total", total);
            p
        };
        // A throwing callback must not stop the run.
        let _ = callback.call1(&JsValue::UNDEFINED, &snapshot);
    }

    fn report(&self) -> JsValue {
        self.progress(true);
        let mut tally = self.tally.borrow_mut();
        let source_error = tally.source_error.take();
        let stopped = is_aborted(&self.signal) || source_error.is_some();
        // From an array, what was never read is listed too, so a stopped run resumes with exactly that list.
        if let (true, Source::Array(array)) = (stopped, &self.source) {
            for index in tally.read..array.length() {
                tally.not_attempted.push(item(index, &array.get(index)).into());
            }
        }
        let report = Object::new();
        set(&report, "total", tally.read);
        set(&report, "succeeded", tally.succeeded);
        set(&report, "failed", tally.failed);
        set(&report, "attempts", self.pacing.sent.get());
        set(&report, "stopped", stopped);
        set(&report, "nextIndex", tally.read);
        set(&report, "failures", tally.failures.iter().collect::<Array>());
        set(&report, "notAttempted", tally.not_attempted.iter().collect::<Array>());
        set(&report, "elapsedMs", now_ms() - self.started_ms);
        if let Some(cause) = source_error {
            let err = Error::invalid("requests", "threw while being read; the run stopped there (see cause)");
            set(&report, "sourceError", to_js_with_cause(err, &cause));
        }
        report.into()
    }
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
        let run = Rc::new(Run {
            inner: self.inner(),
            options: checked,
            source,
            pacing: Pacing {
                pacer: RefCell::new(Pacer::new(checked.rate_per_second * PACE_MARGIN)),
                sent: Cell::new(0),
            },
            signal,
            on_progress,
            tally: RefCell::default(),
            started_ms: now_ms(),
        });
        future_to_promise(async move {
            let workers: Array = (0..run.options.concurrency)
                .map(|_| {
                    let run = run.clone();
                    JsValue::from(future_to_promise(async move {
                        run.work().await;
                        Ok(JsValue::UNDEFINED)
                    }))
                })
                .collect();
            JsFuture::from(Promise::all(&workers)).await?;
            Ok(run.report())
        })
    }
}
