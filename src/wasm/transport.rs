//! The one module that speaks web-sys: a POST through `fetch` with an `AbortController`, the answer's body
//! read with a size limit, the caller's `AbortSignal`, and waits.
//!
//! Every wait is a `Promise.race` of what is awaited, a timer and a promise of the caller's signal aborting. Nothing
//! of ours is attached to a promise that may settle late (a fetch that ignores its signal, a provider that never
//! answers): the race's own reactions are, and the race always settles, by the timer or the signal if nothing
//! else.

use super::snapshot::name;
use crate::core::call::exchange::MAX_BODY_BYTES;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, ReadableStreamDefaultReader, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    /// The global `setTimeout` (a number in pages, a `Timeout` object in Node).
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64, argument: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
    /// `performance.now()`: milliseconds on a clock that only goes forward (the wall clock can be stepped).
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub fn now_ms() -> f64;
}

struct Tags {
    /// What a race's timer resolves with.
    timeout: JsValue,
    /// What a wait's abort promise resolves with.
    abort: JsValue,
    /// Swallows the rejection of a promise nobody waits for (a cancelled body stream's).
    ignore: Closure<dyn FnMut(JsValue)>,
}

thread_local! {
    static TAGS: RefCell<Option<Tags>> = const { RefCell::new(None) };
    /// The signals that waits are pending on, each with its one listener.
    static WATCHES: RefCell<Vec<Watch>> = const { RefCell::new(Vec::new()) };
    static NEXT_WAIT: Cell<u64> = const { Cell::new(0) };
}

fn with_tags<R>(f: impl FnOnce(&Tags) -> R) -> R {
    TAGS.with(|cell| {
        let mut tags = cell.borrow_mut();
        let tags = tags.get_or_insert_with(|| Tags {
            timeout: Object::new().into(),
            abort: Object::new().into(),
            ignore: Closure::new(|_: JsValue| {}),
        });
        f(tags)
    })
}

/// The waits pending on one signal, and the one `abort` listener that ends them all: however many calls wait on
/// a signal (a bulk run's workers), it has one listener of ours (Node warns past ten), and none once no wait is
/// pending, so a long-lived signal holds nothing of finished calls.
struct Watch {
    signal: AbortSignal,
    listener: Closure<dyn FnMut()>,
    waiters: Vec<(u64, Function)>,
}

/// The listener of `signal`: resolves every pending wait on it.
fn fire(signal: &AbortSignal) {
    let waiters = WATCHES.with(|watches| {
        let Ok(mut watches) = watches.try_borrow_mut() else { return Vec::new() };
        let key = JsValue::from(signal);
        watches
            .iter_mut()
            .find(|w| JsValue::from(&w.signal) == key)
            .map(|w| std::mem::take(&mut w.waiters))
            .unwrap_or_default()
    });
    let abort = with_tags(|tags| tags.abort.clone());
    for (_, resolve) in waiters {
        let _ = resolve.call1(&JsValue::UNDEFINED, &abort);
    }
}

/// Registers a wait on `signal` whose promise `resolve` ends it; returns the wait's id.
fn watch(signal: &AbortSignal, resolve: Function) -> u64 {
    let id = NEXT_WAIT.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    let key = JsValue::from(signal);
    let added = WATCHES.with(|watches| {
        let mut watches = watches.try_borrow_mut().ok()?;
        let watch = watches.iter_mut().find(|w| JsValue::from(&w.signal) == key)?;
        watch.waiters.push((id, resolve.clone()));
        Some(())
    });
    if added.is_none() {
        let target = signal.clone();
        let listener = Closure::<dyn FnMut()>::new(move || fire(&target));
        // A look-alike whose addEventListener throws is only ever read through `aborted`.
        let _ = signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        WATCHES.with(|watches| {
            if let Ok(mut watches) = watches.try_borrow_mut() {
                watches.push(Watch { signal: signal.clone(), listener, waiters: vec![(id, resolve)] });
            }
        });
    }
    id
}

