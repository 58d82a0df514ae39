//! The call engine (`core::call::engine`) driven through scripted events: every rule of a call (retries and their
//! waits, re-sign once, the repeat rule, the probe, `onRetry`, aborts and what they say was applied, pacing heard)
//! and of a run of several requests (account batches stopping with `partial`, pages), against fixed expected
//! values; and a bulk run's tally (`core::call::tally`).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use tencent_chat_admin::core::call::engine::{Action, Done, Engine, Event, Failed, Probed, Setup};
use tencent_chat_admin::core::call::exchange::{Outcome, Verdict};
use tencent_chat_admin::core::call::options::{Credential, Options, RawOptions};
use tencent_chat_admin::core::call::pacing::Pace;
use tencent_chat_admin::core::call::run::{Envelope, Finish, Run};
use tencent_chat_admin::core::call::tally::{Item, Progress, Pulled, Status, Tally, Total};
use tencent_chat_admin::core::input::tree::Value;
use tencent_chat_admin::core::input::Input;
use tencent_chat_admin::core::methods::{accounts, delete, groups, pin, request};
use tencent_chat_admin::{Error, ErrorKind};

const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const SIG: &str = "eJxSECRET";
const OK: &str = r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#;
const EXPIRED: &str = r#"{"ActionStatus":"FAIL","ErrorCode":70001,"ErrorInfo":"UserSig expired"}"#;
const THROTTLED: &str = r#"{"ActionStatus":"FAIL","ErrorCode":60007,"ErrorInfo":"too fast"}"#;
/// Half of `u32`'s range: a jitter of 0.5.
const HALF: u32 = 1 << 31;

fn options() -> Options {
    let raw = RawOptions {
        sdk_app_id: Input::Num(1400000000.0),
        identifier: Input::Str("admin".into()),
        secret_key: Input::Str(KEY.into()),
        endpoint: Input::Str("http://127.0.0.1:8080".into()),
        ..RawOptions::default()
    };
    Options::from_raw(raw).unwrap_or_else(|e| panic!("{e}"))
}

fn v(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn pin_run() -> Run {
    Run::one(pin::COMMAND, "{\"pin\":1}".into(), Envelope)
}

fn url(command: &str, random: u32) -> String {
    format!("http://127.0.0.1:8080/v4/{command}?sdkappid=1400000000&identifier=admin&usersig={SIG}&random={random}&contenttype=json")
}

fn reply(body: &str) -> Event<'_> {
    Event::Answered(Outcome::Reply { status: 200, body })
}

fn failed(action: Action<'_>) -> Failed {
    match action {
        Action::Fail(f) => f,
        other => panic!("not a failure: {other:?}"),
    }
}

fn done(action: Action<'_>) -> Done {
    match action {
        Action::Done(d) => d,
        other => panic!("not done: {other:?}"),
    }
}

/// An engine of `run` whose first request is out.
fn sent<'o>(o: &'o Options, run: Run, setup: Setup) -> Engine<'o> {
    let mut e = Engine::new(o, run, setup);
    assert_eq!(e.start(), Action::NeedUserSig);
    assert!(matches!(e.on(Event::UserSig(SIG.into()), 0), Action::Send { .. }));
    e
}

/// Gives the engine its UserSig and checks the request it sends.
fn sign_and_send(e: &mut Engine<'_>, command: &str, body: &str, random: u32) {
    assert_eq!(e.on(Event::UserSig(SIG.into()), random), Action::Send { url: url(command, random), body });
}

#[test]
fn a_call_that_goes_through_the_first_time() {
    let o = options();
    let mut e = Engine::new(&o, pin_run(), Setup::default());
    assert_eq!(e.start(), Action::NeedUserSig);
    sign_and_send(&mut e, "recentcontact/top", "{\"pin\":1}", 7);
    let d = done(e.on(reply(OK), 0));
    assert_eq!((d.finish, d.attempts), (Finish::Envelope, 1));
    assert_eq!(d.last.map(|r| r.error_info), Some(String::new()));
}

#[test]
fn a_timeout_is_retried_for_a_repeatable_endpoint_after_a_jittered_wait() {
    let o = options();
    let mut e = Engine::new(&o, pin_run(), Setup::default());
    e.start();
    sign_and_send(&mut e, "recentcontact/top", "{\"pin\":1}", 1);
    // Not throttled: full jitter over min_delay (200 ms) for the first retry.
    assert_eq!(e.on(Event::Answered(Outcome::Timeout), HALF), Action::Wait { ms: 100.0 });
    assert_eq!(e.on(Event::Fired, 0), Action::NeedUserSig);
    sign_and_send(&mut e, "recentcontact/top", "{\"pin\":1}", 2);
    assert_eq!(done(e.on(reply(OK), 0)).attempts, 2);
}

