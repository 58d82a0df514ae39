//! Client options: every rule, and the defaults.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use tencent_chat_admin::core::call::options::{
    Credential, Options, RawOptions, RawRetry, RetryFields, DEFAULT_TIMEOUT_MS,
};
use tencent_chat_admin::core::call::retry::RetryPolicy;
use tencent_chat_admin::core::input::Input;
use tencent_chat_admin::core::usersig::gen_user_sig;
use tencent_chat_admin::ErrorKind;

const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

fn s(v: &str) -> Input {
    Input::Str(v.to_owned())
}

fn base() -> RawOptions {
    RawOptions {
        sdk_app_id: Input::Num(1400000000.0),
        identifier: s("administrator"),
        secret_key: s(KEY),
        region: s("frankfurt"),
        ..RawOptions::default()
    }
}

fn field_of(raw: RawOptions) -> String {
    let err = Options::from_raw(raw).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    assert!(!err.message.contains(KEY));
    err.field.unwrap()
}

#[test]
fn defaults() {
    let o = Options::from_raw(base()).unwrap();
    assert_eq!(o.sdk_app_id, 1400000000);
    assert_eq!(o.endpoint.as_str(), "https://adminapiger.im.qcloud.com");
    assert_eq!(o.timeout_ms, DEFAULT_TIMEOUT_MS);
    assert_eq!(o.retry, RetryPolicy { retries: 3, min_delay_ms: 200, max_delay_ms: 5000 });
    assert_eq!(o.credential, Credential::SecretKey(KEY.into()));
    assert!(!format!("{o:?}").contains(KEY));
    assert!(!o.custom_fetch);
}

#[test]
fn every_rule_names_its_field() {
    let sig = gen_user_sig(1400000000, KEY, "someone-else", 60, None, 0).unwrap();
    let other_app_sig = gen_user_sig(1400000001, KEY, "administrator", 60, None, 0).unwrap();
    let cases: Vec<(RawOptions, &str)> = vec![
        (RawOptions { sdk_app_id: Input::Missing, ..base() }, "sdkAppId"),
        (RawOptions { sdk_app_id: Input::Num(0.0), ..base() }, "sdkAppId"),
        (RawOptions { sdk_app_id: Input::Num(-5.0), ..base() }, "sdkAppId"),
        (RawOptions { sdk_app_id: Input::Num(1.5), ..base() }, "sdkAppId"),
        (RawOptions { sdk_app_id: Input::Num(f64::NAN), ..base() }, "sdkAppId"),
        (RawOptions { sdk_app_id: Input::Num(9007199254740992.0), ..base() }, "sdkAppId"),
        (RawOptions { sdk_app_id: s("1400000000"), ..base() }, "sdkAppId"),
        (RawOptions { identifier: Input::Missing, ..base() }, "identifier"),
        (RawOptions { identifier: s(""), ..base() }, "identifier"),
        (RawOptions { secret_key: Input::Missing, ..base() }, "secretKey"),
        (RawOptions { secret_key: s(""), ..base() }, "secretKey"),
        (RawOptions { user_sig: s("x"), ..base() }, "userSig"),
        (RawOptions { user_sig_provider: Input::Other("function"), ..base() }, "userSigProvider"),
        (
            RawOptions {
                secret_key: Input::Missing,
                user_sig: s("x"),
                user_sig_provider: Input::Other("function"),
                ..base()
            },
            "userSigProvider",
        ),
        (
            RawOptions { secret_key: Input::Missing, user_sig_provider: Input::Str("f".into()), ..base() },
            "userSigProvider",
        ),
        (RawOptions { secret_key: Input::Missing, user_sig: s(&sig), ..base() }, "userSig"),
        (RawOptions { secret_key: Input::Missing, user_sig: s(&other_app_sig), ..base() }, "userSig"),
        (RawOptions { region: Input::Missing, ..base() }, "region"),
        (RawOptions { region: s("mars"), ..base() }, "region"),
        (RawOptions { endpoint: s("https://x.example"), ..base() }, "endpoint"),
        (RawOptions { region: s("mumbai"), use_backup_domain: Input::Bool(true), ..base() }, "useBackupDomain"),
        (RawOptions { use_backup_domain: s("yes"), ..base() }, "useBackupDomain"),
        (RawOptions { region: Input::Missing, endpoint: s("http://example.com"), ..base() }, "endpoint"),
        (
            RawOptions {
                region: Input::Missing,
                endpoint: s("http://127.0.0.1:1"),
                use_backup_domain: Input::Bool(false),
                ..base()
            },
            "useBackupDomain",
        ),
        (
            RawOptions {
                region: Input::Missing,
                endpoint: s("http://example.com"),
                allow_insecure_http: s("true"),
                ..base()
            },
            "allowInsecureHttp",
        ),
        (RawOptions { timeout_ms: Input::Num(0.0), ..base() }, "timeoutMs"),
        (RawOptions { timeout_ms: Input::Num(2147483648.0), ..base() }, "timeoutMs"),
        (RawOptions { fetch: Input::Other("object"), ..base() }, "fetch"),
        (RawOptions { retry: RawRetry::Invalid("number"), ..base() }, "retry"),
        (
            RawOptions {
                retry: RawRetry::Policy(RetryFields {
                    retries: Input::Num(11.0),
                    min_delay_ms: Input::Missing,
                    max_delay_ms: Input::Missing,
                }),
                ..base()
            },
            "retry.retries",
        ),
        (
            RawOptions {
                retry: RawRetry::Policy(RetryFields {
                    retries: Input::Missing,
                    min_delay_ms: Input::Num(-1.0),
                    max_delay_ms: Input::Missing,
                }),
                ..base()
            },
            "retry.minDelayMs",
        ),
        (
            RawOptions {
                retry: RawRetry::Policy(RetryFields {
                    retries: Input::Missing,
                    min_delay_ms: Input::Num(500.0),
                    max_delay_ms: Input::Num(100.0),
                }),
                ..base()
            },
            "retry.maxDelayMs",
        ),
    ];
    for (raw, field) in cases {
        assert_eq!(field_of(raw.clone()), field, "{raw:?}");
    }
}