/// Ends wait `id` on `signal`: the last one removes the signal's listener.
fn unwatch(signal: &AbortSignal, id: u64) {
    let key = JsValue::from(signal);
    let finished = WATCHES.with(|watches| {
        let mut watches = watches.try_borrow_mut().ok()?;
        let at = watches.iter().position(|w| JsValue::from(&w.signal) == key)?;
        let waiters = &mut watches.get_mut(at)?.waiters;
        waiters.retain(|(wait, _)| *wait != id);
        waiters.is_empty().then(|| watches.swap_remove(at))
    });
    if let Some(watch) = finished {
        let _ = watch.signal.remove_event_listener_with_callback("abort", watch.listener.as_ref().unchecked_ref());
    }
}

/// The caller's `AbortSignal` (or a look-alike the binding accepted), if any.
#[derive(Clone, Default)]
pub struct Signal(Option<AbortSignal>);

impl Signal {
    /// `value` must be an `AbortSignal` (checked by the caller) or `undefined`.
    pub fn new(value: JsValue) -> Signal {
        Signal((!value.is_undefined()).then(|| value.unchecked_into()))
    }

    pub fn aborted(&self) -> bool {
        self.0.as_ref().is_some_and(|s| Reflect::get(s, &name("aborted")).ok().and_then(|a| a.as_bool()) == Some(true))
    }

    /// Why it aborted (its `reason`).
    pub fn reason(&self) -> JsValue {
        self.0.as_ref().and_then(|s| Reflect::get(s, &name("reason")).ok()).unwrap_or(JsValue::UNDEFINED)
    }
}

/// Lets `promise` reject without anyone waiting for it (Node ends a process on an unhandled rejection).
pub fn quietly(promise: &Promise) {
    with_tags(|tags| {
        let _ = promise.catch(&tags.ignore);
    });
}

/// How a wait ended.
pub enum Race {
    /// What was awaited resolved with this.
    Value(JsValue),
    /// What was awaited rejected with this.
    Rejected(JsValue),
    TimedOut,
    Aborted,
}

/// A timer: a promise that resolves with the timeout tag after `ms`, cleared when dropped.
pub struct Timer {
    promise: Promise,
    handle: JsValue,
}

impl Timer {
    pub fn new(ms: f64) -> Timer {
        let timeout = with_tags(|tags| tags.timeout.clone());
        let mut handle = JsValue::UNDEFINED;
        let promise = Promise::new(&mut |resolve: Function, _| {
            handle = set_timeout(&resolve, ms.max(0.0), &timeout);
        });
        Timer { promise, handle }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.handle);
    }
}

/// Waits for `promise` (or only the timer when `None`) until `timer` fires (no limit when `None`), and no longer
/// than the signal lets it.
pub async fn race(promise: Option<&Promise>, timer: Option<&Timer>, signal: &Signal) -> Race {
    if signal.aborted() {
        // What is left unawaited must not reject unseen (Node ends a process on an unhandled rejection).
        if let Some(p) = promise {
            quietly(p);
        }
        return Race::Aborted;
    }
    let contenders = Array::new();
    if let Some(p) = promise {
        contenders.push(p);
    }
    if let Some(t) = timer {
        contenders.push(&t.promise);
    }
    let mut wait = None;
    if let Some(s) = &signal.0 {
        contenders.push(&Promise::new(&mut |resolve: Function, _| wait = Some((s, watch(s, resolve)))));
    }
    let outcome = JsFuture::from(Promise::race(&contenders)).await;
    if let Some((s, id)) = wait {
        unwatch(s, id);
    }
    with_tags(|tags| match outcome {
        Ok(v) if v == tags.timeout => Race::TimedOut,
        Ok(v) if v == tags.abort => Race::Aborted,
        Ok(v) => Race::Value(v),
        Err(e) => Race::Rejected(e),
    })
}

/// Waits `ms`; `false` when the signal aborted first.
pub async fn sleep(ms: f64, signal: &Signal) -> bool {
    matches!(race(None, Some(&Timer::new(ms)), signal).await, Race::TimedOut)
}

/// How one request ended.
pub enum Exchange {
    /// An HTTP answer and its body as text.
    Answer {
        status: u16,
        body: String,
    },
    Timeout,
    Aborted,
    /// The fetch rejected with this.
    Network(JsValue),
    /// The fetch threw this instead of returning.
    Threw(JsValue),
    /// The fetch resolved to something without a numeric status and a readable body.
    NoReply,
    /// The body was longer than `MAX_BODY_BYTES`.
    TooLarge,
}