#[test]
fn a_timeout_on_an_endpoint_not_safe_to_repeat_is_not_retried() {
    let o = options();
    let body = r#"{"fromAccount":"a","conversation":{"type":"c2c","toAccount":"b"}}"#;
    let run = delete::run(Some(&v(body)));
    let mut e = Engine::new(&o, run.unwrap_or_else(|e| panic!("{e}")), Setup::default());
    e.start();
    assert!(matches!(e.on(Event::UserSig(SIG.into()), 3), Action::Send { .. }));
    let f = failed(e.on(Event::Answered(Outcome::Timeout), 0));
    assert_eq!(f.error.kind, ErrorKind::Timeout);
    assert_eq!(f.error.attempts, 1);
    assert_eq!(
        f.error.message,
        "no answer within 10000 ms from http://127.0.0.1:8080/v4/recentcontact/delete \
         (not retried: it may have been applied, and a repeat may not be harmless)"
    );
    assert!(!f.unapplied);
}

#[test]
fn request_says_how_to_allow_a_repeat_and_a_throttled_answer_is_retried_even_so() {
    let o = options();
    let make = || request::run(Input::Str("openim/sendmsg".into()), None, None).unwrap_or_else(|e| panic!("{e}"));
    let mut e = Engine::new(&o, make(), Setup::default());
    e.start();
    e.on(Event::UserSig(SIG.into()), 0);
    let f = failed(e.on(Event::Answered(Outcome::Network("TypeError: fetch failed")), 0));
    assert!(f.error.message.ends_with("; if it is safe to repeat, pass { idempotent: true })"), "{}", f.error.message);
    // A throttled answer proves nothing was done: the retry waits, throttled (cap 4 × 200 ms, at least half).
    let mut e = Engine::new(&o, make(), Setup::default());
    e.start();
    e.on(Event::UserSig(SIG.into()), 0);
    assert_eq!(e.on(reply(THROTTLED), 0), Action::Wait { ms: 400.0 });
}

#[test]
fn a_throttled_answer_waits_with_the_jittered_backoff_of_the_retry_policy() {
    let o = options();
    let mut e = sent(&o, pin_run(), Setup::default());
    assert_eq!(e.on(reply(THROTTLED), HALF), Action::Wait { ms: 600.0 });
    e.on(Event::Fired, 0);
    e.on(Event::UserSig(SIG.into()), 0);
    // The second retry: cap 4 × 400 ms.
    assert_eq!(e.on(reply(THROTTLED), 0), Action::Wait { ms: 800.0 });
    e.on(Event::Fired, 0);
    e.on(Event::UserSig(SIG.into()), 0);
    // 1600 + 1600 × (2³² − 1) / 2³², as `retry.rs` spreads it.
    assert_eq!(e.on(reply(THROTTLED), u32::MAX), Action::Wait { ms: 3199.999999627471 });
    e.on(Event::Fired, 0);
    e.on(Event::UserSig(SIG.into()), 0);
    // Three retries, then the error (its attempts counted).
    let f = failed(e.on(reply(THROTTLED), 0));
    assert_eq!((f.error.code, f.error.attempts), (60007, 4));
}

#[test]
fn an_expired_user_sig_is_renewed_once() {
    let o = options();
    let mut e = sent(&o, pin_run(), Setup::default());
    assert_eq!(e.on(reply(EXPIRED), 0), Action::Forget);
    assert_eq!(e.user_sig(), SIG);
    assert_eq!(e.on(Event::Next, 0), Action::NeedUserSig);
    e.on(Event::UserSig(SIG.into()), 0);
    assert_eq!(done(e.on(reply(OK), 0)).attempts, 2);
    // Twice: the second 70001 is the caller's.
    let mut e = sent(&o, pin_run(), Setup::default());
    e.on(reply(EXPIRED), 0);
    e.on(Event::Next, 0);
    e.on(Event::UserSig(SIG.into()), 0);
    let f = failed(e.on(reply(EXPIRED), 0));
    assert_eq!((f.error.code, f.error.attempts, f.unapplied), (70001, 2, false));
}

