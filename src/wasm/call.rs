//! One call: the loop that sends a request, waits, and asks the core what the answer means and what to do
//! next (`crate::core::call::exchange`, `crate::core::call::retry`, `crate::core::call::pacer`, `crate::core::call::credentials`). All of a call's state
//! lives here, in Rust; the transport does the sending and the waiting.

use super::error::{aborted, scrubbed, Failure};
use super::pace::Pace;
use super::snapshot::get;
use super::transport::{self, Answers, Exchange, Race, Signal, Timer};
use crate::core::call::credentials::{check_decodes, check_fixed, SigCache, GENERATED_EXPIRE};
use crate::core::call::exchange::{interpret, next_step, repeat_allowed, Outcome, Step, Verdict};
use crate::core::call::options::{Credential, Options};
use crate::core::error::{Error, ErrorKind};
use crate::core::usersig::gen_user_sig;
use crate::core::wire::request::{encoded, Auth, HttpRequest};
use crate::core::wire::response::ApiResult;
use js_sys::{Function, Promise};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// What the calls of one `ChatAdmin` share: the options, the fetch, the UserSig in use and the provider's
/// pending answer.
pub struct Client {
    pub options: Options,
    pub fetch: Function,
    pub provider: Option<Function>,
    pub cache: RefCell<SigCache>,
    /// The `userSigProvider`'s answer being waited for, shared by the calls that need it.
    pending: RefCell<Option<Promise>>,
}

/// What a call was given besides its request: the caller's signal and `onRetry` hook (read by
/// `client::read_call_options`).
#[derive(Clone, Default)]
pub struct CallOptions {
    pub signal: Signal,
    /// Called before each retry's wait with `{ attempt, error, delayMs }`, and before a re-sign (delay 0).
    pub on_retry: Option<Function>,
    /// The request must not be repeated once it may have been applied (`crate::core::methods::run::Run::once`).
    pub once: bool,
    /// What the error says after "not retried" (`crate::core::methods::run::Run::advice`).
    pub advice: &'static str,
    /// `request()` only: the caller's word on whether its request is safe to repeat.
    pub idempotent: Option<bool>,
}

impl CallOptions {
    pub fn with_signal(signal: Signal) -> CallOptions {
        CallOptions { signal, ..CallOptions::default() }
    }
}

impl Client {
    pub fn new(options: Options, fetch: Function, provider: Option<Function>) -> Client {
        Client { options, fetch, provider, cache: RefCell::default(), pending: RefCell::default() }
    }

    /// The UserSig to send: the cached one, the fixed one, or a new one made from the key; `None` when the
    /// `userSigProvider` must be asked.
    fn sig(&self) -> Result<Option<String>, Error> {
        let now = now_secs();
        let mut cache = self.cache.borrow_mut();
        if let Some(sig) = cache.current(now) {
            return Ok(Some(sig.to_owned()));
        }
        let o = &self.options;
        let sig = match &o.credential {
            Credential::UserSig(sig) => {
                check_fixed(sig, now)?;
                return Ok(Some(sig.clone()));
            }
            Credential::SecretKey(key) => gen_user_sig(o.sdk_app_id, key, &o.identifier, GENERATED_EXPIRE, None, now)?,
            Credential::Provider => return Ok(None),
        };
        cache.store(sig.clone());
        Ok(Some(sig))
    }

    /// The provider's answer: asked once however many calls wait, each wait bounded by the timeout and the
    /// caller's signal. The shared answer is forgotten once it has settled, so that a later call asks anew.
    async fn provided(&self, signal: &Signal) -> Result<String, Failure> {
        let reused = self.pending.borrow().clone();
        let pending = match reused {
            Some(p) => {
                // Already settled with a rejection while nobody waited (every caller gave up): asked anew, once,
                // by the first caller to find it so; the others join that new answer.
                let probe = transport::race(Some(&p), Some(&Timer::new(0.0)), &Signal::default()).await;
                if matches!(probe, Race::Rejected(_)) {
                    self.forget(&p);
                    let current = self.pending.borrow().clone();
                    current.unwrap_or_else(|| self.ask())
                } else {
                    p
                }
            }
            None => self.ask(),
        };
        let timeout_ms = self.options.timeout_ms;
        let outcome = transport::race(Some(&pending), Some(&Timer::new(f64::from(timeout_ms))), signal).await;
        if !matches!(outcome, Race::Aborted) {
            self.forget(&pending);
        }
        let failed = |message: &str| Error::new(ErrorKind::UserSig, message);
        match outcome {
            // White space around it (a file's newline) is trimmed; a string that does not decode as a UserSig is
            // refused (70003) before it is sent.
            Race::Value(v) => match v.as_string().map(|s| s.trim().to_owned()) {
                Some(sig) => {
                    check_decodes("userSigProvider", &sig)?;
                    self.cache.borrow_mut().store(sig.clone());
                    Ok(sig)
                }
                None => Err(failed("userSigProvider must resolve to a UserSig string").into()),
            },
            Race::Rejected(e) => Err(Failure::with_cause(failed("userSigProvider threw or rejected; see cause"), e)),
            Race::TimedOut => {
                Err(Error::new(ErrorKind::Timeout, "userSigProvider did not answer within timeoutMs").into())
            }
            Race::Aborted => Err(aborted(0, signal.reason())),
        }
    }

