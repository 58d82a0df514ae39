//! The driver of the call engine (`crate::core::call::engine`): one loop that performs the engine's actions with
//! the transport (fetch, timers, the probe), the UserSig cache and provider, the pacing's waits and `onRetry`, and
//! feeds back what came of each. All of a call's state and every decision live in the engine.

use super::error::{aborted, scrubbed, Failure};
use super::pace::turn;
use super::snapshot::get;
use super::transport::{self, Answers, Exchange, Race, Signal, Timer};
use crate::core::call::credentials::{check_decodes, check_fixed, SigCache, GENERATED_EXPIRE};
use crate::core::call::engine::{Action, Done, Engine, Event, Probed, Setup};
use crate::core::call::exchange::Outcome;
use crate::core::call::options::{Credential, Options};
use crate::core::call::pacing::Pace;
use crate::core::call::run::Run;
use crate::core::error::{Error, ErrorKind};
use crate::core::usersig::gen_user_sig;
use crate::core::wire::request::encoded;
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
    /// In a page, whether the endpoint is of another origin (a network failure is then probed).
    cross_origin: bool,
}

/// What a call was given besides its request: the caller's signal and `onRetry` hook (read by
/// `client::read_call_options`).
#[derive(Clone, Default)]
pub struct CallOptions {
    pub signal: Signal,
    /// Called before each retry's wait with `{ attempt, error, delayMs }`, and before a re-sign (delay 0).
    pub on_retry: Option<Function>,
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
        let cross_origin = cross_origin(options.endpoint.as_str());
        Client { options, fetch, provider, cache: RefCell::default(), pending: RefCell::default(), cross_origin }
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

    /// Sends the requests of `run` through the call engine (`crate::core::call::engine`), performing each action
    /// it asks for and feeding back what came of it. A paced run (`pace`) waits for the pacing's slots and tells it
    /// what came back. The engine decides everything; this loop keeps only the JS value that would be a failure's
    /// `cause` (what a fetch rejected with, the provider's rejection, the signal's reason, what `onRetry` threw).
    pub async fn run(&self, run: Run, call: &CallOptions, pace: Option<&RefCell<Pace>>) -> Result<Done, Failure> {
        let o = &self.options;
        let signal = &call.signal;
        let setup =
            Setup { tell_retries: call.on_retry.is_some(), cross_origin: self.cross_origin, paced: pace.is_some() };
        let mut engine = Engine::new(o, run, setup);
        let mut cause = JsValue::UNDEFINED;
        let mut exchange: Exchange;
        let mut said = String::new();
        let mut action = engine.start();
        loop {
            let event = match action {
                Action::NeedUserSig if signal.aborted() => Event::Aborted,
                Action::NeedUserSig => {
                    cause = JsValue::UNDEFINED;
                    let sig = match self.sig() {
                        Ok(Some(sig)) => Ok(sig),
                        Ok(None) => self.provided(signal).await,
                        Err(e) => Err(e.into()),
                    };
                    match sig {
                        Ok(sig) => Event::UserSig(sig),
                        Err(f) if f.error.kind == ErrorKind::Aborted => Event::Aborted,
                        Err(f) => {
                            cause = f.cause;
                            Event::NoUserSig(f.error)
                        }
                    }
                }
                Action::Forget => {
                    self.cache.borrow_mut().invalidate(engine.user_sig());
                    Event::Next
                }
                Action::Pace => match pace {
                    Some(pace) => match turn(pace, signal).await {
                        Some(slot) => Event::Paced(slot),
                        None => Event::Aborted,
                    },
                    None => Event::Next,
                },
                Action::Send { url, body } => {
                    exchange = transport::post(&self.fetch, &url, body, o.timeout_ms, signal).await;
                    cause = JsValue::UNDEFINED;
                    if let Exchange::Network(e) | Exchange::Threw(e) = &exchange {
                        // What the fetch rejected with or threw, scrubbed, becomes the error's `cause`.
                        let sig = engine.user_sig();
                        let key = match &o.credential {
                            Credential::SecretKey(k) => k.as_str(),
                            _ => "",
                        };
                        said = describe(e);
                        cause = scrubbed(e, &[sig, &encoded(sig), key]);
                    }
                    match &exchange {
                        Exchange::Answer { status, body } => Event::Answered(Outcome::Reply { status: *status, body }),
                        Exchange::Timeout => Event::Answered(Outcome::Timeout),
                        Exchange::Aborted => Event::Aborted,
                        Exchange::Network(_) => Event::Answered(Outcome::Network(&said)),
                        Exchange::Threw(_) => Event::Answered(Outcome::Threw(&said)),
                        Exchange::NoReply => Event::Answered(Outcome::NoReply),
                        Exchange::TooLarge => Event::Answered(Outcome::TooLarge),
                    }
                }
                Action::Probe { target } => {
                    let answers = transport::answers(&self.fetch, target, o.timeout_ms, signal).await;
                    if signal.aborted() {
                        Event::Aborted
                    } else {
                        Event::Probed(match answers {
                            Answers::Readable => Probed::Readable,
                            Answers::Refusing => Probed::Refusing,
                            Answers::Nothing => Probed::Nothing,
                        })
                    }
                }
                Action::Heard { slot, verdict } => {
                    if let Some(pace) = pace {
                        pace.borrow_mut().heard(slot, verdict, transport::now_ms());
                    }
                    Event::Next
                }
                Action::Wait { ms } => {
                    if transport::sleep(ms, signal).await {
                        Event::Fired
                    } else {
                        Event::Aborted
                    }
                }
                Action::TellRetry { attempt, error, delay_ms } => match &call.on_retry {
                    Some(hook) => {
                        match notify_retry(hook, Failure::with_cause(error, cause.clone()), attempt, delay_ms) {
                            Ok(()) => Event::Told { threw: false },
                            Err(thrown) => {
                                cause = thrown;
                                Event::Told { threw: true }
                            }
                        }
                    }
                    None => Event::Told { threw: false },
                },
                Action::Done(done) => return Ok(done),
                Action::Fail(failed) => {
                    let failure = Failure::with_cause(failed.error, cause).with_partial(failed.partial);
                    return Err(failure.unapplied(failed.unapplied));
                }
            };
            // An abort's cause is the signal's reason.
            if matches!(event, Event::Aborted) {
                cause = signal.reason();
            }
            action = engine.on(event, random_u32());
        }
    }
}

/// Calls `onRetry` with `{ attempt, error, delayMs }` before a retry's wait: `attempt` is the number of the
/// attempt that failed with `error` (a ChatError), the retry waits `delayMs` (0 for a re-sign after 70001). Its return value is not awaited
/// (a returned promise that rejects is ignored); what it throws is returned (the engine stops the call with the
/// failed attempt's error, the thrown value its `cause`).
fn notify_retry(hook: &Function, failure: Failure, attempt: u32, delay_ms: f64) -> Result<(), JsValue> {
    let info = js_sys::Object::new();
    let set = |key, value: &JsValue| js_sys::Reflect::set(&info, &super::snapshot::name(key), value);
    let _ = set("attempt", &JsValue::from(attempt));
    let _ = set("error", &failure.into_js());
    let _ = set("delayMs", &JsValue::from((delay_ms + 0.5).floor()));
    let returned = hook.call1(&JsValue::UNDEFINED, &info)?;
    transport::quietly(&Promise::resolve(&returned));
    Ok(())
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