#[test]
fn a_fixed_user_sig_is_never_renewed() {
    let mut o = options();
    o.credential = Credential::UserSig(SIG.into());
    let mut e = sent(&o, pin_run(), Setup::default());
    let f = failed(e.on(reply(EXPIRED), 0));
    assert_eq!((f.error.code, f.error.attempts), (70001, 1));
}

#[test]
fn an_abort_says_whether_anything_may_have_been_applied() {
    let o = options();
    // Before anything was sent.
    let mut e = Engine::new(&o, pin_run(), Setup::default());
    e.start();
    let f = failed(e.on(Event::Aborted, 0));
    assert_eq!((f.error.kind, f.error.attempts, f.unapplied), (ErrorKind::Aborted, 0, true));
    assert_eq!(f.error.message, "the call was aborted by its signal");
    // Waiting after a throttled answer: the service did nothing.
    let mut e = sent(&o, pin_run(), Setup::default());
    e.on(reply(THROTTLED), 0);
    let f = failed(e.on(Event::Aborted, 0));
    assert_eq!((f.error.attempts, f.unapplied), (1, true));
    // Waiting after a timeout: it may have been applied.
    let mut e = sent(&o, pin_run(), Setup::default());
    e.on(Event::Answered(Outcome::Timeout), 0);
    assert!(!failed(e.on(Event::Aborted, 0)).unapplied);
    // While a request is out, even the first.
    let mut e = sent(&o, pin_run(), Setup::default());
    assert!(!failed(e.on(Event::Aborted, 0)).unapplied);
    // Once over, nothing more happens.
    assert_eq!(failed(e.on(Event::Fired, 0)).error.kind, ErrorKind::Network);
}

#[test]
fn a_cross_origin_network_failure_is_probed_once_per_request() {
    let o = options();
    let setup = Setup { cross_origin: true, ..Setup::default() };
    let mut e = sent(&o, pin_run(), setup);
    let said = "TypeError: Failed to fetch";
    let probe = Action::Probe { target: "http://127.0.0.1:8080/v4/recentcontact/top" };
    assert_eq!(e.on(Event::Answered(Outcome::Network(said)), 0), probe);
    // Nothing answers there: a network error, retried.
    assert_eq!(e.on(Event::Probed(Probed::Nothing), 0), Action::Wait { ms: 0.0 });
    e.on(Event::Fired, 0);
    e.on(Event::UserSig(SIG.into()), 0);
    // The second failure is read by the first probe's finding.
    assert_eq!(e.on(Event::Answered(Outcome::Network(said)), 0), Action::Wait { ms: 0.0 });
    // A refusing server is CORS, not retried.
    let mut e = sent(&o, pin_run(), setup);
    e.on(Event::Answered(Outcome::Network(said)), 0);
    let f = failed(e.on(Event::Probed(Probed::Refusing), 0));
    assert_eq!(f.error.kind, ErrorKind::Cors);
    assert!(f.error.message.starts_with("the browser refused the cross-origin call to http://127.0.0.1:8080/v4/recentcontact/top (TypeError: Failed to fetch)"));
    // Same-origin (or outside a page): no probe.
    let mut e = sent(&o, pin_run(), Setup::default());
    assert_eq!(e.on(Event::Answered(Outcome::Network(said)), 0), Action::Wait { ms: 0.0 });
}

#[test]
fn on_retry_is_told_before_each_wait_and_re_sign_and_stops_the_call_when_it_throws() {
    let o = options();
    let setup = Setup { tell_retries: true, ..Setup::default() };
    let mut e = sent(&o, pin_run(), setup);
    let Action::TellRetry { attempt, error, delay_ms } = e.on(Event::Answered(Outcome::Timeout), HALF) else {
        panic!("onRetry not told")
    };
    assert_eq!((attempt, error.kind, error.attempts, delay_ms), (1, ErrorKind::Timeout, 1, 100.0));
    assert_eq!(e.on(Event::Told { threw: false }, 0), Action::Wait { ms: 100.0 });
    e.on(Event::Fired, 0);
    e.on(Event::UserSig(SIG.into()), 0);
    assert_eq!(e.on(reply(EXPIRED), 0), Action::Forget);
    let Action::TellRetry { attempt, error, delay_ms } = e.on(Event::Next, 0) else { panic!("onRetry not told") };
    assert_eq!((attempt, error.code, delay_ms), (2, 70001, 0.0));
    assert!(!format!("{error:?}").contains(SIG));
    // It throws: the call stops with the failed attempt's error.
    let f = failed(e.on(Event::Told { threw: true }, 0));
    assert_eq!(f.error.code, 70001);
    assert_eq!(f.error.attempts, 2);
    assert!(f.error.message.ends_with(" (then onRetry threw, which stopped the call before its retry: see cause)"));
}

