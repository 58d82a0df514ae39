//! One HTTP exchange as the client sees it: what came back (an answer, or why none did), what that
//! means (a result or an error), and what the call does next. Pure: the call engine
//! (`crate::core::call::engine`) asks this module after every attempt.

use crate::core::call::retry::{Next, RetryPolicy};
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::usersig::EXPIRED;
use crate::core::wire::redact::redact;
use crate::core::wire::response::{self, ApiResult};

/// What one request came back with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// An HTTP answer: status and body text.
    Reply { status: u16, body: &'a str },
    /// No answer within the timeout.
    Timeout,
    /// The request failed (or `fetch` threw); what the JS error said.
    Network(&'a str),
    /// In a page: the browser refused the cross-origin call (the server answers, or the page is cross-origin
    /// isolated and cannot tell); what the JS error said.
    Cors(&'a str),
    /// In a page: nothing answers at the endpoint's origin (down, or the wrong port); what the JS error said.
    Unreachable(&'a str),
    /// `fetch` threw instead of returning a promise; what it threw.
    Threw(&'a str),
    /// `fetch` resolved to something without a numeric `status` and a text body.
    NoReply,
    /// The answer's body was longer than [`MAX_BODY_BYTES`]; it was not read past that.
    TooLarge,
}

/// The longest answer read: the service's are a few KB; more is not the Chat API.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// What an outcome means. `target` is the URL without its query (it names the host in messages and
/// holds no secret); `secrets` are scrubbed from anything echoed back.
pub fn interpret(outcome: Outcome<'_>, target: &str, timeout_ms: u32, secrets: &[&str]) -> Result<ApiResult> {
    let failure = |kind, parts: &[&str]| Err(Error::new(kind, redact(&parts.concat(), secrets)));
    match outcome {
        Outcome::Reply { status, body } => {
            let mut result = response::decode(status, body, secrets);
            // Not the service's envelope: most likely a wrong endpoint, or a proxy that does not forward the path.
            // (The target holds no secret: it is the URL without its query.)
            if let Err(e) = &mut result {
                if e.kind == ErrorKind::Http && e.service.is_none() {
                    e.message = [&e.message, " from ", target, ": check the endpoint, or the proxy in between"].concat();
                }
            }
            result
        }
        Outcome::Timeout => {
            failure(ErrorKind::Timeout, &["no answer within ", &timeout_ms.to_string(), " ms from ", target])
        }
        Outcome::Network(what) => failure(ErrorKind::Network, &["could not reach ", target, ": ", what]),
        Outcome::Unreachable(what) => failure(
            ErrorKind::Network,
            &["could not reach ", target, ": nothing answers there (", what, ")"],
        ),
        Outcome::Cors(what) => failure(
            ErrorKind::Cors,
            &[
                "the browser refused the cross-origin call to ",
                target,
                " (",
                what,
                "); if the service does not allow calls from pages, route them through a same-origin proxy with the `endpoint` option, e.g. '/chat-api'",
            ],
        ),
        Outcome::Threw(what) => failure(ErrorKind::Network, &["fetch threw calling ", target, ": ", what]),
        Outcome::NoReply => failure(ErrorKind::Decode, &["fetch gave no status or text body for ", target]),
        Outcome::TooLarge => failure(ErrorKind::Decode, &["the answer from ", target, " is larger than 1 MiB: not the Chat API"]),
    }
}

/// What a call does after an attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// It went through.
    Done(ApiResult),
    /// Send again after this many milliseconds.
    Wait { ms: f64 },
    /// Forget the UserSig, get a new one and send again at once.
    Resign,
    /// Give up with this error (its `attempts` set).
    Fail(Error),
}

/// Decides after attempt number `attempts` (1-based) came back with `result`. `fixed_sig` says the
/// caller gave one fixed UserSig, which cannot be renewed; `jitter` is a random number in `[0, 1)`.
pub fn next_step(
    policy: &RetryPolicy,
    fixed_sig: bool,
    result: Result<ApiResult>,
    attempts: u32,
    resigned: bool,
    jitter: f64,
) -> Step {
    let mut err = match result {
        Ok(r) => return Step::Done(r),
        Err(e) => e,
    };
    match policy.next(&err, attempts, resigned, jitter) {
        Next::Resign if !fixed_sig => Step::Resign,
        Next::RetryAfter(ms) => Step::Wait { ms },
        _ => {
            err.attempts = attempts;
            Step::Fail(err)
        }
    }
}

/// What an attempt's result says besides the call's next step, whatever that step is (a retry, or giving up):
/// what a bulk run's pacing hears, and whether the service is known not to have applied the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It went through.
    Passed,
    /// The service refused it to slow the caller down (a throttling code, or HTTP 429): not applied, and a
    /// bulk run's pace must drop.
    Throttled,
    /// The service refused it before acting on it (an expired UserSig): not applied.
    Refused,
    /// Nothing says whether it was applied (no answer, or a failure that does not tell).
    Unknown,
}

impl Verdict {
    /// The verdict on an attempt that came back with `result`.
    pub fn of(result: &Result<ApiResult>) -> Verdict {
        match result {
            Ok(_) => Verdict::Passed,
            Err(e) if e.throttled() => Verdict::Throttled,
            Err(e) if e.service_code() == Some(EXPIRED) => Verdict::Refused,
            Err(_) => Verdict::Unknown,
        }
    }

    /// Whether the request may have been applied: the service's answer does not rule it out.
    pub fn may_have_applied(self) -> bool {
        matches!(self, Verdict::Passed | Verdict::Unknown)
    }
}

/// Whether a failed attempt may be retried: always, unless the call is not safe to repeat (`once`: an endpoint
/// not in `crate::core::call::repeat::SAFE_TO_REPEAT`, such as a conversation deleted or a message sent) and nothing shows the
/// attempt was not applied.
pub fn repeat_allowed(once: bool, verdict: Verdict) -> bool {
    !once || !verdict.may_have_applied()
}
