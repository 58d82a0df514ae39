//! `pinConversationsBulk`: many pin or unpin calls, paced to a rate, a bounded number at once, pulled lazily
//! from an array, an iterable or an async iterable so memory stays flat. The run's state lives here; each
//! item is a call as in `call.rs`, sharing the run's pacing. `onResult` hears of each item as it ends.

use super::call::{CallOptions, Client};
use super::client::{check_signal, promise, read_pin_request, ChatAdmin};
use super::error::{to_js, Failure};
use super::snapshot::{get, is_array, name, Snapshot};
use super::transport::{self, now_ms, race, Race, Signal};
use crate::core::call::bulk::BulkOptions;
use crate::core::call::pacing::Pace;
use crate::core::call::run::{Envelope, Run as Calls};
use crate::core::call::tally::{Item, Pulled, Status, Tally, Total};
use crate::core::error::{Error, ErrorKind};
use crate::core::input::Input;
use crate::core::methods::pin::{self, Operation};
use js_sys::{Array, Function, Promise, Reflect, Symbol};
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Sends are paced a little under the rate asked for: timers fire late and networks bunch packets, so
/// pacing at exactly a service's limit crosses it now and then (measured: 4 throttled in 5,000 at 1,000/s).
const PACE_MARGIN: f64 = 0.97;

/// Where the requests come from.
enum Source {
    Array(JsValue),
    /// An iterator (sync or async) and its `next` method.
    Iterator(JsValue, Function),
}

/// The source of a run: the array itself, or an iterator from `Symbol.asyncIterator` or `Symbol.iterator`.
fn source_of(requests: &JsValue) -> Result<Source, Error> {
    if is_array(requests) {
        return Ok(Source::Array(requests.clone()));
    }
    for symbol in [Symbol::async_iterator(), Symbol::iterator()] {
        let method = Reflect::get(requests, &symbol).ok().and_then(|m| m.dyn_into::<Function>().ok());
        if let Some(method) = method {
            let iterator =
                method.call0(requests).map_err(|_| Error::invalid("requests", "threw when asked for an iterator"))?;
            let next = get(&iterator, "next")
                .dyn_into::<Function>()
                .map_err(|_| Error::invalid("requests", "gave an iterator without a next() method"))?;
            return Ok(Source::Iterator(iterator, next));
        }
    }
    Err(Error::invalid("requests", "must be an array, an iterable or an async iterable of pin requests"))
}

/// `total` says how many items an iterable will give; an array's is its length, which `total` may only repeat.
fn check_total(source: &Source, total: Option<f64>) -> Result<(), Error> {
    let (Source::Array(array), Some(total)) = (source, total) else { return Ok(()) };
    let length = get(array, "length").as_f64().unwrap_or(0.0);
    if total == length {
        return Ok(());
    }
    let message =
        ["is for iterables; an array's total is its length (", &(length as u32).to_string(), "): leave it out"];
    Err(Error::invalid("total", message.concat()))
}

/// The options that are JS values: the two callbacks and the signal.
#[derive(Default)]
pub(super) struct Hooks {
    on_progress: Option<Function>,
    on_result: Option<Function>,
    pub(super) signal: Signal,
}

fn read_bulk_options(options: &JsValue) -> Result<(BulkOptions, Hooks), Error> {
    if options.is_undefined() || options.is_null() {
        return Ok((BulkOptions::read(None)?, Hooks::default()));
    }
    check_options_object(options)?;
    let snapshot = Snapshot::of(options);
    let checked = BulkOptions::read(snapshot.tree("options")?)?;
    Ok((checked, hooks(&snapshot)?))
}

/// Bulk options must be an object (when given).
pub(super) fn check_options_object(options: &JsValue) -> Result<(), Error> {
    if !options.is_object() || is_array(options) {
        return Err(Error::invalid("options", "must be an object such as { ratePerSecond, signal }"));
    }
    Ok(())
}

