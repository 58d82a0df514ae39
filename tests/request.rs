//! URL building and envelope decoding, against fixed expected strings.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use tencent_chat_admin::core::wire::region::{Endpoint, Region};
use tencent_chat_admin::core::wire::request::{Auth, HttpRequest};
use tencent_chat_admin::core::wire::response::decode;
use tencent_chat_admin::ErrorKind;

#[test]
fn url_has_the_common_query() {
    let endpoint = Endpoint::region(Region::Singapore, false).unwrap();
    let auth = Auth { sdk_app_id: 1400000000, identifier: "admin", user_sig: "eJx*a-b_c" };
    let req = HttpRequest::new(&endpoint, "recentcontact/top", auth, 4294967295, "{}".into());
    assert_eq!(req.method, "POST");
    assert_eq!(
        req.url,
        "https://adminapisgp.im.qcloud.com/v4/recentcontact/top?sdkappid=1400000000&identifier=admin&usersig=eJx*a-b_c&random=4294967295&contenttype=json"
    );
    assert_eq!(req.body, "{}");
    assert_eq!(
        req.redacted_url(),
        "https://adminapisgp.im.qcloud.com/v4/recentcontact/top?sdkappid=1400000000&identifier=admin&usersig=REDACTED&random=4294967295&contenttype=json"
    );
    assert!(!format!("{req:?}").contains("eJx"));
}

#[test]
fn the_usersig_is_redacted_in_the_query_even_when_the_path_holds_the_same_text() {
    let endpoint = Endpoint::custom("http://127.0.0.1:8080/a&usersig=x", false).unwrap();
    let auth = Auth { sdk_app_id: 1, identifier: "admin", user_sig: "eJxSECRET" };
    let req = HttpRequest::new(&endpoint, "recentcontact/top", auth, 7, String::new());
    assert_eq!(
        req.redacted_url(),
        "http://127.0.0.1:8080/a&usersig=x/v4/recentcontact/top?sdkappid=1&identifier=admin&usersig=REDACTED&random=7&contenttype=json"
    );
    assert!(!format!("{req:?}").contains("SECRET"));
}

#[test]
fn query_values_are_percent_encoded() {
    let endpoint = Endpoint::custom("http://127.0.0.1:8080/", false).unwrap();
    let auth = Auth { sdk_app_id: 1, identifier: "管理员 a&b=c+d/", user_sig: "s%" };
    let req = HttpRequest::new(&endpoint, "recentcontact/top", auth, 0, String::new());
    assert_eq!(
        req.url,
        "http://127.0.0.1:8080/v4/recentcontact/top?sdkappid=1&identifier=%E7%AE%A1%E7%90%86%E5%91%98%20a%26b%3Dc%2Bd%2F&usersig=s%25&random=0&contenttype=json"
    );
}

#[test]
fn ok_envelope() {
    let r =
        decode(200, r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":"","RequestId":"Id-1"}"#, &[])
            .unwrap();
    assert_eq!((r.error_info.as_str(), r.request_id.as_deref()), ("", Some("Id-1")));
    let r = decode(200, r#"{"ActionStatus":"OK","ErrorCode":0}"#, &[]).unwrap();
    assert_eq!(r.request_id, None);
}

#[test]
fn fail_envelope_is_a_service_error() {
    let e = decode(200, r#"{"ActionStatus":"FAIL","ErrorCode":50001,"ErrorInfo":"Fail to Parse json data of body, Please check it","ErrorDisplay":"d","RequestId":"r"}"#, &[]).unwrap_err();
    assert_eq!((e.kind, e.code, e.status), (ErrorKind::Service, 50001, 200));
    assert!(!e.retryable());
    let s = e.service.as_ref().unwrap();
    assert_eq!(
        (s.info.as_str(), s.display.as_str(), s.request_id.as_deref()),
        ("Fail to Parse json data of body, Please check it", "d", Some("r"))
    );
    assert_eq!(e.message, "an account is not imported: import it (account_import) first (code 50001: Fail to Parse json data of body, Please check it)");
}

#[test]
fn retryable_and_throttle_codes() {
    for (code, retryable, throttled) in [
        (50004, true, false),
        (50005, true, false),
        (60007, true, true),
        (60008, true, false),
        (60011, true, true),
        (60018, true, true),
        (60019, true, true),
        (50002, false, false),
        (70001, false, false),
        (70009, false, false),
    ] {
        let body = format!(r#"{{"ActionStatus":"FAIL","ErrorCode":{code},"ErrorInfo":"x"}}"#);
        let e = decode(200, &body, &[]).unwrap_err();
        assert_eq!((e.retryable(), e.throttled()), (retryable, throttled), "{code}");
    }
}

#[test]
fn ok_status_with_nonzero_code_fails() {
    let e = decode(200, r#"{"ActionStatus":"OK","ErrorCode":90001}"#, &[]).unwrap_err();
    assert_eq!((e.kind, e.code), (ErrorKind::Service, 90001));
}

#[test]
fn non_2xx_is_http() {
    let e = decode(502, "<html>Bad Gateway</html>", &[]).unwrap_err();
    assert_eq!((e.kind, e.status, e.code), (ErrorKind::Http, 502, 0));
    assert!(e.retryable());
    assert_eq!(e.message, "the service answered HTTP 502");
    let e = decode(404, r#"{"ActionStatus":"FAIL","ErrorCode":60009,"ErrorInfo":"no such path"}"#, &[]).unwrap_err();
    assert_eq!((e.kind, e.status, e.code), (ErrorKind::Http, 404, 60009));
    assert!(!e.retryable());
    // With the envelope, the code decides; without it, the status.
    assert!(!decode(500, r#"{"ActionStatus":"FAIL","ErrorCode":50002}"#, &[]).unwrap_err().retryable());
    assert!(decode(500, r#"{"ActionStatus":"FAIL","ErrorCode":50004}"#, &[]).unwrap_err().retryable());
    for status in [408, 429, 500, 503] {
        assert!(decode(status, "", &[]).unwrap_err().retryable(), "{status}");
    }
    assert!(decode(429, "", &[]).unwrap_err().throttled());
}

#[test]
fn not_the_envelope_is_decode() {
    for body in [
        "",
        "{",
        "[]",
        "null",
        r#"{"ActionStatus":"OK"}"#,
        r#"{"ErrorCode":0}"#,
        r#"{"ActionStatus":1,"ErrorCode":0}"#,
        r#"{"ActionStatus":"MAYBE","ErrorCode":0}"#,
        r#"{"ActionStatus":"OK","ErrorCode":"0"}"#,
    ] {
        let e = decode(200, body, &[]).unwrap_err();
        assert_eq!((e.kind, e.status), (ErrorKind::Decode, 200), "{body}");
        assert!(!e.retryable());
    }
}

#[test]
fn echoed_secrets_are_redacted() {
    let sig = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwokpuZl5UInilOzEgoLMFCUrQxMDKIDIlGTmpipZGZqjiqZWFGQ";
    let body =
        format!(r#"{{"ActionStatus":"FAIL","ErrorCode":70003,"ErrorInfo":"bad sig {sig}","ErrorDisplay":"{sig}"}}"#);
    let e = decode(200, &body, &[sig, ""]).unwrap_err();
    assert!(!e.message.contains(sig));
    assert_eq!(e.service.unwrap().info, "bad sig REDACTED");
}
