//! `ChatAdmin`: options, credentials and the call loop (send, decode, retry, re-sign).

use super::error::{not_an_object, to_js, Failure};
use super::js::{field, get, guard, input, keys, list, now_ms, now_secs, set, sleep};
use super::transport::{self, global_fetch, is_aborted};
use crate::credentials::{SigCache, GENERATED_EXPIRE};
use crate::error::{Error, ErrorKind};
use crate::options::{check_keys, Credential, Options, RawOptions, RawRetry, CLIENT_KEYS, RETRY_KEYS};
use crate::pacer::Pacer;
use crate::pin::{self, Operation, PinRequest, RawConversation, RawPinRequest};
use crate::request::{encoded, Auth, HttpRequest};
use crate::response::{self, ApiResult};
use crate::retry::Next;
use crate::usersig::{gen_user_sig, is_well_formed};
use js_sys::{Array, Function, Object, Promise};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// The admin client. Cheap to keep for the life of a process: it makes (or asks for) a UserSig once
/// and reuses it until shortly before it expires.
#[wasm_bindgen(skip_typescript)]
pub struct ChatAdmin {
    inner: Rc<Inner>,
}

pub(super) struct Inner {
    options: Options,
    fetch: Function,
    provider: Option<Function>,
    cache: RefCell<SigCache>,
    /// A `userSigProvider` call in flight, shared by the calls that wait for it.
    pending: RefCell<Option<Promise>>,
    random: RefCell<RandomPool>,
}

/// What the calls of a bulk run share: the pacer, and the count of requests sent.
pub(super) struct Pacing {
    pub pacer: RefCell<Pacer>,
    pub sent: Cell<u32>,
}

fn read_retry(v: JsValue) -> Result<RawRetry, Error> {
    Ok(if v.is_undefined() || v.as_bool() == Some(true) {
        RawRetry::Missing
    } else if v.as_bool() == Some(false) {
        RawRetry::Off
    } else if v.is_object() && !Array::is_array(&v) {
        check_keys(&keys(&v), &RETRY_KEYS, "retry.")?;
        RawRetry::Policy {
            retries: field(&v, "retries"),
            min_delay_ms: field(&v, "minDelayMs"),
            max_delay_ms: field(&v, "maxDelayMs"),
        }
    } else {
        RawRetry::Invalid(input(v).type_word())
    })
}

fn read_options(v: &JsValue) -> Result<Inner, JsValue> {
    if !v.is_object() {
        return Err(not_an_object("options", v));
    }
    check_keys(&keys(v), &CLIENT_KEYS, "").map_err(to_js)?;
    // Functions are read once: a getter could give a different answer the second time.
    let (fetch, provider) = (get(v, "fetch"), get(v, "userSigProvider"));
    let raw = RawOptions {
        sdk_app_id: field(v, "sdkAppId"),
        identifier: field(v, "identifier"),
        secret_key: field(v, "secretKey"),
        user_sig: field(v, "userSig"),
        user_sig_provider: input(provider.clone()),
        region: field(v, "region"),
        use_backup_domain: field(v, "useBackupDomain"),
        endpoint: field(v, "endpoint"),
        allow_insecure_http: field(v, "allowInsecureHttp"),
        timeout_ms: field(v, "timeoutMs"),
        fetch: input(fetch.clone()),
        retry: read_retry(get(v, "retry")).map_err(to_js)?,
    };
    let options = Options::from_raw(raw).map_err(to_js)?;
    if options.endpoint.as_str().starts_with('/') && !transport::in_page() {
        let message = "is a path, which only a page can resolve (against its origin): give a full URL here";
        return Err(to_js(Error::invalid("endpoint", message)));
    }
    let fetch = match fetch.dyn_into::<Function>() {
        Ok(f) => f,
        Err(_) => global_fetch()
            .ok_or_else(|| to_js(Error::invalid("fetch", "is required: this runtime has no global fetch")))?,
    };
    let provider = provider.dyn_into::<Function>().ok();
    Ok(Inner {
        options,
        fetch,
        provider,
        cache: RefCell::default(),
        pending: RefCell::default(),
        random: RefCell::new(RandomPool::new()),
    })
}