/// The options that are JS values, once the core checked the options: each read once, an object or function as
/// given (the core checked that the callbacks are functions).
pub(super) fn hooks(snapshot: &Snapshot) -> Result<Hooks, Error> {
    let signal = check_signal(snapshot.given("signal"))?;
    let on_result = snapshot.kept("onResult").dyn_into::<Function>().ok();
    // `onResult` is not awaited: an async one would go on after its worker took the next item.
    let kind = on_result.as_ref().and_then(|f| get(&get(f, "constructor"), "name").as_string());
    if kind.is_some_and(|kind| kind.starts_with("Async")) {
        return Err(Error::invalid("onResult", "must be synchronous, not async: it is not awaited"));
    }
    Ok(Hooks { on_progress: snapshot.kept("onProgress").dyn_into::<Function>().ok(), on_result, signal })
}

/// Lets one worker at a time ask the iterator for its next item: an iterator need not cope with overlapping
/// calls.
#[derive(Default)]
struct Gate {
    busy: Cell<bool>,
    waiting: RefCell<VecDeque<Function>>,
}

impl Gate {
    async fn enter(&self) {
        if !self.busy.replace(true) {
            return;
        }
        let turn = Promise::new(&mut |resolve: Function, _| self.waiting.borrow_mut().push_back(resolve));
        let _ = JsFuture::from(turn).await;
    }

    fn leave(&self) {
        let next = self.waiting.borrow_mut().pop_front();
        match next {
            // The turn passes on; the gate stays busy.
            Some(resolve) => {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
            None => self.busy.set(false),
        }
    }
}

/// One item of the input, as the report lists it.
#[derive(Serialize)]
struct Listed {
    index: u32,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    request: JsValue,
    #[serde(skip_serializing_if = "JsValue::is_undefined", with = "serde_wasm_bindgen::preserve")]
    error: JsValue,
}

impl Listed {
    fn of(item: Item<JsValue>, error: JsValue) -> Listed {
        Listed { index: item.index, request: item.request, error }
    }
}

/// What `onResult` is told of an item as it ends.
#[derive(Serialize)]
struct Told {
    index: u32,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    request: JsValue,
    status: &'static str,
    #[serde(skip_serializing_if = "JsValue::is_undefined", with = "serde_wasm_bindgen::preserve")]
    error: JsValue,
}

#[derive(Serialize)]
struct ProgressInfo {
    done: u32,
    succeeded: u32,
    failed: u32,
    total: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    total: u32,
    succeeded: u32,
    failed: u32,
    attempts: u32,
    stopped: bool,
    next_index: u32,
    failures: Vec<Listed>,
    not_attempted: Vec<Listed>,
    in_flight: Vec<Listed>,
    elapsed_ms: f64,
    #[serde(skip_serializing_if = "JsValue::is_undefined", with = "serde_wasm_bindgen::preserve")]
    source_error: JsValue,
    #[serde(skip_serializing_if = "JsValue::is_undefined", with = "serde_wasm_bindgen::preserve")]
    progress_error: JsValue,
    #[serde(skip_serializing_if = "JsValue::is_undefined", with = "serde_wasm_bindgen::preserve")]
    result_error: JsValue,
}

struct Run {
    client: Rc<Client>,
    source: Source,
    signal: Signal,
    options: BulkOptions,
    on_progress: Option<Function>,
    on_result: Option<Function>,
    pace: RefCell<Pace>,
    gate: Gate,
    tally: RefCell<Tally<JsValue>>,
    started_at: f64,
}

impl Run {
    fn stopped(&self) -> bool {
        self.tally.borrow().stopped(self.signal.aborted())
    }

    /// The next request and its index, or `None` when the source is done, threw, or the run was stopped.
    async fn next(&self) -> Option<Item<JsValue>> {
        if self.stopped() {
            return None;
        }
        let pulled = match &self.source {
            Source::Array(array) => {
                let index = self.tally.borrow().read;
                let length = get(array, "length").as_f64().unwrap_or(0.0);
                if f64::from(index) < length {
                    Reflect::get_u32(array, index).map(Some)
                } else {
                    Ok(None)
                }
            }
            Source::Iterator(iterator, next) => {
                self.gate.enter().await;
                let pulled = if self.stopped() { Ok(None) } else { pull(iterator, next, &self.signal).await };
                self.gate.leave();
                pulled
            }
        };
        // The run may have been stopped (by `onResult` or `onProgress`) while an iterator was giving this item: it
        // is not sent, and is told and listed as not attempted.
        let pulled = self.tally.borrow_mut().pulled(pulled, self.signal.aborted());
        match pulled {
            Pulled::Send(item) => Some(item),
            Pulled::Skip(item) => {
                self.tell(&item, Status::NotAttempted, &JsValue::UNDEFINED);
                self.tally.borrow_mut().record(item, Status::NotAttempted, None);
                None
            }
            Pulled::End => None,
        }
    }

