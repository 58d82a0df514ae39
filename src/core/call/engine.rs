//! The call engine: a [`Run`] (one request or several, one after another) sent as a state machine, in the
//! manner of [`crate::core::call::exchange`]. Events come in (a UserSig, a pacing slot, an answer, a probe's
//! finding, a timer fired, `onRetry` told, an abort) and an action goes out (get a UserSig, wait for a slot,
//! send, probe, tell the pacing what came back, wait, tell `onRetry`, done, failed). It holds every rule of a
//! call: attempts, one re-sign after 70001 (never for a fixed UserSig), the repeat rule, one cross-origin probe
//! per request, the retry waits and whether an aborted call can have been applied. It has no clock and no
//! randomness of its own: each event comes with a random `u32`. The binding (`src/wasm/call.rs`) performs the
//! actions and feeds back what they produced; it decides nothing.

pub use crate::core::call::events::{Action, Done, Event, Failed, Probed, Setup};
use crate::core::call::exchange::{interpret, next_step, repeat_allowed, Outcome, Step, Verdict};
use crate::core::call::options::{Credential, Options};
use crate::core::call::pacing::Slot;
use crate::core::call::run::Run;
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::wire::request::{encoded, Auth, HttpRequest};
use crate::core::wire::response::ApiResult;

/// Where the engine is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Signing,
    Pacing,
    Sending,
    Probing,
    /// Told the pacing; deciding next on the result kept.
    Hearing,
    Waiting,
    /// Told `onRetry`; then wait this long, or re-sign (`None`).
    Telling(Option<f64>),
    Forgetting,
    Over,
}

/// One run in progress.
pub struct Engine<'o> {
    options: &'o Options,
    setup: Setup,
    run: Run,
    state: State,
    /// The URL without its query: it names the host in messages and holds no secret.
    target: String,
    body: String,
    sig: String,
    slot: Option<Slot>,
    /// Requests sent for this body, and over the run.
    attempts: u32,
    total: u32,
    resigned: bool,
    /// Whether a request sent may have been applied: one was, and its answer did not refuse it.
    applied: bool,
    probed: Option<Probed>,
    /// What a network failure said, while its probe is out.
    said: String,
    /// The last attempt's result and verdict, while the pacing hears it.
    heard: Option<(Result<ApiResult>, Verdict)>,
    /// The failed attempt's error, while `onRetry` is told.
    told: Option<Error>,
    last: Option<ApiResult>,
}

impl<'o> Engine<'o> {
    pub fn new(options: &'o Options, run: Run, setup: Setup) -> Engine<'o> {
        let target = [options.endpoint.as_str(), "/v4/", &run.command].concat();
        Engine {
            options,
            setup,
            run,
            state: State::Over,
            target,
            body: String::new(),
            sig: String::new(),
            slot: None,
            attempts: 0,
            total: 0,
            resigned: false,
            applied: false,
            probed: None,
            said: String::new(),
            heard: None,
            told: None,
            last: None,
        }
    }

    /// The UserSig in use, for [`Action::Forget`] (never part of an action).
    pub fn user_sig(&self) -> &str {
        &self.sig
    }

    /// The first action.
    pub fn start(&mut self) -> Action<'_> {
        self.next_body()
    }

    /// Feeds what the last action produced; `random` is a fresh random value (the request's `random`, the
    /// retry jitter). An event that does not fit the state fails the run as a bug would, never panics.
    pub fn on(&mut self, event: Event<'_>, random: u32) -> Action<'_> {
        match (self.state, event) {
            (State::Over, _) => self.unexpected(),
            (State::Sending | State::Probing, Event::Aborted) => self.aborted(false),
            (_, Event::Aborted) => self.aborted(!self.applied),
            (State::Signing, Event::UserSig(sig)) => {
                self.sig = sig;
                if self.setup.paced {
                    self.state = State::Pacing;
                    return Action::Pace;
                }
                self.send(random)
            }
            (State::Signing, Event::NoUserSig(mut e)) => {
                e.attempts = self.attempts;
                self.fail(e, !self.applied)
            }
            (State::Pacing, Event::Paced(slot)) => {
                self.slot = Some(slot);
                self.send(random)
            }
            (State::Sending, Event::Answered(outcome)) => self.answered(outcome, random),
            (State::Probing, Event::Probed(found)) => {
                self.probed = Some(found);
                let said = std::mem::take(&mut self.said);
                self.read(probed_outcome(found, &said), random)
            }
            (State::Hearing, Event::Next) => match self.heard.take() {
                Some((result, verdict)) => self.decide(result, verdict, random),
                None => self.unexpected(),
            },
            (State::Waiting, Event::Fired) => self.attempt(),
            (State::Telling(then), Event::Told { threw }) => match (threw, self.told.take()) {
                (true, Some(mut e)) => {
                    e.message.push_str(" (then onRetry threw, which stopped the call before its retry: see cause)");
                    e.attempts = self.attempts;
                    self.fail(e, false)
                }
                (_, _) => match then {
                    Some(ms) => {
                        self.state = State::Waiting;
                        Action::Wait { ms }
                    }
                    None => self.attempt(),
                },
            },
            (State::Forgetting, Event::Next) => self.tell_or(None),
            _ => self.unexpected(),
        }
    }

    fn unexpected(&mut self) -> Action<'_> {
        self.fail(Error::new(ErrorKind::Network, "the call engine was fed an event out of turn"), false)
    }

