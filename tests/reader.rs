//! The one reader: every argument reaches the core as JSON text (what `src/wasm/read.js` writes, written here by
//! hand, markers included) and is read from the tree with field paths, unknown names refused with a suggestion,
//! type markers named, numbers JSON cannot hold read as numbers, and keys given as `undefined` at the top still
//! checked. Each case is the exact message a caller sees.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use tencent_chat_admin::core::call::bulk::BulkOptions;
use tencent_chat_admin::core::call::options::{read_call, Options};
use tencent_chat_admin::core::input::tree::Value;
use tencent_chat_admin::core::input::Input;
use tencent_chat_admin::core::methods::pin::{self, Operation};
use tencent_chat_admin::core::methods::request;
use tencent_chat_admin::Error;

/// `text` with `@word` standing for the marker `[TYPE_MARKER, word]` (as `read.js` writes it).
fn tree(text: &str) -> Option<Value> {
    let marked = regex_free_markers(text);
    Some(serde_json::from_str(&marked).unwrap_or_else(|e| panic!("{marked}: {e}")))
}

fn regex_free_markers(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..at]);
        let word: String = rest[at + 1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        out.push_str(&format!(r#"["\u0000tencent-chat-admin:js-type","{word}"]"#));
        rest = &rest[at + 1 + word.len()..];
    }
    out.push_str(rest);
    out
}

fn said<T>(r: Result<T, Error>) -> (String, String) {
    let e = r.err().expect("refused");
    (e.field.unwrap_or_default(), e.message)
}

const OPTIONS: &str = r#""sdkAppId":1400000000,"identifier":"admin","secretKey":"k","region":"frankfurt""#;

fn options(extra: &str) -> Result<Options, Error> {
    Options::read(tree(&["{", OPTIONS, extra, "}"].concat()).as_ref())
}

#[test]
fn client_options_name_the_field_and_suggest_ours() {
    assert!(options("").is_ok());
    for (extra, field, message) in [
        (r#","timeout":5"#, "timeout", "timeout is not an option; did you mean timeoutMs?"),
        (r#","maxRetries":2"#, "maxRetries", "maxRetries is not an option; did you mean retry?"),
        (r#","retry":{"limit":2}"#, "retry.limit", "retry.limit is not an option; did you mean retry.retries?"),
        (r#","timeoutMs":@NaN"#, "timeoutMs", "timeoutMs must be an integer from 1 to 2147483647"),
        (r#","timeoutMs":@Infinity"#, "timeoutMs", "timeoutMs must be an integer from 1 to 2147483647"),
        (r#","timeoutMs":@bigint"#, "timeoutMs", "timeoutMs must be a number, not bigint"),
        (r#","fetch":{}"#, "fetch", "fetch must be a function, not object"),
        (
            r#","retry":@Date"#,
            "retry",
            "retry must be true, false, a number of retries or { retries, minDelayMs, maxDelayMs }, not Date",
        ),
        (
            r#","retry":"3""#,
            "retry",
            "retry must be true, false, a number of retries or { retries, minDelayMs, maxDelayMs }, not string",
        ),
        (
            r#","retry":{"retries":@nested}"#,
            "retry.retries",
            "retry.retries must be a number, not an object nested too deep (over 8 levels or 20,000 values)",
        ),
    ] {
        assert_eq!(said(options(extra)), (field.to_owned(), message.to_owned()), "{extra}");
    }
    // A key given as `undefined` is absent, but its name is checked.
    assert!(options(r#","timeoutMs":@undefined,"retry":@undefined"#).is_ok_and(|o| o.timeout_ms == 10_000));
    assert_eq!(said(options(r#","timeot":@undefined"#)).1, "timeot is not an option; did you mean timeoutMs?");
    let identifier = Options::read(tree(r#"{"sdkAppId":1,"identifier":@lone-surrogate}"#).as_ref());
    assert_eq!(said(identifier).1, "identifier must be valid Unicode (it holds a lone UTF-16 surrogate)");
}

#[test]
fn per_call_options_check_names_and_read_idempotent() {
    let read = |text: &str, raw| read_call(tree(text).as_ref(), raw);
    assert_eq!(read(r#"{"signal":{},"onRetry":@function}"#, false), Ok(None));
    assert_eq!(read(r#"{"idempotent":true}"#, true), Ok(Some(true)));
    assert_eq!(read(r#"{"idempotent":@undefined}"#, true), Ok(None));
    assert_eq!(
        said(read(r#"{"signl":@undefined,"x":1}"#, false)),
        ("signl".into(), "signl is not an option; did you mean signal?".into())
    );
    assert_eq!(said(read(r#"{"idempotent":1}"#, true)).1, "idempotent must be a boolean, not number");
    assert_eq!(said(read(r#"{"idempotent":true}"#, false)).1, "idempotent is an option of request() only");
    assert_eq!(
        said(read(r#"{"timeoutMs":5}"#, false)).1,
        "timeoutMs is a client option, not a call's: give it to new ChatAdmin()"
    );
}

#[test]
fn pin_requests_check_every_name_before_any_value() {
    let read = |text: &str| pin::read(tree(text).as_ref());
    let (request, operation) = read(
        r#"{"fromAccount":"a","conversations":[{"type":"c2c","toAccount":"b"},{"type":"group","groupId":"g"}],"operation":"unpin"}"#,
    )
    .expect("read");
    assert_eq!(operation, Input::Str("unpin".into()));
    assert_eq!(
        request.to_body(Operation::Unpin).as_deref(),
        Ok(
            r#"{"From_Account":"a","OperationType":2,"RecentContactItem":[{"Type":1,"To_Account":"b"},{"Type":2,"GroupId":"g"}]}"#
        )
    );
    for (text, field, message) in [
        (
            r#"{"from_account":"a"}"#,
            "from_account",
            "from_account is not a field of a pin request; did you mean fromAccount?",
        ),
        (
            r#"{"fromAccount":@symbol,"conversations":[{"type":"c2c","toAccount":"b"},{"type":"c2c","toAcount":"c"}]}"#,
            "conversations[1].toAcount",
            "conversations[1].toAcount is not a field of a conversation; did you mean conversations[1].toAccount?",
        ),
        (r#"{"fromAccount":@symbol,"conversations":[]}"#, "fromAccount", "fromAccount must be a string, not symbol"),
        (r#"{"fromAccount":"a","conversations":@Map}"#, "conversations", "conversations must be an array, not Map"),
        (r#"{"fromAccount":"a","conversations":@undefined}"#, "conversations", "conversations is required"),
        (
            r#"{"fromAccount":"a","conversations":[@function]}"#,
            "conversations[0]",
            "conversations[0] must be an object { type, toAccount | groupId }",
        ),
        (
            r#"{"fromAccount":"a","conversations":[{"type":"c2c","groupId":"g"}]}"#,
            "conversations[0].groupId",
            "conversations[0].groupId is not allowed on a c2c conversation",
        ),
        (
            r#"{"fromAccount":"a","conversations":[{"type":"group","groupId":@lone-surrogate}]}"#,
            "conversations[0].groupId",
            "conversations[0].groupId must be valid Unicode (it holds a lone UTF-16 surrogate)",
        ),
        (
            r#"{"fromAccount":"a","conversations":[{"type":"c2c","toAccount":"b"},{"type":"c2c","toAccount":"b"}]}"#,
            "conversations[1]",
            "conversations[1] repeats conversations[0]",
        ),
    ] {
        assert_eq!(said(read(text)), (field.to_owned(), message.to_owned()), "{text}");
    }
}

#[test]
fn bulk_options_are_read_from_the_tree() {
    let read = |text: &str| BulkOptions::read(tree(text).as_ref());
    let o = read(r#"{"concurrency":4,"operation":"unpin","onResult":@function,"keepFailures":false,"signal":{}}"#);
    assert_eq!(o.map(|o| (o.concurrency, o.operation, o.keep_failures)), Ok((4, Operation::Unpin, false)));
    assert!(BulkOptions::read(None).is_ok_and(|o| o.concurrency == 32 && o.keep_failures));
    assert_eq!(said(read(r#"{"rate":5}"#)).1, "rate is not an option; did you mean ratePerSecond?");
    assert_eq!(
        said(read(r#"{"ratePerSecond":@Infinity}"#)).1,
        "ratePerSecond must be a number above 0, at most 100000"
    );
    assert_eq!(said(read(r#"{"onProgress":"f"}"#)).1, "onProgress must be a function, not string");
}

#[test]
fn request_bodies_refuse_what_json_cannot_hold_by_path() {
    let run = |text: &str| request::run(Input::Str("a/b".into()), tree(text).as_ref(), None).map(|_| ());
    assert!(run(r#"{"a":[1,{"b":null}]}"#).is_ok());
    assert_eq!(
        said(run(r#"{"a":[1,{"b":@NaN}]}"#)),
        ("body.a[1].b".into(), "body.a[1].b must be JSON data, not a number JSON cannot hold (NaN or Infinity)".into())
    );
    assert_eq!(said(run(r#"{"f":@function}"#)).1, "body.f must be JSON data, not function");
}