    /// The body of one item, or the error saying what is wrong with it.
    fn body(&self, request: &JsValue) -> Result<String, Error> {
        let (parsed, operation) = read_pin_request(request)?;
        let operation = match operation {
            Input::Missing => self.options.operation,
            given => Operation::parse(given)?,
        };
        parsed.to_body(operation)
    }

    /// Calls `onProgress` (at most every `progressIntervalMs`, unless `last`). An async one is waited for, by this
    /// worker only and no longer than the signal lets it. What it throws or rejects with stops the run (and it is
    /// not called again).
    async fn progress(&self, last: bool) {
        let Some(on_progress) = &self.on_progress else { return };
        let total = match (&self.source, self.options.total) {
            (Source::Array(array), _) => Total::Length(get(array, "length").as_f64().unwrap_or(0.0)),
            (Source::Iterator(..), Some(total)) => Total::Given(total),
            (Source::Iterator(..), None) => Total::Unknown,
        };
        let due = self.tally.borrow_mut().progress(now_ms(), self.options.progress_interval_ms, last, total);
        let Some(p) = due else { return };
        let info = ProgressInfo { done: p.done, succeeded: p.succeeded, failed: p.failed, total: p.total };
        let Ok(progress) = serde_wasm_bindgen::to_value(&info) else { return };
        let outcome = match on_progress.call1(&JsValue::UNDEFINED, &progress) {
            Ok(returned) if returned.is_object() => race(Some(&Promise::resolve(&returned)), None, &self.signal).await,
            Ok(_) => return,
            Err(thrown) => Race::Rejected(thrown),
        };
        if let Race::Rejected(error) = outcome {
            self.tally.borrow_mut().stops.progress.get_or_insert(error);
        }
    }

    /// Tells `onResult` how `item` ended: `{ index, request, status, error? }`, synchronously, before the worker
    /// takes another item. What it throws stops the run, and so does a promise it returns (it is not awaited: what
    /// an async one does would come after the worker moved on); either way it is not called again.
    fn tell(&self, item: &Item<JsValue>, status: Status, error: &JsValue) {
        let Some(on_result) = &self.on_result else { return };
        if self.tally.borrow().stops.result.is_some() {
            return;
        }
        let told =
            Told { index: item.index, request: item.request.clone(), status: status.as_str(), error: error.clone() };
        let Ok(result) = serde_wasm_bindgen::to_value(&told) else { return };
        let stop = match on_result.call1(&JsValue::UNDEFINED, &result) {
            Ok(returned) if get(&returned, "then").is_function() => {
                transport::quietly(&Promise::resolve(&returned));
                (returned, "returned a promise, which is not awaited: it must be synchronous; the run stopped there (see cause)")
            }
            Ok(_) => return,
            Err(thrown) => (thrown, "threw; the run stopped there (see cause)"),
        };
        self.tally.borrow_mut().stops.result = Some(stop);
    }