    /// The next body of the run, or its end.
    fn next_body(&mut self) -> Action<'_> {
        match self.run.next_body() {
            Some(body) => {
                self.body = body;
                self.attempts = 0;
                self.resigned = false;
                self.applied = false;
                self.probed = None;
                self.attempt()
            }
            None => {
                self.state = State::Over;
                let attempts = self.total;
                match self.run.finish_in_place() {
                    Ok(finish) => Action::Done(Done { finish, last: self.last.take(), attempts }),
                    Err(e) => Action::Fail(Failed { error: e, unapplied: false, partial: None }),
                }
            }
        }
    }

    /// A new attempt begins with its UserSig.
    fn attempt(&mut self) -> Action<'_> {
        self.state = State::Signing;
        Action::NeedUserSig
    }

    fn send(&mut self, random: u32) -> Action<'_> {
        self.attempts += 1;
        self.total += 1;
        self.state = State::Sending;
        let o = self.options;
        let auth = Auth { sdk_app_id: o.sdk_app_id, identifier: &o.identifier, user_sig: &self.sig };
        let url = HttpRequest::new(&o.endpoint, &self.run.command, auth, random, String::new()).url;
        Action::Send { url, body: &self.body }
    }

    fn answered(&mut self, outcome: Outcome<'_>, random: u32) -> Action<'_> {
        match (outcome, self.setup.cross_origin, self.probed) {
            (Outcome::Network(said), true, Some(found)) => self.read(probed_outcome(found, said), random),
            (Outcome::Network(said), true, None) => {
                self.said = said.to_owned();
                self.state = State::Probing;
                Action::Probe { target: &self.target }
            }
            (outcome, _, _) => self.read(outcome, random),
        }
    }

    /// What the outcome means; the pacing hears it first when the send was paced.
    fn read(&mut self, outcome: Outcome<'_>, random: u32) -> Action<'_> {
        let o = self.options;
        let key = match &o.credential {
            Credential::SecretKey(k) => k.as_str(),
            _ => "",
        };
        let in_url = encoded(&self.sig);
        let result = interpret(outcome, &self.target, o.timeout_ms, &[self.sig.as_str(), in_url.as_str(), key]);
        let verdict = Verdict::of(&result);
        self.applied |= verdict.may_have_applied();
        match self.slot.take() {
            Some(slot) => {
                self.heard = Some((result, verdict));
                self.state = State::Hearing;
                Action::Heard { slot, verdict }
            }
            None => self.decide(result, verdict, random),
        }
    }

    fn decide(&mut self, result: Result<ApiResult>, verdict: Verdict, random: u32) -> Action<'_> {
        let fixed_sig = matches!(self.options.credential, Credential::UserSig(_));
        let once = self.run.once;
        // The error is kept when a retry may need it: for `onRetry`, or to give up on a call not safe to repeat.
        let failed = result.as_ref().err().filter(|_| self.setup.tell_retries || once).cloned();
        let jitter = f64::from(random) / 4_294_967_296.0;
        match next_step(&self.options.retry, fixed_sig, result, self.attempts, self.resigned, jitter) {
            Step::Done(r) => {
                let absorbed = self.run.absorb(&r.body);
                self.last = Some(r);
                match absorbed {
                    Ok(()) => self.next_body(),
                    Err(mut e) => {
                        e.attempts = self.attempts;
                        self.fail(e, false)
                    }
                }
            }
            Step::Wait { .. } if !repeat_allowed(once, verdict) => {
                let mut e = failed.unwrap_or_else(|| Error::new(ErrorKind::Network, "the call failed"));
                let advice = self.run.advice;
                let said = [" (not retried: it may have been applied, and a repeat may not be harmless", advice, ")"];
                e.message.push_str(&said.concat());
                e.attempts = self.attempts;
                self.fail(e, false)
            }
            Step::Wait { ms } => {
                self.told = failed;
                self.tell_or(Some(ms))
            }
            Step::Resign => {
                self.resigned = true;
                self.told = failed;
                self.state = State::Forgetting;
                Action::Forget
            }
            Step::Fail(e) => self.fail(e, false),
        }
    }

    /// Tells `onRetry` (when there is one) before the retry: its wait (`Some`) or its re-sign (`None`).
    fn tell_or(&mut self, wait: Option<f64>) -> Action<'_> {
        match (self.setup.tell_retries, self.told.clone()) {
            (true, Some(mut error)) => {
                error.attempts = self.attempts;
                self.state = State::Telling(wait);
                Action::TellRetry { attempt: self.attempts, error, delay_ms: wait.unwrap_or(0.0) }
            }
            _ => match wait {
                Some(ms) => {
                    self.state = State::Waiting;
                    Action::Wait { ms }
                }
                None => self.attempt(),
            },
        }
    }

    fn aborted(&mut self, unapplied: bool) -> Action<'_> {
        let mut e = Error::new(ErrorKind::Aborted, "the call was aborted by its signal");
        e.attempts = self.attempts;
        self.fail(e, unapplied)
    }

    fn fail(&mut self, error: Error, unapplied: bool) -> Action<'_> {
        self.state = State::Over;
        let partial = self.run.partial();
        let unapplied = unapplied && error.kind == ErrorKind::Aborted;
        Action::Fail(Failed { error, unapplied, partial })
    }
}

/// A network failure as the probe explains it.
fn probed_outcome(found: Probed, said: &str) -> Outcome<'_> {
    match found {
        Probed::Readable => Outcome::Network(said),
        Probed::Refusing => Outcome::Cors(said),
        Probed::Nothing => Outcome::Unreachable(said),
    }
}
