//! What goes in and out of the call engine ([`crate::core::call::engine`]): the events the binding feeds it (what
//! the I/O produced) and the actions it asks for. No action carries a secret, except the URL to send to.

use crate::core::call::exchange::{Outcome, Verdict};
use crate::core::call::pacing::Slot;
use crate::core::call::run::Finish;
use crate::core::error::Error;
use crate::core::wire::response::ApiResult;

/// What a probe of an endpoint that a page could not call found (the binding's `transport::answers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probed {
    /// The server lets this origin through: the call itself was dropped (a network failure).
    Readable,
    /// Something answers, but not readably: CORS.
    Refusing,
    /// Nothing answers there.
    Nothing,
}

/// What the I/O produced, fed to [`Engine::on`].
#[derive(Debug, Clone, PartialEq)]
pub enum Event<'a> {
    /// Begin, or go on after an action that produces nothing ([`Action::Heard`], [`Action::Forget`]).
    Next,
    /// The UserSig asked for.
    UserSig(String),
    /// No UserSig could be had: why (a provider that threw or timed out, an expired fixed one).
    NoUserSig(Error),
    /// The pacing gave this slot.
    Paced(Slot),
    /// The request sent came back so.
    Answered(Outcome<'a>),
    /// The probe asked for found this.
    Probed(Probed),
    /// The wait is over.
    Fired,
    /// `onRetry` was told; `threw` says whether it threw (which stops the call).
    Told { threw: bool },
    /// The caller's signal aborted whatever was being done.
    Aborted,
}

/// What the binding is to do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Action<'e> {
    /// Get the UserSig to send (the cached one, or a new one), then feed [`Event::UserSig`] or
    /// [`Event::NoUserSig`] (or [`Event::Aborted`] when the signal has aborted).
    NeedUserSig,
    /// Forget the UserSig in use (the service refused it as expired; [`Engine::user_sig`]), then feed [`Event::Next`].
    Forget,
    /// Wait for a pacing slot, then feed [`Event::Paced`].
    Pace,
    /// POST `body` to `url` (which holds the UserSig), then feed [`Event::Answered`].
    Send { url: String, body: &'e str },
    /// Probe `target` (the URL without its query), then feed [`Event::Probed`].
    Probe { target: &'e str },
    /// Tell the pacing what came back for the request sent in `slot`, then feed [`Event::Next`].
    Heard { slot: Slot, verdict: Verdict },
    /// Wait this long, then feed [`Event::Fired`].
    Wait { ms: f64 },
    /// Tell `onRetry` that attempt number `attempt` failed with `error` and the retry waits `delay_ms` (0 for a
    /// re-sign), then feed [`Event::Told`].
    TellRetry { attempt: u32, error: Error, delay_ms: f64 },
    /// The run is done.
    Done(Done),
    /// The run failed.
    Fail(Failed),
}

/// A run that went through.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub finish: Finish,
    /// The last answer's envelope.
    pub last: Option<ApiResult>,
    /// Requests sent, over the whole run.
    pub attempts: u32,
}

/// A run that failed.
#[derive(Debug, Clone, PartialEq)]
pub struct Failed {
    /// Its `attempts` are those of the request that failed.
    pub error: Error,
    /// An aborted call none of whose requests can have been applied: none was sent, or the service refused each
    /// one it answered without acting on it.
    pub unapplied: bool,
    /// What a run of several requests had done ([`Run::partial`]).
    pub partial: Option<String>,
}

/// What a call was given besides its run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Setup {
    /// An `onRetry` hook is to be told of retries.
    pub tell_retries: bool,
    /// In a page, a call to the endpoint is cross-origin: a network failure is probed once per request.
    pub cross_origin: bool,
    /// Each send waits for a pacing slot.
    pub paced: bool,
}