    fn report(&self) -> Result<JsValue, Failure> {
        let stopped = self.tally.borrow().cut_short(self.signal.aborted());
        let mut t = self.tally.borrow_mut();
        // From an array, what was never read is listed too, so that a stopped run resumes with exactly that list.
        if let (true, Source::Array(array)) = (stopped, &self.source) {
            let length = get(array, "length").as_f64().unwrap_or(0.0) as u32;
            for index in t.read..length {
                let request = Reflect::get_u32(array, index).unwrap_or(JsValue::UNDEFINED);
                t.not_attempted.push(Item { index, request });
            }
        }
        let stop = |cause: Option<JsValue>, field, message| match cause {
            Some(cause) => Failure::with_cause(Error::invalid(field, message), cause).into_js(),
            None => JsValue::UNDEFINED,
        };
        let source_error =
            stop(t.stops.source.take(), "requests", "threw while being read; the run stopped there (see cause)");
        let progress_error =
            stop(t.stops.progress.take(), "onProgress", "threw or rejected; the run stopped there (see cause)");
        let (cause, message) = t.stops.result.take().unzip();
        let result_error = stop(cause, "onResult", message.unwrap_or_default());
        let listed = |items: Vec<Item<JsValue>>| items.into_iter().map(|i| Listed::of(i, JsValue::UNDEFINED)).collect();
        let report = Report {
            total: t.read,
            succeeded: t.succeeded,
            failed: t.failed,
            attempts: self.pace.borrow().sent,
            stopped,
            next_index: t.read,
            failures: std::mem::take(&mut t.failures).into_iter().map(|(i, e)| Listed::of(i, e)).collect(),
            not_attempted: listed(std::mem::take(&mut t.not_attempted)),
            in_flight: listed(std::mem::take(&mut t.in_flight)),
            elapsed_ms: (now_ms() - self.started_at).round(),
            source_error,
            progress_error,
            result_error,
        };
        serde_wasm_bindgen::to_value(&report)
            .map_err(|_| Error::new(ErrorKind::Decode, "the report could not be built").into())
    }
}

/// One item from an iterator: `Some(value)`, `None` at its end, or what it threw.
/// An iterator stuck in `next()` does not hold up a stopped run: the wait ends when the signal aborts.
async fn pull(iterator: &JsValue, next: &Function, signal: &Signal) -> Result<Option<JsValue>, JsValue> {
    let step = next.call0(iterator)?;
    let step = match race(Some(&Promise::resolve(&step)), None, signal).await {
        Race::Value(step) => step,
        Race::Rejected(thrown) => return Err(thrown),
        Race::TimedOut | Race::Aborted => return Ok(None),
    };
    if Reflect::get(&step, &name("done"))?.as_bool() == Some(true) {
        return Ok(None);
    }
    Reflect::get(&step, &name("value")).map(Some)
}

/// One worker: takes items until there are none, sends each through the call engine, tells `onResult` and
/// tallies the outcome.
async fn work(run: Rc<Run>) {
    while let Some(item) = run.next().await {
        let outcome = match run.body(&item.request) {
            Ok(body) => {
                let call = CallOptions::with_signal(run.signal.clone());
                run.client.run(Calls::one(pin::COMMAND, body, Envelope), &call, Some(&run.pace)).await.map(drop)
            }
            Err(e) => Err(e.into()),
        };
        let status = Status::of(outcome.as_ref().map_err(|f| (&f.error, f.not_applied)).copied());
        let error = match (status, outcome) {
            (Status::Failed, Err(f)) => f.into_js(),
            _ => JsValue::UNDEFINED,
        };
        run.tell(&item, status, &error);
        run.tally.borrow_mut().record(item, status, Some(error));
        run.progress(false).await;
    }
}

#[wasm_bindgen]
impl ChatAdmin {
    /// Pins (or unpins) for many users: paced to `ratePerSecond`, `concurrency` calls at once, each
    /// retried as a single call would be. Resolves with a report; rejects only for bad arguments.
    #[wasm_bindgen(js_name = pinConversationsBulk, skip_typescript)]
    pub fn pin_conversations_bulk(&self, requests: JsValue, options: JsValue) -> Promise {
        let prepared = read_bulk_options(&options).and_then(|o| {
            let source = source_of(&requests)?;
            check_total(&source, o.0.total)?;
            Ok((o, source))
        });
        let ((checked, hooks), source) = match prepared {
            Ok(p) => p,
            Err(e) => return Promise::reject(&to_js(e)),
        };
        let run = Rc::new(Run {
            client: self.client.clone(),
            source,
            signal: hooks.signal,
            options: checked,
            on_progress: hooks.on_progress,
            on_result: hooks.on_result,
            pace: RefCell::new(Pace::new(checked.rate_per_second * PACE_MARGIN)),
            gate: Gate::default(),
            tally: RefCell::new(Tally::new(checked.keep_failures)),
            started_at: now_ms(),
        });
        promise(async move {
            let workers: Array = (0..checked.concurrency)
                .map(|_| {
                    let run = run.clone();
                    promise(async move {
                        work(run).await;
                        Ok(JsValue::UNDEFINED)
                    })
                })
                .collect();
            // Workers catch what a call fails with, so this always resolves.
            let _ = JsFuture::from(Promise::all(&workers)).await;
            run.progress(true).await;
            run.report()
        })
    }
}