pub(super) fn read_pin_request(v: &JsValue) -> Result<PinRequest, Error> {
    if !v.is_object() {
        let word = if v.is_undefined() { "is required" } else { "must be an object { fromAccount, conversations }" };
        return Err(Error::invalid("request", word));
    }
    let conversation = |item: &JsValue| RawConversation {
        kind: field(item, "type"),
        to_account: field(item, "toAccount"),
        group_id: field(item, "groupId"),
    };
    PinRequest::from_raw(RawPinRequest {
        from_account: field(v, "fromAccount"),
        conversations: list(get(v, "conversations"), conversation),
    })
}

/// The `signal` of per-call options (`undefined` when none), checked to be an AbortSignal so that
/// nothing later trips over a look-alike.
pub(super) fn read_signal(options: &JsValue) -> Result<JsValue, Error> {
    if options.is_undefined() || options.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    if !options.is_object() {
        return Err(Error::invalid("options", "must be an object such as { signal }"));
    }
    let signal = get(options, "signal");
    let is_signal = signal.is_undefined()
        || (get(&signal, "aborted").as_bool().is_some()
            && get(&signal, "addEventListener").is_function()
            && get(&signal, "removeEventListener").is_function());
    if is_signal {
        Ok(signal)
    } else {
        Err(Error::invalid("signal", "must be an AbortSignal"))
    }
}

/// The JS result of a call that went through after `attempts` requests.
fn result_to_js((r, attempts): (ApiResult, u32)) -> JsValue {
    let obj = Object::new();
    set(&obj, "actionStatus", "OK");
    set(&obj, "errorCode", 0);
    set(&obj, "errorInfo", r.error_info);
    set(&obj, "errorDisplay", r.error_display);
    if let Some(id) = r.request_id {
        set(&obj, "requestId", id);
    }
    set(&obj, "attempts", attempts);
    obj.into()
}

/// Random bytes for the `random` query value, drawn 256 at a time: `crypto.getRandomValues` costs as
/// much per call as the rest of a request's preparation.
struct RandomPool {
    bytes: [u8; 256],
    used: usize,
}

impl RandomPool {
    fn new() -> Self {
        RandomPool { bytes: [0; 256], used: 256 }
    }

    fn next_u32(&mut self) -> u32 {
        if self.used + 4 > self.bytes.len() {
            // The fallback only matters where no crypto source exists; `random` need not be secret.
            if getrandom::fill(&mut self.bytes).is_err() {
                return (js_sys::Math::random() * 4_294_967_296.0) as u32;
            }
            self.used = 0;
        }
        let mut four = [0; 4];
        four.copy_from_slice(&self.bytes[self.used..self.used + 4]);
        self.used += 4;
        u32::from_le_bytes(four)
    }
}

/// Waits `ms`; false when `signal` aborted first.
async fn wait(ms: f64, signal: &JsValue) -> bool {
    JsFuture::from(sleep(ms, signal)).await.ok().and_then(|v| v.as_bool()) == Some(true)
}

/// The error of a call stopped by `signal`, with the signal's reason as its cause.
fn aborted(attempts: u32, signal: &JsValue) -> Failure {
    let mut e = Error::new(ErrorKind::Aborted, "the call was aborted by its signal");
    e.attempts = attempts;
    Failure(e, get(signal, "reason"))
}