fn start(fetch: &Function, url: &str, init: &RequestInit) -> Result<Promise, JsValue> {
    fetch.call2(&js_sys::global(), &JsValue::from_str(url), init).map(|started| Promise::resolve(&started))
}

/// POSTs `body` to `url` as JSON and reads the whole answer within `timeout_ms`; a timeout or an abort cancels
/// the fetch. `application/json` makes a browser send a CORS preflight first, so a refused cross-origin call
/// never reaches the service.
pub async fn post(fetch: &Function, url: &str, body: &str, timeout_ms: u32, signal: &Signal) -> Exchange {
    // One timer for the whole exchange: the request and the reading of its answer.
    let deadline = Timer::new(f64::from(timeout_ms));
    let controller = match AbortController::new() {
        Ok(c) => c,
        Err(e) => return Exchange::Threw(e),
    };
    let init = RequestInit::new();
    init.set_method("POST");
    // A fresh plain object for each request, as fetch wrappers expect (they spread it, or add to it).
    let headers = Object::new();
    let _ = Reflect::set(&headers, &name("content-type"), &name("application/json"));
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    init.set_signal(Some(&controller.signal()));
    let exchange = match start(fetch, url, &init) {
        Err(e) => Exchange::Threw(e),
        Ok(started) => match race(Some(&started), Some(&deadline), signal).await {
            Race::Value(response) => read(&response, &deadline, signal).await,
            Race::Rejected(e) => Exchange::Network(e),
            Race::TimedOut => Exchange::Timeout,
            Race::Aborted => Exchange::Aborted,
        },
    };
    if !matches!(exchange, Exchange::Answer { .. }) {
        controller.abort();
    }
    exchange
}

/// Reads a response's status and body, no further than `MAX_BODY_BYTES`. A `Response` of this realm that
/// declares its length within the limit is read whole by `text()`; one without a declared length is read as a
/// stream, chunk by chunk, and cancelled at the limit. Anything else that looks like a response (another fetch
/// library's) is read through its `text()`, whose length is checked before it is copied into wasm memory.
async fn read(response: &JsValue, deadline: &Timer, signal: &Signal) -> Exchange {
    let status = Reflect::get(response, &name("status")).ok().and_then(|s| s.as_f64());
    let Some(status) = status.filter(|s| (0.0..=999.0).contains(s)).map(|s| s as u16) else {
        return Exchange::NoReply;
    };
    if let Some(r) = response.dyn_ref::<Response>() {
        // A declared length is the body's on the wire: it says nothing of a compressed body's decoded size.
        let headers = r.headers();
        let encoded =
            headers.get("content-encoding").ok().flatten().is_some_and(|e| !e.trim().eq_ignore_ascii_case("identity"));
        let declared = headers.get("content-length").ok().flatten().and_then(|n| n.trim().parse::<usize>().ok());
        let declared = declared.filter(|_| !encoded);
        match (declared, r.body()) {
            (_, None) => return Exchange::Answer { status, body: String::new() },
            (Some(n), _) if n > MAX_BODY_BYTES => return Exchange::TooLarge,
            (Some(_), _) => {}
            (None, Some(stream)) => {
                return read_stream(stream.get_reader().unchecked_into(), status, deadline, signal).await
            }
        }
    }
    let text_fn = Reflect::get(response, &name("text")).ok().and_then(|t| t.dyn_into::<Function>().ok());
    let Some(Ok(started)) = text_fn.map(|f| f.call0(response)) else { return Exchange::NoReply };
    match race(Some(&Promise::resolve(&started)), Some(deadline), signal).await {
        Race::Value(t) => match t.dyn_ref::<js_sys::JsString>() {
            Some(s) if s.length() as usize > MAX_BODY_BYTES => Exchange::TooLarge,
            Some(_) => match t.as_string() {
                Some(body) if body.len() <= MAX_BODY_BYTES => Exchange::Answer { status, body },
                _ => Exchange::TooLarge,
            },
            None => Exchange::NoReply,
        },
        Race::Rejected(e) => Exchange::Network(e),
        Race::TimedOut => Exchange::Timeout,
        Race::Aborted => Exchange::Aborted,
    }
}

