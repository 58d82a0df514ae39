//! Mutation fuzzing of everything that reads untrusted input: UserSig decoding and verification, PrivateMapKey
//! userbufs, the service's envelope, endpoint URLs, the loose input types as serde reads them, and request and option
//! validation. No input may panic, and
//! what is accepted must hold its invariants.
//!
//! `cargo test --test fuzz` runs a short deterministic pass (fixed seed and count, part of `npm test`).
//! `npm run fuzz` sets `FUZZ_SECONDS` (time per target) and `FUZZ_SEED` for long random runs.

use std::time::{Duration, Instant};
use tencent_chat_admin::core::call::options::{Options, RawOptions, RawRetry, RetryFields};
use tencent_chat_admin::core::input::{Input, InputList};
use tencent_chat_admin::core::methods::pin::{Operation, PinRequest, RawConversation, RawPinRequest};
use tencent_chat_admin::core::usersig::private_map_key::{self, Room};
use tencent_chat_admin::core::usersig::{decode_claims, gen_user_sig, verify_user_sig};
use tencent_chat_admin::core::wire::region::Endpoint;
use tencent_chat_admin::core::wire::response::decode;

const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const VECTORS: &str = include_str!("vectors/usersig-vectors.json");

include!("common/rng.rs");

/// Runs `body` for the configured time or count, with a seed per target.
fn fuzz(target: &str, mut body: impl FnMut(&mut Rng)) {
    let seconds: u64 = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    let mut rng =
        Rng(seed ^ target.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)));
    // `npm test` runs a fixed count; only the long runs of `npm run fuzz` go by time.
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let more = |runs: u64| {
        if seconds == 0 {
            runs < 3_000
        } else {
            !deadline.saturating_duration_since(Instant::now()).is_zero()
        }
    };
    let mut runs = 0u64;
    while more(runs) {
        body(&mut rng);
        runs += 1;
    }
    if seconds > 0 {
        println!("fuzz {target}: {runs} inputs in {seconds} s, seed {seed}");
    }
}

/// A byte-level mutation of `seed`: flips, inserts, deletes, truncations, splices and repeats.
fn mutate(rng: &mut Rng, seed: &[u8], pool: &[&[u8]]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(7) {
            0 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] ^= 1 << rng.below(8);
            }
            1 => out.insert(at, rng.next() as u8),
            2 if at < out.len() => {
                out.remove(at);
            }
            3 => out.truncate(at),
            4 => {
                let other = rng.pick(pool);
                let from = rng.below(other.len());
                out.splice(at..at, other[from..(from + rng.below(16)).min(other.len())].iter().copied());
            }
            5 => out.insert(at, *rng.pick(b"{}[]\",:\\*-_=+/0123456789eE.nul \n")),
            _ if !out.is_empty() => {
                let from = rng.below(out.len());
                let piece: Vec<u8> = out[from..(from + rng.below(8)).min(out.len())].to_vec();
                out.splice(at.min(out.len())..at.min(out.len()), piece);
            }
            _ => {}
        }
    }
    out
}

