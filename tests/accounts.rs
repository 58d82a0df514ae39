//! Accounts (reference §4b), any endpoint (`request()`) and callback signatures (§4c): bodies against JSON
//! written by hand, batches of 100, answers read into the JS shapes, validation with field paths, and the
//! reference's signature vector.

#[path = "common/runs.rs"]
mod runs;

use runs::{exchange, j, json, refuse, refused, v};
use tencent_chat_admin::core::input::tree::Value;
use tencent_chat_admin::core::input::Input;
use tencent_chat_admin::core::methods::accounts;
use tencent_chat_admin::core::methods::callbacks::{sign, SignCheck};
use tencent_chat_admin::core::methods::request;
use tencent_chat_admin::core::methods::run::{Finish, Run};
use tencent_chat_admin::Result;

/// A method's reader of its argument.
type Method = fn(Option<&Value>) -> Result<Run>;

const OK: &str = r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#;

#[test]
fn import_sends_account_list_in_batches_of_100_paced() {
    let ids: Vec<String> = (0..250).map(|i| format!(r#""u{i}""#)).collect();
    let request = v(&format!("[{}]", ids.join(",")));
    let (command, bodies, finish, paced) = exchange(accounts::import(Some(&request)), |i| {
        if i == 1 {
            r#"{"ActionStatus":"OK","ErrorCode":0,"FailAccounts":["u100","u199"]}"#.to_owned()
        } else {
            OK.to_owned()
        }
    });
    assert_eq!(command, "im_open_login_svc/multiaccount_import");
    assert!(paced);
    let sizes: Vec<usize> = bodies.iter().map(|b| j(b)["AccountList"].as_array().map_or(0, Vec::len)).collect();
    assert_eq!(sizes, [100, 100, 50]);
    assert!(bodies[0].starts_with(r#"{"AccountList":[{"UserID":"u0"},{"UserID":"u1"},"#), "{}", bodies[0]);
    assert!(bodies[2].ends_with(r#"{"UserID":"u248"},{"UserID":"u249"}]}"#), "{}", bodies[2]);
    let result = json(finish);
    assert_eq!(result["failed"], j(r#"["u100","u199"]"#));
    let imported = result["imported"].as_array().map_or(0, Vec::len);
    assert_eq!(imported, 248);
    assert_eq!(result["imported"][100], "u101");
}

#[test]
fn import_takes_strings_and_objects_with_nick_and_face() {
    let request =
        v(r#"["alice",{"userId":"bob","nick":"Bob","faceUrl":"https://example.com/b.png"},{"userId":"carol"}]"#);
    let (_, bodies, finish, _) = exchange(accounts::import(Some(&request)), |_| OK.to_owned());
    assert_eq!(
        bodies,
        [
            r#"{"AccountList":[{"UserID":"alice"},{"UserID":"bob","Nick":"Bob","FaceUrl":"https://example.com/b.png"},{"UserID":"carol"}]}"#
        ]
    );
    assert_eq!(json(finish), j(r#"{"imported":["alice","bob","carol"],"failed":[]}"#));
    let (_, bodies, finish, _) = exchange(accounts::import(Some(&v("[]"))), |_| OK.to_owned());
    assert!(bodies.is_empty());
    assert_eq!(json(finish), j(r#"{"imported":[],"failed":[]}"#));
}

#[test]
fn check_and_delete_read_each_result() {
    let request = v(r#"["alice","ghost"]"#);
    let answer = r#"{"ActionStatus":"OK","ErrorCode":0,"ResultItem":[
        {"UserID":"alice","ResultCode":0,"ResultInfo":"","AccountStatus":"Imported"},
        {"UserID":"ghost","ResultCode":0,"ResultInfo":"","AccountStatus":"NotImported"}]}"#;
    let (command, bodies, finish, paced) = exchange(accounts::check(Some(&request)), |_| answer.to_owned());
    assert_eq!((command.as_str(), paced), ("im_open_login_svc/account_check", true));
    assert_eq!(bodies, [r#"{"CheckItem":[{"UserID":"alice"},{"UserID":"ghost"}]}"#]);
    assert_eq!(
        json(finish),
        j(
            r#"[{"userId":"alice","imported":true,"code":0,"info":""},{"userId":"ghost","imported":false,"code":0,"info":""}]"#
        )
    );
    let answer = r#"{"ActionStatus":"OK","ErrorCode":0,"ResultItem":[
        {"UserID":"alice","ResultCode":0,"ResultInfo":""},{"UserID":"ghost","ResultCode":70107,"ResultInfo":"not exist"}]}"#;
    let (command, bodies, finish, _) = exchange(accounts::delete(Some(&request)), |_| answer.to_owned());
    assert_eq!(command, "im_open_login_svc/account_delete");
    assert_eq!(bodies, [r#"{"DeleteItem":[{"UserID":"alice"},{"UserID":"ghost"}]}"#]);
    assert_eq!(
        json(finish),
        j(r#"[{"userId":"alice","code":0,"info":""},{"userId":"ghost","code":70107,"info":"not exist"}]"#)
    );
}

#[test]
fn check_splits_at_100_too() {
    let ids: Vec<String> = (0..201).map(|i| format!(r#""u{i}""#)).collect();
    let (_, bodies, _, _) = exchange(accounts::check(Some(&v(&format!("[{}]", ids.join(","))))), |_| OK.to_owned());
    let sizes: Vec<usize> = bodies.iter().map(|b| j(b)["CheckItem"].as_array().map_or(0, Vec::len)).collect();
    assert_eq!(sizes, [100, 100, 1]);
}

#[test]
fn kick_sends_one_user_id() {
    let (command, bodies, finish, paced) = exchange(accounts::kick(Some(&v(r#""alice""#))), |_| OK.to_owned());
    assert_eq!((command.as_str(), paced), ("im_open_login_svc/kick", false));
    assert_eq!(bodies, [r#"{"UserID":"alice"}"#]);
    assert_eq!(finish, Finish::Envelope);
}

#[test]
fn account_arguments_are_checked() {
    let cases: [(Method, &str, &str, &str); 9] = [
        (accounts::import, r#""alice""#, "accounts", "must be an array, not string"),
        (
            accounts::import,
            r#"["alice",7]"#,
            "accounts[1]",
            "must be an object { userId, nick?, faceUrl? } or a UserID string, not number",
        ),
        (accounts::import, r#"[{"userID":"a"}]"#, "accounts[0].userID", "did you mean accounts[0].userId?"),
        (
            accounts::import,
            r#"[{"userId":"123456789012345678901234567890123"}]"#,
            "accounts[0].userId",
            "at most 32 bytes",
        ),
        (accounts::import, r#"[""]"#, "accounts[0]", "must not be empty"),
        (accounts::check, r#"["a",null]"#, "userIds[1]", "must be a string, not null"),
        (accounts::delete, r#"{}"#, "userIds", "must be an array, not object"),
        (accounts::kick, r#"["a"]"#, "userId", "must be a string, not array"),
        (accounts::kick, r#""""#, "userId", "must not be empty"),
    ];
    for (f, request, field, says) in cases {
        refuse(f, request, field, says);
    }
    let (field, message) = refused(accounts::kick(None));
    assert_eq!((field.as_str(), message.as_str()), ("userId", "userId is required"));
    let long = "x".repeat(501);
    let (field, _) = refused(accounts::import(Some(&v(&format!(r#"[{{"userId":"a","nick":"{long}"}}]"#)))));
    assert_eq!(field, "accounts[0].nick");
    let many: Vec<String> = (0..10_001).map(|i| format!(r#""u{i}""#)).collect();
    let (field, message) = refused(accounts::check(Some(&v(&format!("[{}]", many.join(","))))));
    assert_eq!(field, "userIds");
    assert!(message.contains("at most 10000"), "{message}");
}

#[test]
fn request_sends_any_command_and_gives_back_the_answer() {
    let body = v(r#"{"GroupIdList":["g1"],"ResponseFilter":{"GroupBaseInfoFilter":["Name"]}}"#);
    let answer = r#"{"ActionStatus":"OK","ErrorCode":0,"GroupInfo":[{"GroupId":"g1","Name":"x"}]}"#;
    for command in [
        "group_open_http_svc/get_group_info",
        "v4/group_open_http_svc/get_group_info",
        "/v4/group_open_http_svc/get_group_info",
        "/group_open_http_svc/get_group_info",
    ] {
        let run = request::run(Input::Str(command.into()), Some(&body), None);
        let (sent_to, bodies, finish, _) = exchange(run, |_| answer.to_owned());
        assert_eq!(sent_to, "group_open_http_svc/get_group_info");
        assert_eq!(bodies, [r#"{"GroupIdList":["g1"],"ResponseFilter":{"GroupBaseInfoFilter":["Name"]}}"#]);
        assert_eq!(finish, Finish::Json(answer.to_owned()));
    }
    let (_, bodies, _, _) =
        exchange(request::run(Input::Str("openim/querystate".into()), None, None), |_| OK.to_owned());
    assert_eq!(bodies, ["{}"]);
}

#[test]
fn request_commands_are_checked_strictly() {
    for bad in [
        "",
        "get_group_info",
        "a/b/c",
        "v4/",
        "v4/a",
        "../a/b",
        "a/..",
        "a/b?x=1",
        "a/b#f",
        "//a/b",
        "//v4/a/b",
        "/v4/",
        "a//b",
        "a/b/",
        "v4/v4/a/b",
        "a b/c",
        "a/b%2F",
        "https://x/a/b",
        "a\\b/c",
        "ä/b",
    ] {
        let (field, _) = refused(request::run(Input::Str(bad.into()), None, None));
        assert_eq!(field, "command", "{bad:?} was accepted");
    }
    let (field, message) = refused(request::run(Input::Num(1.0), None, None));
    assert_eq!((field.as_str(), message.as_str()), ("command", "command must be a string, not number"));
    for (body, says) in [("[]", "not array"), ("null", "not null"), (r#""{}""#, "not string")] {
        let (field, message) = refused(request::run(Input::Str("a/b".into()), Some(&v(body)), None));
        assert_eq!(field, "body");
        assert!(message.contains(says), "{message}");
    }
}

#[test]
fn callback_sign_matches_the_reference_vector() {
    assert_eq!(sign("xxxxyyyy", "1669872112"), "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061");
    let check = |json: &str| SignCheck::read(Some(&v(json))).unwrap_or_else(|e| panic!("{e}"));
    let good = r#"{"token":"xxxxyyyy","requestTime":"1669872112","sign":"17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061"}"#;
    assert!(check(good).verify(0));
    let number = good.replace(r#""1669872112""#, "1669872112");
    assert!(check(&number).verify(0));
    // The pairing one copy of the docs prints is wrong.
    assert!(!check(&good.replace("xxxxyyyy", "xxxyyy")).verify(0));
    assert!(!check(&good.replace("17773b", "17773c")).verify(0));
    assert!(!check(&good.replace("1669872112", "1669872113")).verify(0));
    assert!(
        !check(&good.replace("17773bc39a671d7b9aa8", "17773BC39A671D7B9AA8")).verify(0),
        "the sign is lower-case hex"
    );
    assert!(!check(&good.replace("d484061\"", "d48406\"")).verify(0));
}

#[test]
fn callback_skew_is_checked_against_now() {
    let at = |now: u64, skew: u64| {
        format!(
            r#"{{"token":"xxxxyyyy","requestTime":"1669872112","sign":"17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061","now":{now},"maxSkewSeconds":{skew}}}"#
        )
    };
    let verify = |json: String, clock: u64| SignCheck::read(Some(&v(&json))).map(|c| c.verify(clock)).unwrap_or(false);
    assert!(verify(at(1669872112 + 60, 60), 0));
    assert!(verify(at(1669872112 - 60, 60), 0));
    assert!(!verify(at(1669872112 + 61, 60), 0));
    assert!(!verify(at(1669872112 - 61, 60), 0));
    // Without `now`, the clock given decides.
    let no_now = r#"{"token":"xxxxyyyy","requestTime":"1669872112","sign":"17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061","maxSkewSeconds":5}"#;
    assert!(verify(no_now.to_owned(), 1669872117));
    assert!(!verify(no_now.to_owned(), 1669872118));
}

#[test]
fn callback_options_are_checked() {
    for (json, field) in [
        (r#"{"requestTime":"1","sign":"x"}"#, "token"),
        (r#"{"token":"t","requestTime":1,"sign":"x","now":"1"}"#, "now"),
        (r#"{"token":"t","requestTime":1,"sign":"x","maxSkewSeconds":-1}"#, "maxSkewSeconds"),
        (r#"{"token":"t","requestTime":1,"sign":"x","maxSkew":5}"#, "maxSkew"),
        (r#"{"token":"t","requestTime":1,"sign":"x","Sign":"y"}"#, "Sign"),
    ] {
        let e = SignCheck::read(Some(&v(json))).err().and_then(|e| e.field);
        assert_eq!(e.as_deref(), Some(field), "{json}");
    }
}

const VECTOR_SIGN: &str = "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061";

#[test]
fn callback_values_from_the_sender_that_cannot_be_right_verify_false_rather_than_throw() {
    let fields = |time: &str, sign: &str| {
        let mut o = vec![r#""token":"xxxxyyyy""#.to_owned()];
        o.extend((!time.is_empty()).then(|| [r#""requestTime":"#, time].concat()));
        o.extend((!sign.is_empty()).then(|| [r#""sign":"#, sign].concat()));
        ["{", &o.join(","), "}"].concat()
    };
    let quoted = [r#"""#, VECTOR_SIGN, r#"""#].concat();
    let read = |json: String| SignCheck::read(Some(&v(&json))).map(|c| c.verify(0)).map_err(|e| e.to_string());
    assert_eq!(read(fields(r#""1669872112""#, &quoted)), Ok(true));
    for sign in ["", "null", "7", "[\"a\"]", r#"{"a":1}"#, "true"] {
        assert_eq!(read(fields(r#""1669872112""#, sign)), Ok(false), "sign {sign}");
    }
    for time in
        ["", "null", r#""abc""#, r#""""#, r#""1.5""#, r#""-1""#, r#""16698721120000000""#, "1.5", "-1", "[1]", "true"]
    {
        assert_eq!(read(fields(time, &quoted)), Ok(false), "requestTime {time}");
    }
}

#[test]
fn callback_times_the_app_gives_in_milliseconds_are_refused() {
    let at = |extra: &str| {
        let json =
            [r#"{"token":"xxxxyyyy","requestTime":"1669872112","sign":""#, VECTOR_SIGN, r#"""#, extra, "}"].concat();
        SignCheck::read(Some(&v(&json))).map(|c| c.verify(0)).map_err(|e| (e.field, e.message))
    };
    assert_eq!(at(r#","now":1669872130,"maxSkewSeconds":60"#), Ok(true));
    assert_eq!(at(r#","now":99999999999"#), Ok(true));
    for extra in [r#","now":1669872130000,"maxSkewSeconds":60"#, r#","now":100000000000"#] {
        let (field, message) = at(extra).expect_err(extra);
        assert_eq!(field.as_deref(), Some("now"));
        assert!(message.contains("seconds, not milliseconds"), "{message}");
    }
    let json = [r#"{"token":"xxxxyyyy","requestTime":1669872112000,"sign":""#, VECTOR_SIGN, r#""}"#].concat();
    let e = SignCheck::read(Some(&v(&json))).expect_err("a number of milliseconds");
    assert_eq!(e.field.as_deref(), Some("requestTime"));
    assert!(e.message.contains("seconds, not milliseconds"), "{}", e.message);
}

#[test]
fn request_is_repeated_only_for_endpoints_known_safe_or_said_to_be() {
    let once = |command: &str, idempotent| {
        request::run(Input::Str(command.into()), None, idempotent).map(|r| r.once).unwrap_or_else(|e| panic!("{e}"))
    };
    // A message sent again is a second message.
    assert!(once("v4/openim/sendmsg", None));
    assert!(!once("v4/openim/sendmsg", Some(true)));
    for safe in [
        "recentcontact/get_list",
        "im_open_login_svc/account_check",
        "group_open_http_svc/get_group_info",
        "group_open_http_svc/get_group_member_info",
        "profile/portrait_get",
        "v4/recentcontact/top",
    ] {
        assert!(!once(safe, None), "{safe}");
    }
    assert!(once("recentcontact/top", Some(false)));
    assert!(once("im_open_login_svc/account_delete", None));
}

#[test]
fn account_methods_repeat_as_documented() {
    let ids = v(r#"["alice"]"#);
    let once = |run: Result<Run>| run.map(|r| r.once).unwrap_or_else(|e| panic!("{e}"));
    assert!(!once(accounts::import(Some(&ids))));
    assert!(!once(accounts::check(Some(&ids))));
    // Repeated by the method (a repeat deletes nothing more; 70107 for what the first attempt deleted).
    assert!(!once(accounts::delete(Some(&ids))));
    assert!(!once(accounts::kick(Some(&v(r#""alice""#)))));
}