/// Reads a body stream of undeclared length, chunk by chunk, cancelling it past `MAX_BODY_BYTES`.
async fn read_stream(reader: ReadableStreamDefaultReader, status: u16, deadline: &Timer, signal: &Signal) -> Exchange {
    let mut bytes = Vec::new();
    loop {
        let chunk = match race(Some(&reader.read()), Some(deadline), signal).await {
            Race::Value(chunk) => chunk,
            Race::Rejected(e) => return Exchange::Network(e),
            Race::TimedOut => return Exchange::Timeout,
            Race::Aborted => return Exchange::Aborted,
        };
        if Reflect::get(&chunk, &name("done")).ok().and_then(|d| d.as_bool()) == Some(true) {
            return Exchange::Answer { status, body: text(&bytes) };
        }
        let Ok(part) = Reflect::get(&chunk, &name("value")).and_then(|v| v.dyn_into::<Uint8Array>()) else {
            return Exchange::NoReply;
        };
        if bytes.len() + part.byte_length() as usize > MAX_BODY_BYTES {
            quietly(&reader.cancel());
            return Exchange::TooLarge;
        }
        bytes.extend_from_slice(&part.to_vec());
    }
}

/// UTF-8 bytes as `Response.text()` reads them: a byte-order mark dropped, invalid sequences as U+FFFD.
fn text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}

/// What a probe of an endpoint that a page could not call found.
#[derive(Clone, Copy)]
pub enum Answers {
    /// A POST of JSON, preflighted as the call is, gets a readable answer: the server allows this origin (the call
    /// itself was dropped).
    Readable,
    /// Something answers, but not readably: the server does not allow this origin (CORS).
    Refusing,
    /// Nothing answers at all (down, the wrong port, no such host).
    Nothing,
}

/// Probes `target` (no query, no credentials), each request given `ms` (at most 5 s): first a POST of `{}` as
/// `application/json`, which a page may read only if the server lets this origin through the same preflight as
/// the call; then, if that fails, a GET in `no-cors` mode, which resolves (with an opaque answer) whenever a
/// server answers at all. In a page this tells a server that refuses the page's origin (or its preflight) from
/// one that is not there, and both from one that allows it but dropped a call. A cross-origin isolated page
/// (COEP) blocks opaque answers that lack a `Cross-Origin-Resource-Policy`, so there a failed call is taken as
/// refused.
pub async fn answers(fetch: &Function, target: &str, ms: u32, signal: &Signal) -> Answers {
    let isolated = Reflect::get(&js_sys::global(), &name("crossOriginIsolated")).ok().and_then(|v| v.as_bool());
    if probe(fetch, target, ms, signal, false).await {
        Answers::Readable
    } else if isolated == Some(true) || probe(fetch, target, ms, signal, true).await {
        Answers::Refusing
    } else {
        Answers::Nothing
    }
}

/// Whether one request to `target` resolves within `ms` (at most 5 s): a POST of `{}` as JSON (preflighted as the
/// call is), or with `opaque` a GET in `no-cors` mode.
async fn probe(fetch: &Function, target: &str, ms: u32, signal: &Signal, opaque: bool) -> bool {
    let Ok(controller) = AbortController::new() else { return false };
    let init = RequestInit::new();
    if opaque {
        init.set_method("GET");
        let _ = Reflect::set(&init, &name("mode"), &name("no-cors"));
    } else {
        init.set_method("POST");
        let headers = Object::new();
        let _ = Reflect::set(&headers, &name("content-type"), &name("application/json"));
        init.set_headers(&headers);
        init.set_body(&name("{}"));
    }
    init.set_signal(Some(&controller.signal()));
    let answered = match start(fetch, target, &init) {
        Ok(started) => {
            matches!(race(Some(&started), Some(&Timer::new(f64::from(ms.min(5000)))), signal).await, Race::Value(_))
        }
        Err(_) => false,
    };
    controller.abort();
    answered
}