impl Inner {
    /// A fresh-enough UserSig: the cached one, or a new one made or asked for.
    async fn user_sig(&self, attempts: u32, signal: &JsValue) -> Result<String, Failure> {
        let now = now_secs();
        if let Some(sig) = self.cache.borrow().current(now) {
            return Ok(sig.to_owned());
        }
        let sig = match &self.options.credential {
            Credential::UserSig(sig) => return Ok(sig.clone()),
            Credential::SecretKey(key) => {
                gen_user_sig(self.options.sdk_app_id, key, &self.options.identifier, GENERATED_EXPIRE, None, now)?
            }
            Credential::Provider => self.ask_provider(attempts, signal).await?,
        };
        self.cache.borrow_mut().store(sig.clone());
        Ok(sig)
    }

    /// Asks `userSigProvider`, sharing one pending answer among concurrent calls; waiting for it is
    /// bounded by `timeoutMs` and the call's signal like a request is.
    async fn ask_provider(&self, attempts: u32, signal: &JsValue) -> Result<String, Failure> {
        let shared = self.pending.borrow().clone();
        let promise = match (shared, &self.provider) {
            (Some(p), _) => p,
            (None, Some(provider)) => {
                let p = match provider.call0(&JsValue::UNDEFINED) {
                    Ok(v) => Promise::resolve(&v),
                    Err(e) => Promise::reject(&e),
                };
                *self.pending.borrow_mut() = Some(p.clone());
                p
            }
            (None, None) => return Err(Error::invalid("userSigProvider", "is required").into()),
        };
        let timeout = f64::from(self.options.timeout_ms);
        let outcome = JsFuture::from(guard(&promise, timeout, &JsValue::UNDEFINED, signal)).await.unwrap_or_default();
        // Forget the pending answer only if it is still this one (a newer ask may have replaced it).
        let mut pending = self.pending.borrow_mut();
        if pending.as_ref().is_some_and(|p| JsValue::from(p) == JsValue::from(&promise)) {
            pending.take();
        }
        drop(pending);
        let failed = |message: &str| Error::new(ErrorKind::UserSig, message);
        match get(&outcome, "fail").as_string().as_deref() {
            // White space around it (a file's newline) is trimmed; anything else foreign is refused.
            None => match get(&outcome, "ok").as_string().map(|s| s.trim().to_owned()) {
                Some(s) if is_well_formed(&s) => Ok(s),
                _ => Err(failed("userSigProvider must resolve to a UserSig string (only A-Z a-z 0-9 * - _)").into()),
            },
            Some("aborted") => Err(aborted(attempts, signal)),
            Some("timeout") => {
                Err(Error::new(ErrorKind::Timeout, "userSigProvider did not answer within timeoutMs").into())
            }
            _ => Err(Failure(failed("userSigProvider threw or rejected; see cause"), get(&outcome, "error"))),
        }
    }

