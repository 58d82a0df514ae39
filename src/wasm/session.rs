//! `Session`: what the JS driver (`runtime.js` `call`) asks at each turn of a call: the UserSig to
//! use, the pacing slot, the URL, and what an answer means. A client's single calls share one
//! session; a bulk run has its own, with a pacer. The decisions themselves are the core's
//! (`crate::exchange`, `crate::retry`, `crate::pacer`, `crate::credentials`).

use super::client::Inner;
use super::error::to_js;
use super::js::{get, now_ms, now_secs, result};
use crate::bulk::BulkOptions;
use crate::credentials::GENERATED_EXPIRE;
use crate::error::{Error, ErrorKind};
use crate::exchange::{interpret, next_step, Outcome, Step};
use crate::options::Credential;
use crate::pacer::Pacer;
use crate::request::{encoded, Auth, HttpRequest};
use crate::usersig::{gen_user_sig, is_well_formed};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Sends are paced a little under the rate asked for: timers fire late and networks bunch packets, so
/// pacing at exactly a service's limit crosses it now and then (measured: 4 throttled in 5,000 at 1,000/s).
const PACE_MARGIN: f64 = 0.97;

/// Internal: driven by runtime.js, not part of the package's API.
#[wasm_bindgen(skip_typescript)]
pub struct Session {
    pub(super) inner: Rc<Inner>,
    /// A bulk run's options; `None` for single calls.
    pub(super) bulk: Option<BulkOptions>,
    pacer: Option<Pacer>,
    sent: u32,
}

impl Session {
    pub(super) fn new(inner: Rc<Inner>, bulk: Option<BulkOptions>) -> Session {
        let pacer = bulk.map(|b| Pacer::new(b.rate_per_second * PACE_MARGIN));
        Session { inner, bulk, pacer, sent: 0 }
    }
}

#[wasm_bindgen]
impl Session {
    /// The UserSig to send: the cached one, the fixed one, or a new one made from the key; `undefined`
    /// when the `userSigProvider` must be asked (then `provided` takes its answer).
    #[wasm_bindgen(skip_typescript)]
    pub fn sig(&self) -> Result<Option<String>, JsValue> {
        let now = now_secs();
        let mut cache = self.inner.cache.borrow_mut();
        if let Some(sig) = cache.current(now) {
            return Ok(Some(sig.to_owned()));
        }
        let o = &self.inner.options;
        let sig = match &o.credential {
            Credential::UserSig(sig) => return Ok(Some(sig.clone())),
            Credential::SecretKey(key) => {
                gen_user_sig(o.sdk_app_id, key, &o.identifier, GENERATED_EXPIRE, None, now).map_err(to_js)?
            }
            Credential::Provider => return Ok(None),
        };
        cache.store(sig.clone());
        Ok(Some(sig))
    }

    /// Takes the provider's answer as runtime.js `guard` settled it (`{ ok }` or `{ fail, error }`):
    /// the UserSig, kept for later calls, or the `ChatError` to reject with.
    #[wasm_bindgen(skip_typescript)]
    pub fn provided(&self, outcome: JsValue) -> Result<String, JsValue> {
        let failed = |message: &str| Error::new(ErrorKind::UserSig, message);
        let err = match get(&outcome, "fail").as_string().as_deref() {
            // White space around it (a file's newline) is trimmed; anything else foreign is refused.
            None => match get(&outcome, "ok").as_string().map(|s| s.trim().to_owned()) {
                Some(s) if is_well_formed(&s) => {
                    self.inner.cache.borrow_mut().store(s.clone());
                    return Ok(s);
                }
                _ => failed("userSigProvider must resolve to a UserSig string (only A-Z a-z 0-9 * - _)"),
            },
            Some("timeout") => Error::new(ErrorKind::Timeout, "userSigProvider did not answer within timeoutMs"),
            _ => {
                let e = failed("userSigProvider threw or rejected; see cause");
                return Err(super::error::to_js_with_cause(e, &get(&outcome, "error")));
            }
        };
        Err(to_js(err))
    }

    /// Takes the next send slot: how long to wait for it (always 0 outside a bulk run).
    #[wasm_bindgen(skip_typescript)]
    pub fn slot(&mut self) -> f64 {
        self.pacer.as_mut().map_or(0.0, |p| p.reserve(now_ms()))
    }

    /// Requests sent so far (the URLs made: one is made only to be sent at once).
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn sent(&self) -> u32 {
        self.sent
    }

    /// The URL of `command` signed with `sig`, for a request sent right away (it is counted as sent). Its
    /// `random` only tells requests apart for the service and need not be secret: `Math.random` gives it.
    #[wasm_bindgen(skip_typescript)]
    pub fn url(&mut self, command: &str, sig: &str) -> String {
        self.sent += 1;
        let o = &self.inner.options;
        let auth = Auth { sdk_app_id: o.sdk_app_id, identifier: &o.identifier, user_sig: sig };
        let random = (js_sys::Math::random() * 4_294_967_296.0) as u32;
        HttpRequest::new(&o.endpoint, command, auth, random, String::new()).url
    }

    /// What attempt number `attempts` of `command`, sent with `sig`, came to (see
    /// `Outcome::from_code`): the call's result object, a number of milliseconds to wait before
    /// sending again, -1 to send again at once with a new UserSig, or (thrown) the `ChatError`.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(skip_typescript)]
    pub fn settle(
        &mut self,
        command: &str,
        sig: &str,
        attempts: u32,
        resigned: bool,
        failure: u8,
        status: f64,
        text: &str,
    ) -> Result<JsValue, JsValue> {
        let o = &self.inner.options;
        let key = match &o.credential {
            Credential::SecretKey(k) => k.as_str(),
            _ => "",
        };
        // The UserSig as it stands in the URL too, in case an error echoes the URL.
        let sig_in_url = encoded(sig);
        let secrets = [sig, sig_in_url.as_str(), key];
        let target = [o.endpoint.as_str(), "/v4/", command].concat();
        let outcome = interpret(Outcome::from_code(failure, status, text), &target, o.timeout_ms, &secrets);
        let fixed_sig = matches!(o.credential, Credential::UserSig(_));
        match next_step(&o.retry, fixed_sig, outcome, attempts, resigned, js_sys::Math::random()) {
            Step::Done(r) => {
                if let Some(p) = &mut self.pacer {
                    p.succeeded();
                }
                Ok(result(&r.error_info, &r.error_display, r.request_id, attempts))
            }
            Step::Wait { ms, throttled } => {
                if let (true, Some(p)) = (throttled, &mut self.pacer) {
                    p.throttled(now_ms(), ms);
                }
                Ok(ms.into())
            }
            Step::Resign => {
                self.inner.cache.borrow_mut().invalidate(sig);
                Ok((-1).into())
            }
            Step::Fail(e) => Err(to_js(e)),
        }
    }
}
