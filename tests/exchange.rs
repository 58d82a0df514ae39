//! What one exchange's outcome means and what a call does next: the decisions the call loop asks for.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use tencent_chat_admin::core::call::exchange::{interpret, next_step, Outcome, Step, Verdict};
use tencent_chat_admin::core::call::retry::RetryPolicy;
use tencent_chat_admin::core::wire::response::ApiResult;
use tencent_chat_admin::ErrorKind;

const TARGET: &str = "https://adminapisgp.im.qcloud.com/v4/recentcontact/top";
const OK: &str = r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":"","RequestId":"r-1"}"#;

fn fail_body(code: i64) -> String {
    [r#"{"ActionStatus":"FAIL","ErrorCode":"#, &code.to_string(), r#","ErrorInfo":"no"}"#].concat()
}

#[test]
fn failures_without_an_answer_have_their_kind_and_message() {
    let e = interpret(Outcome::Timeout, TARGET, 2500, &[]).unwrap_err();
    assert_eq!(
        (e.kind, e.message.as_str()),
        (ErrorKind::Timeout, ["no answer within 2500 ms from ", TARGET].concat().as_str())
    );
    let e = interpret(Outcome::Network("TypeError: fetch failed (ECONNREFUSED)"), TARGET, 1, &[]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Network);
    assert_eq!(e.message, ["could not reach ", TARGET, ": TypeError: fetch failed (ECONNREFUSED)"].concat());
    let e = interpret(Outcome::Threw("Error: nope"), TARGET, 1, &[]).unwrap_err();
    assert_eq!((e.kind, e.message), (ErrorKind::Network, ["fetch threw calling ", TARGET, ": Error: nope"].concat()));
    let e = interpret(Outcome::Cors("TypeError: Failed to fetch"), TARGET, 1, &[]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Cors);
    assert!(e.message.starts_with(&["the browser refused the cross-origin call to ", TARGET].concat()));
    assert!(e.message.contains("'/chat-api'"), "{}", e.message);
    let e = interpret(Outcome::Unreachable("TypeError: Failed to fetch"), TARGET, 1, &[]).unwrap_err();
    let message = ["could not reach ", TARGET, ": nothing answers there (TypeError: Failed to fetch)"].concat();
    assert_eq!((e.kind, e.message), (ErrorKind::Network, message));
    let e = interpret(Outcome::TooLarge, TARGET, 1, &[]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode);
    assert!(e.message.contains("larger than 1 MiB"), "{}", e.message);
    let e = interpret(Outcome::NoReply, TARGET, 1, &[]).unwrap_err();
    assert_eq!((e.kind, e.message), (ErrorKind::Decode, ["fetch gave no status or text body for ", TARGET].concat()));
    for e in [
        interpret(Outcome::Timeout, TARGET, 1, &[]).unwrap_err(),
        interpret(Outcome::Network("x"), TARGET, 1, &[]).unwrap_err(),
    ] {
        assert_eq!((e.code, e.status, e.attempts), (0, 0, 0));
    }
}

#[test]
fn secrets_in_what_a_js_error_said_are_scrubbed() {
    let said = "TypeError: bad URL https://h/v4/x?usersig=eJyrSECRET&random=1";
    let e = interpret(Outcome::Network(said), TARGET, 1, &["eJyrSECRET", "key"]).unwrap_err();
    assert!(!e.message.contains("eJyrSECRET"), "{}", e.message);
    assert!(e.message.ends_with("usersig=REDACTED&random=1"), "{}", e.message);
    let e = interpret(Outcome::Cors("key-text"), TARGET, 1, &["eJyrSECRET", "key-text"]).unwrap_err();
    assert!(!e.message.contains("(key-text)") && e.message.contains("(REDACTED)"), "{}", e.message);
}

#[test]
fn answers_are_decoded() {
    let r = interpret(Outcome::Reply { status: 200, body: OK }, TARGET, 1, &[]).unwrap();
    assert_eq!(
        r,
        ApiResult {
            error_info: String::new(),
            error_display: String::new(),
            request_id: Some("r-1".into()),
            body: OK.to_owned()
        }
    );
    let e = interpret(Outcome::Reply { status: 200, body: &fail_body(50001) }, TARGET, 1, &[]).unwrap_err();
    assert_eq!((e.kind, e.code, e.status), (ErrorKind::Service, 50001, 200));
    let e = interpret(Outcome::Reply { status: 503, body: "busy" }, TARGET, 1, &[]).unwrap_err();
    assert_eq!((e.kind, e.code, e.status), (ErrorKind::Http, 0, 503));
}

#[test]
fn an_http_answer_without_the_envelope_names_the_url_and_what_to_check() {
    let e = interpret(Outcome::Reply { status: 404, body: "<html>Not Found</html>" }, TARGET, 1, &[]).unwrap_err();
    let message = "the service answered HTTP 404 from https://adminapisgp.im.qcloud.com/v4/recentcontact/top: check the endpoint, or the proxy in between";
    assert_eq!((e.kind, e.status, e.message.as_str()), (ErrorKind::Http, 404, message));
    // With the envelope, the service itself answered: its code says what is wrong, not the URL.
    let e = interpret(Outcome::Reply { status: 500, body: &fail_body(50002) }, TARGET, 1, &[]).unwrap_err();
    assert_eq!((e.kind, e.code, e.message.contains(TARGET)), (ErrorKind::Http, 50002, false));
}

fn step(fixed: bool, status: u16, body: &str, attempts: u32, resigned: bool) -> Step {
    let result = interpret(Outcome::Reply { status, body }, TARGET, 1, &[]);
    next_step(&RetryPolicy::default(), fixed, result, attempts, resigned, 0.5)
}

#[test]
fn the_next_step_follows_the_retry_policy() {
    assert!(matches!(step(false, 200, OK, 1, false), Step::Done(_)));
    // Retryable: full jitter over min * 2^(n-1): 0.5 × 200, then 0.5 × 400.
    assert_eq!(step(false, 200, &fail_body(50004), 1, false), Step::Wait { ms: 100.0 });
    assert_eq!(step(false, 503, "", 2, false), Step::Wait { ms: 200.0 });
    // Throttled: four times the cap, at least half of it: 800 × (0.5 + 0.25).
    assert_eq!(step(false, 200, &fail_body(60007), 1, false), Step::Wait { ms: 600.0 });
    // Out of retries (3 by default): the error, with the attempts it took.
    let Step::Fail(e) = step(false, 200, &fail_body(50004), 4, false) else { panic!("expected Fail") };
    assert_eq!((e.code, e.attempts), (50004, 4));
    let Step::Fail(e) = step(false, 200, &fail_body(50001), 1, false) else { panic!("expected Fail") };
    assert_eq!((e.code, e.attempts), (50001, 1));
}

#[test]
fn an_expired_usersig_is_renewed_once_unless_it_is_fixed() {
    assert_eq!(step(false, 200, &fail_body(70001), 1, false), Step::Resign);
    assert_eq!(step(false, 401, &fail_body(70001), 1, false), Step::Resign);
    let Step::Fail(e) = step(false, 200, &fail_body(70001), 2, true) else { panic!("expected Fail") };
    assert_eq!((e.code, e.attempts), (70001, 2));
    let Step::Fail(e) = step(true, 200, &fail_body(70001), 1, false) else { panic!("expected Fail") };
    assert_eq!((e.code, e.attempts), (70001, 1));
}

#[test]
fn retries_off_fails_at_once() {
    let result = interpret(Outcome::Timeout, TARGET, 1, &[]);
    let Step::Fail(e) = next_step(&RetryPolicy::OFF, false, result, 1, false, 0.0) else { panic!("expected Fail") };
    assert_eq!((e.kind, e.attempts), (ErrorKind::Timeout, 1));
}

fn verdict(status: u16, body: &str) -> Verdict {
    Verdict::of(&interpret(Outcome::Reply { status, body }, TARGET, 1, &[]))
}

#[test]
fn a_throttled_answer_is_heard_as_such_whether_or_not_a_retry_follows() {
    // Retries off, or the last retry: the call gives up, and a bulk run's pacing must still hear the 60007.
    for (policy, attempts) in [(RetryPolicy::OFF, 1), (RetryPolicy::default(), 4)] {
        let result = interpret(Outcome::Reply { status: 200, body: &fail_body(60007) }, TARGET, 1, &[]);
        assert_eq!(Verdict::of(&result), Verdict::Throttled);
        assert!(matches!(next_step(&policy, false, result, attempts, false, 0.5), Step::Fail(_)));
    }
    for code in [60007, 60011, 60018, 60019] {
        assert_eq!(verdict(200, &fail_body(code)), Verdict::Throttled, "{code}");
    }
    assert_eq!(verdict(429, "slow down"), Verdict::Throttled);
    assert_eq!(verdict(200, OK), Verdict::Passed);
}

#[test]
fn only_refusals_prove_a_request_was_not_applied() {
    assert!(!verdict(200, &fail_body(60007)).may_have_applied());
    assert_eq!(verdict(200, &fail_body(70001)), Verdict::Refused);
    assert!(!Verdict::Refused.may_have_applied());
    for unknown in
        [verdict(200, &fail_body(50004)), verdict(503, ""), Verdict::of(&interpret(Outcome::Timeout, TARGET, 1, &[]))]
    {
        assert_eq!(unknown, Verdict::Unknown);
        assert!(unknown.may_have_applied());
    }
    assert!(verdict(200, OK).may_have_applied());
}

#[test]
fn a_call_not_safe_to_repeat_is_retried_only_when_the_attempt_was_not_applied() {
    use tencent_chat_admin::core::call::exchange::{repeat_allowed, Verdict};
    // Safe to repeat (pins, marks, accounts): whatever happened.
    for verdict in [Verdict::Passed, Verdict::Throttled, Verdict::Refused, Verdict::Unknown] {
        assert!(repeat_allowed(false, verdict), "{verdict:?}");
    }
    // Not safe (a group created, renamed or deleted): only a refusal proves the first did nothing.
    assert!(repeat_allowed(true, Verdict::Throttled));
    assert!(repeat_allowed(true, Verdict::Refused));
    assert!(!repeat_allowed(true, Verdict::Unknown));
}