    /// Sends one call with retries and at most one re-sign, and decodes the answer (with the number
    /// of requests it took). In a bulk run
    /// every attempt waits for its slot from the shared pacer, a throttling answer slows the pacer
    /// for every call, and each request is counted.
    pub(super) async fn call(
        &self,
        command: &str,
        body: &str,
        signal: &JsValue,
        pacing: Option<&Pacing>,
    ) -> Result<(ApiResult, u32), Failure> {
        let mut attempts = 0;
        let mut resigned = false;
        loop {
            if is_aborted(signal) {
                return Err(aborted(attempts, signal));
            }
            let sig = self.user_sig(attempts, signal).await.map_err(|mut f| {
                f.0.attempts = attempts;
                f
            })?;
            if let Some(p) = pacing {
                let delay = p.pacer.borrow_mut().reserve(now_ms());
                if delay > 0.0 && !wait(delay, signal).await {
                    return Err(aborted(attempts, signal));
                }
                p.sent.set(p.sent.get() + 1);
            }
            attempts += 1;
            let auth =
                Auth { sdk_app_id: self.options.sdk_app_id, identifier: &self.options.identifier, user_sig: &sig };
            let req = HttpRequest::new(
                &self.options.endpoint,
                command,
                auth,
                self.random.borrow_mut().next_u32(),
                body.to_owned(),
            );
            let key = match &self.options.credential {
                Credential::SecretKey(k) => k.as_str(),
                _ => "",
            };
            // The UserSig as it stands in the URL too, in case an error echoes the URL.
            let sig_in_url = encoded(&sig);
            let secrets = [sig.as_str(), sig_in_url.as_str(), key];
            let answer = match transport::send(&self.fetch, &req, self.options.timeout_ms, signal, &secrets).await {
                Ok(reply) => response::decode(reply.status, &reply.body, &secrets),
                Err(e) if e.kind == ErrorKind::Aborted => return Err(aborted(attempts, signal)),
                Err(e) => Err(e),
            };
            let mut err = match answer {
                Ok(result) => {
                    if let Some(p) = pacing {
                        p.pacer.borrow_mut().succeeded();
                    }
                    return Ok((result, attempts));
                }
                Err(e) => e,
            };
            let fixed_sig = matches!(self.options.credential, Credential::UserSig(_));
            match self.options.retry.next(&err, attempts, resigned, js_sys::Math::random()) {
                Next::Resign if !fixed_sig => {
                    self.cache.borrow_mut().invalidate(&sig);
                    resigned = true;
                }
                Next::RetryAfter(ms) => {
                    if let (true, Some(p)) = (err.throttled(), pacing) {
                        p.pacer.borrow_mut().throttled(now_ms(), ms);
                    }
                    if !wait(ms, signal).await {
                        return Err(aborted(attempts, signal));
                    }
                }
                _ => {
                    err.attempts = attempts;
                    return Err(err.into());
                }
            }
        }
    }
}

impl ChatAdmin {
    pub(super) fn inner(&self) -> Rc<Inner> {
        self.inner.clone()
    }

    fn top(&self, operation: Operation, request: &JsValue, call_options: &JsValue) -> Promise {
        let prepared = read_pin_request(request).and_then(|r| Ok((r, read_signal(call_options)?)));
        let (request, signal) = match prepared {
            Ok(p) => p,
            Err(e) => return Promise::reject(&to_js(e)),
        };
        let body = request.to_body(operation);
        let inner = self.inner();
        future_to_promise(async move {
            inner.call(pin::COMMAND, &body, &signal, None).await.map(result_to_js).map_err(Failure::into_js)
        })
    }
}

// The TypeScript of everything below is written by hand in `types.rs` (optional arguments and
// precise types), so wasm-bindgen's is skipped.
#[wasm_bindgen]
impl ChatAdmin {
    /// Checks the options and keeps them; throws a `ChatError` of kind `invalid-request` on bad ones.
    #[wasm_bindgen(constructor, skip_typescript)]
    pub fn new(options: JsValue) -> Result<ChatAdmin, JsValue> {
        Ok(ChatAdmin { inner: Rc::new(read_options(&options)?) })
    }

    /// Pins conversations to the top of `fromAccount`'s conversation list.
    #[wasm_bindgen(js_name = pinConversations, skip_typescript)]
    pub fn pin_conversations(&self, request: JsValue, options: JsValue) -> Promise {
        self.top(Operation::Pin, &request, &options)
    }

    /// Unpins conversations in `fromAccount`'s conversation list.
    #[wasm_bindgen(js_name = unpinConversations, skip_typescript)]
    pub fn unpin_conversations(&self, request: JsValue, options: JsValue) -> Promise {
        self.top(Operation::Unpin, &request, &options)
    }
}

/// One call without keeping a client: `operation` is `'pin'` (default) or `'unpin'`.
#[wasm_bindgen(js_name = pinConversations, skip_typescript)]
pub fn pin_conversations_once(options: JsValue, request: JsValue, call_options: JsValue) -> Promise {
    let admin = match ChatAdmin::new(options) {
        Ok(admin) => admin,
        Err(e) => return Promise::reject(&e),
    };
    match Operation::parse(field(&request, "operation")) {
        Ok(op) => admin.top(op, &request, &call_options),
        Err(e) => Promise::reject(&to_js(e)),
    }
}