#[test]
fn a_user_sig_that_cannot_be_had_fails_the_call() {
    let o = options();
    let mut e = Engine::new(&o, pin_run(), Setup::default());
    e.start();
    let why = Error::new(ErrorKind::UserSig, "userSigProvider threw or rejected; see cause");
    let f = failed(e.on(Event::NoUserSig(why.clone()), 0));
    assert_eq!((f.error, f.unapplied), (why, false));
}

/// 150 UserIDs: `u0` … `u149`.
fn ids() -> Vec<String> {
    (0..150).map(|i| format!("u{i}")).collect()
}

#[test]
fn account_batches_are_paced_and_a_failed_batch_stops_the_run_with_partial() {
    let o = options();
    let list = serde_json::to_string(&ids()).unwrap_or_default();
    let run = accounts::delete(Some(&v(&list)));
    let mut e = Engine::new(&o, run.unwrap_or_else(|e| panic!("{e}")), Setup { paced: true, ..Setup::default() });
    let mut pace = Pace::new(accounts::RATE_PER_SECOND);
    assert_eq!(e.start(), Action::NeedUserSig);
    assert_eq!(e.on(Event::UserSig(SIG.into()), 0), Action::Pace);
    let (wait, slot) = pace.reserve(0.0);
    assert_eq!(wait, 0.0);
    assert!(matches!(e.on(Event::Paced(slot), 0), Action::Send { .. }));
    let answer = r#"{"ActionStatus":"OK","ErrorCode":0,"ResultItem":[{"UserID":"u0","ResultCode":0,"ResultInfo":""}]}"#;
    assert_eq!(e.on(reply(answer), 0), Action::Heard { slot, verdict: Verdict::Passed });
    assert_eq!(e.on(Event::Next, 0), Action::NeedUserSig);
    e.on(Event::UserSig(SIG.into()), 0);
    let Action::Send { body, .. } = e.on(Event::Paced(slot), 0) else { panic!("the second batch not sent") };
    assert!(body.starts_with(r#"{"DeleteItem":[{"UserID":"u100"}"#), "{body}");
    let refused = r#"{"ActionStatus":"FAIL","ErrorCode":70402,"ErrorInfo":"bad"}"#;
    assert_eq!(e.on(reply(refused), 0), Action::Heard { slot, verdict: Verdict::Unknown });
    let f = failed(e.on(Event::Next, 0));
    assert_eq!((f.error.code, f.error.attempts), (70402, 1));
    let partial: serde_json::Value = serde_json::from_str(&f.partial.unwrap_or_default()).unwrap_or_default();
    let not_done: Vec<String> = (100..150).map(|i| format!("u{i}")).collect();
    let expected = serde_json::json!({
        "results": [{ "userId": "u0", "code": 0, "info": "" }],
        "notDone": not_done,
    });
    assert_eq!(partial, expected);
}

#[test]
fn a_paged_method_sends_the_page_its_answer_asks_for_and_counts_every_attempt() {
    let o = options();
    let run = groups::get(Some(&v(r#"{"fromAccount":"a"}"#)));
    let mut e = Engine::new(&o, run.unwrap_or_else(|e| panic!("{e}")), Setup::default());
    e.start();
    sign_and_send(&mut e, "recentcontact/get_contact_group", r#"{"From_Account":"a","StartIndex":0}"#, 0);
    let first = r#"{"ActionStatus":"OK","ErrorCode":0,"CompleteFlag":0,"NextStartIndex":5,"GroupItem":[{"GroupName":"g","GroupId":1}]}"#;
    assert_eq!(e.on(reply(first), 0), Action::NeedUserSig);
    sign_and_send(&mut e, "recentcontact/get_contact_group", r#"{"From_Account":"a","StartIndex":5}"#, 9);
    assert_eq!(e.on(Event::Answered(Outcome::Timeout), 0), Action::Wait { ms: 0.0 });
    e.on(Event::Fired, 0);
    e.on(Event::UserSig(SIG.into()), 0);
    let last = r#"{"ActionStatus":"OK","ErrorCode":0,"CompleteFlag":1}"#;
    let d = done(e.on(reply(last), 0));
    assert_eq!(d.attempts, 3);
    let Finish::Json(json) = d.finish else { panic!("no JSON") };
    let json: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(json["groups"], serde_json::json!([{ "name": "g", "groupId": 1 }]));
}

#[test]
fn an_answer_a_reader_refuses_fails_the_run_after_its_attempts() {
    let o = options();
    let run = groups::get(Some(&v(r#"{"fromAccount":"a"}"#)));
    let mut e = Engine::new(&o, run.unwrap_or_else(|e| panic!("{e}")), Setup::default());
    e.start();
    e.on(Event::UserSig(SIG.into()), 0);
    let f = failed(e.on(reply(r#"{"ActionStatus":"OK","ErrorCode":0,"CompleteFlag":0}"#), 0));
    assert_eq!((f.error.kind, f.error.attempts, f.partial), (ErrorKind::Decode, 1, None));
}

/// `n` items, `i0` … , as the binding's values would be.
fn item(i: u32) -> Item<String> {
    Item { index: i, request: format!("i{i}") }
}

#[test]
fn a_bulk_tally_counts_each_item_once_and_keeps_failures_when_asked() {
    let mut t: Tally<String> = Tally::new(true);
    assert_eq!(t.pulled(Ok(Some("i0".into())), false), Pulled::Send(item(0)));
    assert_eq!(t.pulled(Ok(Some("i1".into())), false), Pulled::Send(item(1)));
    assert_eq!(t.pulled(Ok(Some("i2".into())), false), Pulled::Send(item(2)));
    let (timeout, aborted) = (Error::new(ErrorKind::Timeout, "t"), Error::new(ErrorKind::Aborted, "a"));
    let status = |r: Result<(), (&Error, bool)>| Status::of(r);
    assert_eq!(status(Ok(())), Status::Succeeded);
    assert_eq!(status(Err((&timeout, false))), Status::Failed);
    assert_eq!(status(Err((&aborted, false))), Status::InFlight);
    assert_eq!(status(Err((&aborted, true))), Status::NotAttempted);
    t.record(item(0), Status::Succeeded, None);
    t.record(item(1), Status::Failed, Some("e1".into()));
    t.record(item(2), Status::InFlight, None);
    assert_eq!((t.read, t.succeeded, t.failed), (3, 1, 1));
    assert_eq!(t.failures, [(item(1), "e1".to_owned())]);
    assert_eq!(t.in_flight, [item(2)]);
    // Aborted while an item was being read: it is read, not sent, and listed as not attempted.
    assert!(t.cut_short(true));
    assert_eq!(t.pulled(Ok(Some("i3".into())), true), Pulled::Skip(item(3)));
    t.record(item(3), Status::NotAttempted, None);
    assert_eq!((t.read, t.not_attempted.len()), (4, 1));
    assert_eq!(t.pulled(Ok(None), false), Pulled::End);
    assert!(t.stopped(false));
}

#[test]
fn without_keep_failures_a_failure_is_counted_only_and_an_input_that_throws_stops_the_run() {
    let mut t: Tally<String> = Tally::new(false);
    t.pulled(Ok(Some("i0".into())), false);
    t.record(item(0), Status::Failed, Some("e0".into()));
    assert_eq!((t.failed, t.failures.len()), (1, 0));
    assert!(!t.stopped(false));
    assert_eq!(t.pulled(Err("thrown".into()), false), Pulled::End);
    assert_eq!(t.stops.source.as_deref(), Some("thrown"));
    assert!(t.cut_short(false) && !t.exhausted);
}

#[test]
fn progress_is_due_at_its_interval_and_at_the_end() {
    let mut t: Tally<String> = Tally::new(true);
    for i in 0..3 {
        t.pulled(Ok(Some(format!("i{i}"))), false);
    }
    t.record(item(0), Status::Succeeded, None);
    t.record(item(1), Status::Failed, Some("e".into()));
    let expected = Progress { done: 2, succeeded: 1, failed: 1, total: 10.0 };
    assert_eq!(t.progress(1000.0, 200.0, false, Total::Given(10.0)), Some(expected));
    assert_eq!(t.progress(1100.0, 200.0, false, Total::Given(10.0)), None);
    // The run's end is always told; an iterable's total is never below the items read.
    assert_eq!(t.progress(1100.0, 200.0, true, Total::Given(1.0)).map(|p| p.total), Some(3.0));
    assert_eq!(t.progress(1400.0, 200.0, false, Total::Unknown).map(|p| p.total), Some(3.0));
    assert_eq!(t.progress(1700.0, 200.0, false, Total::Length(5.0)).map(|p| p.total), Some(5.0));
    t.stops.progress = Some("rejected".into());
    assert_eq!(t.progress(9000.0, 200.0, true, Total::Unknown), None);
}