#[test]
fn accepted_variants() {
    let sig = gen_user_sig(1400000000, KEY, "administrator", 60, None, 0).unwrap();
    let o = Options::from_raw(RawOptions { secret_key: Input::Missing, user_sig: s(&sig), ..base() }).unwrap();
    assert_eq!(o.credential, Credential::UserSig(sig.clone()));
    // White space around a UserSig (a file's newline) is trimmed.
    let o = Options::from_raw(RawOptions { secret_key: Input::Missing, user_sig: s(&format!(" {sig}\n")), ..base() })
        .unwrap();
    assert_eq!(o.credential, Credential::UserSig(sig.clone()));
    let o = Options::from_raw(RawOptions {
        secret_key: Input::Missing,
        user_sig_provider: Input::Other("function"),
        ..base()
    })
    .unwrap();
    assert_eq!(o.credential, Credential::Provider);
    let o = Options::from_raw(RawOptions {
        region: Input::Missing,
        endpoint: s("http://10.1.2.3:80/"),
        allow_insecure_http: Input::Bool(true),
        ..base()
    })
    .unwrap();
    assert_eq!(o.endpoint.as_str(), "http://10.1.2.3:80");
    let o = Options::from_raw(RawOptions {
        region: s("china"),
        use_backup_domain: Input::Bool(true),
        timeout_ms: Input::Num(250.0),
        fetch: Input::Other("function"),
        ..base()
    })
    .unwrap();
    assert_eq!((o.endpoint.as_str(), o.timeout_ms, o.custom_fetch), ("https://adminapi.my-imcloud.com", 250, true));
    let o = Options::from_raw(RawOptions { retry: RawRetry::Off, ..base() }).unwrap();
    assert_eq!(o.retry.retries, 0);
    let policy = RawRetry::Policy(RetryFields {
        retries: Input::Num(5.0),
        min_delay_ms: Input::Num(10.0),
        max_delay_ms: Input::Missing,
    });
    let o = Options::from_raw(RawOptions { retry: policy, ..base() }).unwrap();
    assert_eq!(o.retry, RetryPolicy { retries: 5, min_delay_ms: 10, max_delay_ms: 5000 });
    // A minimum above the default maximum lifts the maximum with it.
    let policy = RawRetry::Policy(RetryFields { min_delay_ms: Input::Num(8000.0), ..RetryFields::default() });
    assert_eq!(Options::from_raw(RawOptions { retry: policy, ..base() }).unwrap().retry.max_delay_ms, 8000);
}