    /// Calls the provider and keeps its (promised) answer for the calls that come meanwhile.
    fn ask(&self) -> Promise {
        let answer = match &self.provider {
            Some(provider) => match provider.call0(&JsValue::UNDEFINED) {
                Ok(v) => Promise::resolve(&v),
                Err(e) => Promise::reject(&e),
            },
            None => Promise::reject(&JsValue::from_str("no userSigProvider")),
        };
        *self.pending.borrow_mut() = Some(answer.clone());
        answer
    }

    fn forget(&self, answer: &Promise) {
        let mut pending = self.pending.borrow_mut();
        if pending.as_ref().is_some_and(|p| JsValue::from(p) == JsValue::from(answer)) {
            *pending = None;
        }
    }

    /// Sends `body` to `command` until it goes through or the retry policy gives up, at most one re-sign
    /// included. A bulk run's `pace` spaces the requests and counts them. An aborted call says whether any of
    /// its requests may have been applied (`Failure::not_applied`).
    pub async fn call(
        &self,
        command: &str,
        body: &str,
        call: &CallOptions,
        pace: Option<&Pace>,
    ) -> Result<(ApiResult, u32), Failure> {
        let o = &self.options;
        let signal = &call.signal;
        let target = [o.endpoint.as_str(), "/v4/", command].concat();
        let fixed_sig = matches!(o.credential, Credential::UserSig(_));
        let key = match &o.credential {
            Credential::SecretKey(k) => k.as_str(),
            _ => "",
        };
        let mut attempts = 0;
        let mut resigned = false;
        // Whether a request sent may have been applied: one was, and its answer did not refuse it.
        let mut applied = false;
        // In a page, what a probe found after a call failed cross-origin: probed once per call.
        let mut probed = None;
        loop {
            if signal.aborted() {
                return Err(aborted(attempts, signal.reason()).unapplied(!applied));
            }
            let sig = match self.sig().map_err(|e| Failure::from(e).after(attempts))? {
                Some(sig) => sig,
                None => self.provided(signal).await.map_err(|f| f.after(attempts).unapplied(!applied))?,
            };
            let paced = match pace {
                Some(pace) => match pace.turn(signal).await {
                    Some(slot) => Some((pace, slot)),
                    None => return Err(aborted(attempts, signal.reason()).unapplied(!applied)),
                },
                None => None,
            };
            attempts += 1;
            let auth = Auth { sdk_app_id: o.sdk_app_id, identifier: &o.identifier, user_sig: &sig };
            let url = HttpRequest::new(&o.endpoint, command, auth, random_u32(), String::new()).url;
            let exchange = transport::post(&self.fetch, &url, body, o.timeout_ms, signal).await;
            let sig_in_url = encoded(&sig);
            let secrets = [sig.as_str(), sig_in_url.as_str(), key];
            // What the fetch rejected with or threw, scrubbed, becomes the error's `cause`.
            let (said, cause) = match &exchange {
                Exchange::Network(e) | Exchange::Threw(e) => (describe(e), scrubbed(e, &secrets)),
                _ => (String::new(), JsValue::UNDEFINED),
            };
            let outcome = match exchange {
                Exchange::Answer { status, ref body } => Outcome::Reply { status, body },
                Exchange::Timeout => Outcome::Timeout,
                Exchange::Aborted => return Err(aborted(attempts, signal.reason())),
                Exchange::Network(_) if cross_origin(&url) => {
                    let answers = match probed {
                        Some(answers) => answers,
                        None => transport::answers(&self.fetch, &target, o.timeout_ms, signal).await,
                    };
                    if signal.aborted() {
                        return Err(aborted(attempts, signal.reason()));
                    }
                    probed = Some(answers);
                    match answers {
                        Answers::Readable => Outcome::Network(&said),
                        Answers::Refusing => Outcome::Cors(&said),
                        Answers::Nothing => Outcome::Unreachable(&said),
                    }
                }
                Exchange::Network(_) => Outcome::Network(&said),
                Exchange::Threw(_) => Outcome::Threw(&said),
                Exchange::NoReply => Outcome::NoReply,
                Exchange::TooLarge => Outcome::TooLarge,
            };
            let result = interpret(outcome, &target, o.timeout_ms, &secrets);
            // The pacing hears what came back whatever follows: a throttled last attempt cuts the rate too.
            let verdict = Verdict::of(&result);
            if let Some((pace, slot)) = paced {
                pace.heard(slot, verdict);
            }
            applied |= verdict.may_have_applied();
            // The error is kept when a retry may need it: for `onRetry`, or to give up on a call not safe to repeat.
            let keep = call.on_retry.is_some() || call.once;
            let failed = result.as_ref().err().filter(|_| keep).cloned();
            match next_step(&o.retry, fixed_sig, result, attempts, resigned, random_fraction()) {
                Step::Done(r) => return Ok((r, attempts)),
                Step::Wait { .. } if !repeat_allowed(call.once, verdict) => {
                    let mut e = failed.unwrap_or_else(|| Error::new(ErrorKind::Network, "the call failed"));
                    let said =
                        [" (not retried: it may have been applied, and a repeat may not be harmless", call.advice, ")"];
                    e.message.push_str(&said.concat());
                    return Err(Failure::with_cause(e, cause).after(attempts));
                }
                Step::Wait { ms } => {
                    if let (Some(hook), Some(error)) = (&call.on_retry, failed) {
                        let failure = Failure::with_cause(error, cause).after(attempts);
                        notify_retry(hook, failure, attempts, ms)?;
                    }
                    if !transport::sleep(ms, signal).await {
                        return Err(aborted(attempts, signal.reason()).unapplied(!applied));
                    }
                }
                Step::Resign => {
                    self.cache.borrow_mut().invalidate(&sig);
                    resigned = true;
                    if let (Some(hook), Some(error)) = (&call.on_retry, failed) {
                        notify_retry(hook, Failure::with_cause(error, cause).after(attempts), attempts, 0.0)?;
                    }
                }
                Step::Fail(e) => return Err(Failure::with_cause(e, cause)),
            }
        }
    }
}