fn sig_seeds() -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(VECTORS).unwrap();
    v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| {
            [c["official_node_usersig"].as_str().unwrap(), c["zlib_level0_usersig_of_that_json"].as_str().unwrap()]
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn usersig_decoding_never_panics() {
    let seeds = sig_seeds();
    let pool: Vec<&[u8]> = seeds.iter().map(|s| s.as_bytes()).collect();
    fuzz("usersig", |rng| {
        let seed = pool[rng.below(pool.len())];
        let input = mutate(rng, seed, &pool);
        let text = String::from_utf8_lossy(&input);
        let now = 1_700_000_000 + rng.below(100_000_000) as u64;
        if let Ok(claims) = verify_user_sig(&text, 1400000000, KEY, None, now) {
            // Only a signature made with the key verifies, and then it is not expired.
            assert_eq!(claims.sdk_app_id, 1400000000);
            assert!(now <= claims.expires_at());
        }
        let _ = decode_claims(&text);
    });
}

/// The loose input types read any JSON without failing or panicking (serde-wasm-bindgen gives them JS values
/// of the same shapes): options, requests and bulk options as callers write them, mutated.
#[test]
fn loose_inputs_read_anything() {
    let seeds: [&[u8]; 4] = [
        br#"{"sdkAppId":1400000000,"identifier":"a","secretKey":"k","region":"china","retry":{"retries":2},"timeoutMs":5}"#,
        br#"{"fromAccount":"alice","conversations":[{"type":"c2c","toAccount":"bob"},{"type":"group","groupId":"g"}]}"#,
        br#"{"ratePerSecond":5.5,"concurrency":[1],"operation":"unpin","onProgress":null,"x":{"y":[[[]]]}}"#,
        br#"{"retry":false,"conversations":{"0":1},"fromAccount":["\u0000tencent-chat-admin:js-type","function"]}"#,
    ];
    fuzz("loose", |rng| {
        let seed = seeds[rng.below(seeds.len())];
        let text = mutate(rng, seed, &seeds);
        let text = String::from_utf8_lossy(&text);
        if let Ok(raw) = serde_json::from_str::<RawOptions>(&text) {
            let _ = Options::from_raw(raw);
        }
        if let Ok(raw) = serde_json::from_str::<RawPinRequest>(&text) {
            let _ = PinRequest::from_raw(raw);
        }
        let _ = serde_json::from_str::<tencent_chat_admin::core::call::bulk::RawBulkOptions>(&text);
    });
}

/// A userbuf read as a PrivateMapKey: no input panics, and what reads as one is written back to the same bytes.
#[test]
fn private_map_key_reading_never_panics_and_round_trips() {
    use base64::Engine;
    let seeds: Vec<Vec<u8>> =
        ["AAAHeGlhb2p1blNyTgAAACcQZVPyLAAAAP8AAAAA", "AQAHeGlhb2p1blNyTgAAAAAAZVPyLAAAACoAAAAAAAZhZGJqa2w="]
            .iter()
            .map(|b| base64::engine::general_purpose::STANDARD.decode(b).unwrap())
            .collect();
    let pool: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
    let (mut read, mut ascii) = (0, 0);
    fuzz("private-map-key", |rng| {
        let seed = pool[rng.below(pool.len())];
        let input = mutate(rng, seed, &pool);
        let Some(key) = private_map_key::parse(&input) else { return };
        read += 1;
        let written =
            private_map_key::userbuf(&key.identifier, key.sdk_app_id, &key.room, key.expires_at, key.privileges);
        let name_ok = |room: &Room| !matches!(room, Room::Name(n) if n.is_empty() || !n.is_ascii());
        if key.identifier.is_ascii() && name_ok(&key.room) && key.room != Room::Number(0) {
            ascii += 1;
            assert_eq!(written.unwrap(), input);
        } else {
            assert!(written.is_err(), "{key:?}");
        }
    });
    assert!(read > 0 && ascii > 0, "{read} read, {ascii} written back");
}

#[test]
fn usersig_round_trips_for_any_claims() {
    fuzz("usersig-roundtrip", |rng| {
        let id: String =
            (0..1 + rng.below(40)).map(|_| char::from_u32(1 + rng.below(0x2_0000) as u32).unwrap_or('x')).collect();
        let expire = 1 + rng.next() % 1_577_880_000;
        let userbuf: Option<Vec<u8>> =
            (rng.below(2) == 0).then(|| (0..rng.below(64)).map(|_| rng.next() as u8).collect());
        let now = rng.next() % 4_000_000_000;
        let app = 1 + rng.next() % 9_007_199_254_740_991;
        let sig = gen_user_sig(app, KEY, &id, expire, userbuf.as_deref(), now).unwrap();
        let claims = verify_user_sig(&sig, app, KEY, Some(&id), now + expire).unwrap();
        assert_eq!((claims.identifier, claims.expire, claims.time, claims.userbuf), (id, expire, now, userbuf));
    });
}

#[test]
fn envelope_decoding_never_panics() {
    let seeds: [&[u8]; 4] = [
        br#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":"","RequestId":"r"}"#,
        br#"{"ActionStatus":"FAIL","ErrorCode":50001,"ErrorInfo":"x","ErrorDisplay":"y"}"#,
        br#"{"ActionStatus":"FAIL","ErrorCode":-1,"ErrorInfo":"\u00e9\ud83d\ude00"}"#,
        b"<html>502</html>",
    ];
    fuzz("envelope", |rng| {
        let seed = seeds[rng.below(seeds.len())];
        let body = mutate(rng, seed, &seeds);
        let status = *rng.pick(&[0u16, 200, 204, 299, 300, 404, 429, 500, 503, 999]);
        let body = String::from_utf8_lossy(&body);
        match decode(status, &body, &["secret-usersig-value"]) {
            Ok(_) => assert!((200..300).contains(&status)),
            Err(e) => assert!(!e.message.contains("secret-usersig-value")),
        }
    });
}

fn random_input(rng: &mut Rng, strings: &[&str]) -> Input {
    match rng.below(6) {
        0 => Input::Missing,
        1 => Input::Num(*rng.pick(&[0.0, -1.0, 1.5, 1e300, f64::NAN, f64::INFINITY, 1400000000.0, 9007199254740993.0])),
        2 => Input::Bool(rng.below(2) == 0),
        3 => Input::Other(["null", "object", "array", "function"][rng.below(4)]),
        _ => Input::Str(rng.pick(strings).to_string()),
    }
}

#[test]
fn pin_validation_never_panics_and_accepted_requests_serialize() {
    let strings = ["", "c2c", "group", "alice", "管理员", "a\u{0}", &"x".repeat(33), &"g".repeat(48), "\"\\"];
    fuzz("pin", |rng| {
        let items = (0..rng.below(60))
            .map(|_| {
                (rng.below(10) > 0).then(|| RawConversation {
                    kind: random_input(rng, &strings),
                    to_account: random_input(rng, &strings),
                    group_id: random_input(rng, &strings),
                })
            })
            .collect();
        let raw = RawPinRequest {
            from_account: random_input(rng, &strings),
            conversations: InputList::Items(items),
            operation: Input::Missing,
        };
        if let Ok(req) = PinRequest::from_raw(raw) {
            let body: serde_json::Value = serde_json::from_str(&req.to_body(Operation::Unpin).unwrap()).unwrap();
            assert_eq!(body["From_Account"], req.from_account());
            assert_eq!(body["OperationType"], 2);
            assert_eq!(body["RecentContactItem"].as_array().unwrap().len(), req.conversations().len());
        }
    });
}

#[test]
fn options_and_endpoints_never_panic() {
    let strings =
        ["", "https://a.example", "http://127.0.0.1:1", "http://[::1]", "/p", "//x", "http://", "china", "riyadh", KEY];
    fuzz("options", |rng| {
        let seed = *rng.pick(&strings);
        let mut url = mutate(rng, seed.as_bytes(), &[b"http://", b"[::1]", b"127.0.0.1", b":/?#@"]);
        url.retain(|b| b.is_ascii());
        let url = String::from_utf8_lossy(&url).into_owned();
        if let Ok(e) = Endpoint::custom(&url, rng.below(2) == 0) {
            assert!(!e.as_str().ends_with('/') && !e.as_str().contains('?'));
        }
        let raw = RawOptions {
            sdk_app_id: random_input(rng, &strings),
            identifier: random_input(rng, &strings),
            secret_key: random_input(rng, &strings),
            user_sig: random_input(rng, &strings),
            user_sig_provider: random_input(rng, &strings),
            region: random_input(rng, &strings),
            use_backup_domain: random_input(rng, &strings),
            endpoint: Input::Str(url),
            allow_insecure_http: random_input(rng, &strings),
            timeout_ms: random_input(rng, &strings),
            fetch: random_input(rng, &strings),
            retry: RawRetry::Policy(RetryFields {
                retries: random_input(rng, &strings),
                min_delay_ms: random_input(rng, &strings),
                max_delay_ms: random_input(rng, &strings),
            }),
        };
        if let Err(e) = Options::from_raw(raw) {
            assert!(e.field.is_some() && !e.message.contains(KEY));
        }
    });
}

/// The requests of every method beyond pinning, and the service's answers they read: mutated JSON never panics;
/// an accepted request has a body that is JSON, and an answer read gives JSON.
#[test]
fn method_requests_and_answers_never_panic() {
    use tencent_chat_admin::core::methods::run::{Finish, Run};
    use tencent_chat_admin::core::methods::{accounts, callbacks::SignCheck, delete, groups, list, marks, request};
    type Make = fn(Option<&tencent_chat_admin::core::input::tree::Value>) -> tencent_chat_admin::Result<Run>;
    let makers: [(Make, &[u8]); 10] = [
        (list::page, br#"{"fromAccount":"a","cursor":{"timeStamp":1,"startIndex":2,"topTimeStamp":3,"topStartIndex":4},"includeEmpty":false}"#),
        (delete::run, br#"{"fromAccount":"a","conversation":{"type":"group","groupId":"g"},"clearMessages":true}"#),
        (groups::create, br#"{"fromAccount":"a","name":"w","conversations":[{"type":"c2c","toAccount":"b"}]}"#),
        (groups::update, br#"{"fromAccount":"a","name":"w","add":[{"type":"c2c","toAccount":"b"}],"remove":[]}"#),
        (groups::get, br#"{"fromAccount":"a"}"#),
        (groups::search, br#"{"fromAccount":"a","conversations":[{"type":"group","groupId":"g"}]}"#),
        (marks::run, br#"{"fromAccount":"a","marks":[{"conversation":{"type":"c2c","toAccount":"b"},"set":[40],"customMark":"x"}]}"#),
        (accounts::import, br#"["a",{"userId":"b","nick":"B","faceUrl":"f"}]"#),
        (accounts::check, br#"["a","b"]"#),
        (accounts::kick, br#""a""#),
    ];
    let answers: [&[u8]; 6] = [
        br#"{"ActionStatus":"OK","ErrorCode":0,"CompleteFlag":0,"NextStartIndex":2,"TimeStamp":1,"SessionItem":[{"Type":1,"To_Account":"b","MsgTime":1,"TopFlag":1}]}"#,
        br#"{"ActionStatus":"OK","ErrorCode":0,"GroupResultItem":[{"GroupItem":{"GroupName":"w","GroupId":1},"ResultItem":[{"ContactItem":{"Type":2,"ToGroupId":"g"},"ResultCode":0}]}]}"#,
        br#"{"ActionStatus":"OK","ErrorCode":0,"UpdateGroupResult":{"GroupName":"w","GroupId":1,"ContactResultItem":[]},"GroupItem":[{"GroupName":"w","GroupId":1}]}"#,
        br#"{"ActionStatus":"OK","ErrorCode":0,"ContactItem":[{"Type":1,"To_Account":"b","ContactGroupId":[1],"StandardMark":"1"}],"CompleteFlag":1}"#,
        br#"{"ActionStatus":"OK","ErrorCode":0,"FailAccounts":["a"],"ResultItem":[{"UserID":"a","ResultCode":0,"AccountStatus":"Imported"}]}"#,
        br#"{"ActionStatus":"OK","ErrorCode":0,"ContactResultItem":[{"Type":2,"ToGroupId":"g"}],"ResultItem":[{"ContactItem":{"Type":1,"To_Account":"b"}}]}"#,
    ];
    let seeds: Vec<&[u8]> = makers.iter().map(|(_, s)| *s).chain(answers).collect();
    fuzz("methods", |rng| {
        let (make, seed) = makers[rng.below(makers.len())];
        let text = String::from_utf8_lossy(&mutate(rng, seed, &seeds)).into_owned();
        let request: Option<tencent_chat_admin::core::input::tree::Value> = serde_json::from_str(&text).ok();
        if let Ok(mut run) = make(request.as_ref()) {
            let mut sent = 0;
            while let (Some(body), true) = (run.next_body(), sent < 5) {
                assert!(serde_json::from_str::<serde_json::Value>(&body).is_ok(), "{body}");
                let seed = answers[rng.below(answers.len())];
                let answer = mutate(rng, seed, &seeds);
                let _ = run.absorb(&String::from_utf8_lossy(&answer));
                sent += 1;
            }
            if let Ok(Finish::Json(json)) = run.finish() {
                assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "{json}");
            }
        }
        let _ = request::run(Input::Str(text.chars().take(40).collect()), request.as_ref(), None);
        let _ = SignCheck::read(request.as_ref()).map(|c| c.verify(1_700_000_000));
    });
}
