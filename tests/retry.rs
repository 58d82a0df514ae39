//! The retry schedule and the UserSig cache, with the jitter and the clock as inputs.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use tencent_chat_admin::core::call::credentials::SigCache;
use tencent_chat_admin::core::call::retry::{Next, RetryPolicy};
use tencent_chat_admin::core::error::{Error, ErrorKind};
use tencent_chat_admin::core::usersig::gen_user_sig;

fn service(code: i64) -> Error {
    Error::new(ErrorKind::Service, "x").with_code(code).with_status(200)
}

const POLICY: RetryPolicy = RetryPolicy { retries: 3, min_delay_ms: 100, max_delay_ms: 1000 };

#[test]
fn full_jitter_exponential_schedule() {
    let e = service(50004);
    assert_eq!(POLICY.next(&e, 1, false, 0.5), Next::RetryAfter(50.0));
    assert_eq!(POLICY.next(&e, 2, false, 0.5), Next::RetryAfter(100.0));
    assert_eq!(POLICY.next(&e, 3, false, 0.5), Next::RetryAfter(200.0));
    assert_eq!(POLICY.next(&e, 4, false, 0.5), Next::Fail);
    assert_eq!(POLICY.next(&e, 1, false, 0.0), Next::RetryAfter(0.0));
    assert_eq!(POLICY.next(&e, 3, false, 0.999), Next::RetryAfter(399.6));
    // The cap holds however many retries are allowed.
    let long = RetryPolicy { retries: 10, ..POLICY };
    assert_eq!(long.next(&e, 10, false, 1.0), Next::RetryAfter(1000.0));
}

#[test]
fn throttling_waits_longer() {
    let e = service(60007);
    // Cap 100 * 4 = 400: the wait is 200 to 400.
    assert_eq!(POLICY.next(&e, 1, false, 0.0), Next::RetryAfter(200.0));
    assert_eq!(POLICY.next(&e, 1, false, 1.0), Next::RetryAfter(400.0));
    assert_eq!(POLICY.next(&e, 3, false, 0.0), Next::RetryAfter(500.0));
    let e429 = Error::new(ErrorKind::Http, "x").with_status(429);
    assert_eq!(POLICY.next(&e429, 1, false, 0.5), Next::RetryAfter(300.0));
}

#[test]
fn what_is_retried() {
    for kind in [ErrorKind::Network, ErrorKind::Timeout] {
        assert!(matches!(POLICY.next(&Error::new(kind, "x"), 1, false, 0.5), Next::RetryAfter(_)));
    }
    for status in [500, 502, 503, 408] {
        assert!(matches!(
            POLICY.next(&Error::new(ErrorKind::Http, "x").with_status(status), 1, false, 0.5),
            Next::RetryAfter(_)
        ));
    }
    for code in [50001, 50002, 50003, 60006, 70009, 70013, 70014] {
        assert_eq!(POLICY.next(&service(code), 1, false, 0.5), Next::Fail, "{code}");
    }
    for kind in [ErrorKind::InvalidRequest, ErrorKind::Decode, ErrorKind::Cors, ErrorKind::Aborted, ErrorKind::UserSig]
    {
        assert_eq!(POLICY.next(&Error::new(kind, "x"), 1, false, 0.5), Next::Fail);
    }
    assert_eq!(POLICY.next(&Error::new(ErrorKind::Http, "x").with_status(404), 1, false, 0.5), Next::Fail);
}

#[test]
fn expired_usersig_is_resigned_once_even_without_retries() {
    assert_eq!(POLICY.next(&service(70001), 1, false, 0.5), Next::Resign);
    assert_eq!(POLICY.next(&service(70001), 2, true, 0.5), Next::Fail);
    assert_eq!(RetryPolicy::OFF.next(&service(70001), 1, false, 0.5), Next::Resign);
    assert_eq!(RetryPolicy::OFF.next(&service(50004), 1, false, 0.5), Next::Fail);
}

#[test]
fn sig_cache_renews_before_expiry() {
    let key = "k";
    let mut cache = SigCache::default();
    assert_eq!(cache.current(0), None);
    // Valid 1000 s from t=5000: renewed 100 s (a tenth) before it ends.
    let sig = gen_user_sig(1, key, "a", 1000, None, 5000).unwrap();
    cache.store(sig.clone());
    assert_eq!(cache.current(5000), Some(sig.as_str()));
    assert_eq!(cache.current(5899), Some(sig.as_str()));
    assert_eq!(cache.current(5900), None);
    // A day-long one is renewed at most ten minutes early.
    let day = gen_user_sig(1, key, "a", 86400, None, 0).unwrap();
    cache.store(day.clone());
    assert_eq!(cache.current(86400 - 601), Some(day.as_str()));
    assert_eq!(cache.current(86400 - 600), None);
    // One that cannot be read is kept until invalidated.
    cache.store("opaque".into());
    assert_eq!(cache.current(u64::MAX), Some("opaque"));
    // Only the UserSig that failed is forgotten, not a newer one.
    cache.invalidate(&day);
    assert_eq!(cache.current(0), Some("opaque"));
    cache.invalidate("opaque");
    assert_eq!(cache.current(0), None);
}