/// Calls `onRetry` with `{ attempt, error, delayMs }` before a retry's wait: `attempt` is the number of the
/// attempt that failed with `error` (a ChatError), the retry waits `delayMs` (0 for a re-sign after 70001). Its return value is not awaited
/// (a returned promise that rejects is ignored); if it throws, the call stops there and rejects with the failed
/// attempt's error, the thrown value as its `cause`.
fn notify_retry(hook: &Function, failure: Failure, attempt: u32, delay_ms: f64) -> Result<(), Failure> {
    let mut error = failure.error.clone();
    let info = js_sys::Object::new();
    let set = |key, value: &JsValue| js_sys::Reflect::set(&info, &super::snapshot::name(key), value);
    let _ = set("attempt", &JsValue::from(attempt));
    let _ = set("error", &failure.into_js());
    let _ = set("delayMs", &JsValue::from((delay_ms + 0.5).floor()));
    match hook.call1(&JsValue::UNDEFINED, &info) {
        Ok(returned) => {
            transport::quietly(&Promise::resolve(&returned));
            Ok(())
        }
        Err(thrown) => {
            error.message.push_str(" (then onRetry threw, which stopped the call before its retry: see cause)");
            Err(Failure::with_cause(error, thrown).after(attempt))
        }
    }
}

/// The current Unix time in seconds.
pub fn now_secs() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

thread_local! {
    /// Random bytes from the platform's CSPRNG, taken a batch at a time: each batch is one call into JS
    /// (`crypto.getRandomValues`), which costs more than the few bytes a call uses.
    static RANDOM: RefCell<([u8; 256], usize)> = const { RefCell::new(([0; 256], 256)) };
}

/// A fresh random `u32` (the request's `random`, which the service asks to differ per request; and the retry
/// jitter). Where no CSPRNG is available (one always is in Node 20 and pages) the value is 0, which the service
/// accepts.
fn random_u32() -> u32 {
    RANDOM.with(|pool| {
        let mut pool = pool.borrow_mut();
        let (bytes, used) = &mut *pool;
        if *used + 4 > bytes.len() {
            if getrandom::fill(bytes).is_err() {
                return 0;
            }
            *used = 0;
        }
        let word = bytes.get(*used..*used + 4).and_then(|word| <[u8; 4]>::try_from(word).ok()).unwrap_or_default();
        *used += 4;
        u32::from_le_bytes(word)
    })
}

/// A random number in `[0, 1)`, for the retry jitter.
fn random_fraction() -> f64 {
    f64::from(random_u32()) / 4_294_967_296.0
}

/// What a JS error says (`name: message`, and its cause's code such as ECONNREFUSED).
fn describe(error: &JsValue) -> String {
    let text = |v: JsValue| v.as_string();
    let name = text(get(error, "name")).unwrap_or_default();
    let message = text(get(error, "message")).or_else(|| error.as_string()).unwrap_or_default();
    let cause = get(error, "cause");
    match text(get(&cause, "code")).or_else(|| text(get(&cause, "message"))) {
        Some(code) => [&name, ": ", &message, " (", &code, ")"].concat(),
        None => [&name, ": ", &message].concat(),
    }
}

/// Whether a page would treat a call to `url` as cross-origin (never outside a page).
fn cross_origin(url: &str) -> bool {
    let Some(origin) = get(&get(&js_sys::global(), "location"), "origin").as_string() else { return false };
    if url.starts_with('/') && !url.starts_with("//") {
        return false;
    }
    match url.strip_prefix(origin.as_str()) {
        Some(rest) => !(rest.is_empty() || rest.starts_with('/')),
        None => true,
    }
}

/// In a page (or a worker), where a path is resolved against an origin: its `location.protocol` and
/// `location.hostname`.
pub fn page_location() -> Option<(String, String)> {
    let location = get(&js_sys::global(), "location");
    get(&location, "origin").as_string()?;
    Some((get(&location, "protocol").as_string()?, get(&location, "hostname").as_string()?))
}