#[test]
fn a_user_sig_that_does_not_decode_is_refused_as_70003_and_a_secret_key_is_told_where_it_belongs() {
    // Before, both were accepted and sent: the key itself travelled as `usersig=` in the URL.
    let given = |sig: &str| {
        let raw = RawOptions { secret_key: Input::Missing, user_sig: s(sig), ..base() };
        Options::from_raw(raw).err().map(|e| (e.kind, e.code, e.field, e.message))
    };
    let refused = |message: &str| Some((ErrorKind::UserSig, 70003, Some("userSig".to_owned()), message.to_owned()));
    let key_hint =
        "userSig looks like the secret key (64 hex characters), not a UserSig: the key belongs in secretKey \
                    (TENCENT_CHAT_SECRET_KEY on the command line), which signs UserSigs and is never sent; nothing was \
                    sent (70003)";
    assert_eq!(given(KEY), refused(key_hint));
    assert_eq!(given(&format!("{KEY}\n")), refused(key_hint));
    let not_one =
        "userSig is not a UserSig: it does not decode as one (base64, in A-Z a-z 0-9 * - _, of a zlib stream \
                   of a JSON document); nothing was sent (70003)";
    for bad in ["opaque", "eJx+abc=", "eJx abc", "eJyrVgrxCdYrSy1SslIy0jNQqgUALUoEuQ__"] {
        assert_eq!(given(bad), refused(not_one), "{bad}");
    }
}

#[test]
fn misspelt_option_names_are_refused() {
    use tencent_chat_admin::core::call::options::{check_keys, CLIENT_KEYS, RETRY_KEYS};
    let keys = |list: &[&str]| list.iter().map(|k| k.to_string()).collect::<Vec<_>>();
    assert!(check_keys(&keys(&["sdkAppId", "identifier", "secretKey", "region"]), &CLIENT_KEYS, "").is_ok());
    let err = check_keys(&keys(&["sdkAppId", "timeout"]), &CLIENT_KEYS, "").unwrap_err();
    assert_eq!(err.field.as_deref(), Some("timeout"));
    assert_eq!(err.message, "timeout is not an option; did you mean timeoutMs?");
    let err = check_keys(&keys(&["retry"]), &RETRY_KEYS, "retry.").unwrap_err();
    assert_eq!(
        (err.field.as_deref(), err.message.as_str()),
        (Some("retry.retry"), "retry.retry is not an option; did you mean retry.retries?")
    );
    assert_eq!(check_keys(&keys(&["colour"]), &CLIENT_KEYS, "").unwrap_err().message, "colour is not an option");
}

#[test]
fn identifier_is_a_user_id() {
    assert_eq!(field_of(RawOptions { identifier: s(&"a".repeat(33)), ..base() }), "identifier");
    assert!(Options::from_raw(RawOptions { identifier: s(&"a".repeat(32)), ..base() }).is_ok());
}

#[test]
fn retry_as_a_number_is_the_retry_count() {
    let o = Options::from_raw(RawOptions { retry: RawRetry::Count(5.0), ..base() }).unwrap();
    assert_eq!(o.retry, RetryPolicy { retries: 5, ..RetryPolicy::default() });
    let o = Options::from_raw(RawOptions { retry: RawRetry::Count(0.0), ..base() }).unwrap();
    assert_eq!(o.retry.retries, 0);
    for n in [11.0, -1.0, 1.5] {
        let err = Options::from_raw(RawOptions { retry: RawRetry::Count(n), ..base() }).unwrap_err();
        assert_eq!(
            (err.field.as_deref(), err.message.as_str()),
            (Some("retry"), "retry must be an integer from 0 to 10")
        );
    }
    let retry: RawRetry = serde_json::from_str("3").unwrap();
    assert_eq!(retry, RawRetry::Count(3.0));
}

#[test]
fn per_call_options_are_signal_and_on_retry() {
    use tencent_chat_admin::core::call::options::check_call_keys;
    let keys = |list: &[&str]| list.iter().map(|k| k.to_string()).collect::<Vec<_>>();
    assert!(check_call_keys(&keys(&["signal", "onRetry"]), false).is_ok());
    let err = check_call_keys(&keys(&["signal", "timeoutMs"]), false).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("timeoutMs"));
    assert_eq!(err.message, "timeoutMs is a client option, not a call's: give it to new ChatAdmin()");
    assert_eq!(
        check_call_keys(&keys(&["onretry"]), false).unwrap_err().message,
        "onretry is not an option; did you mean onRetry?"
    );
    assert_eq!(check_call_keys(&keys(&["colour"]), false).unwrap_err().message, "colour is not an option");
}

#[test]
fn idempotent_is_taken_by_request_only() {
    use tencent_chat_admin::core::call::options::check_call_keys;
    let keys = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(check_call_keys(&keys(&["signal", "onRetry", "idempotent"]), true).is_ok());
    let err = check_call_keys(&keys(&["idempotent"]), false).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("idempotent"));
    assert!(err.message.contains("request() only"), "{}", err.message);
    let err = check_call_keys(&keys(&["timeoutMs"]), true).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("timeoutMs"));
}
