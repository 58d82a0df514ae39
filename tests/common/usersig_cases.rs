// UserSig tests shared by the native run (`tests/usersig.rs`), Node (same file under wasm32) and
// headless Chromium (`tests/usersig_browser.rs`). Expected values come from the official Node library
// (`tests/vectors/usersig-vectors.json`) or are built independently here, never by the code under test.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use tencent_chat_admin::core::usersig::{decode_claims, gen_user_sig, signed_content, verify_user_sig};
use tencent_chat_admin::ErrorKind;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const VECTORS: &str = include_str!("../vectors/usersig-vectors.json");

struct Vectors {
    sdk_app_id: u64,
    key: String,
    time: u64,
    cases: Vec<serde_json::Value>,
}

fn vectors() -> Vectors {
    let v: serde_json::Value = serde_json::from_str(VECTORS).unwrap();
    Vectors {
        sdk_app_id: v["sdkappid"].as_u64().unwrap(),
        key: v["secret_key"].as_str().unwrap().to_owned(),
        time: v["time"].as_u64().unwrap(),
        cases: v["cases"].as_array().unwrap().clone(),
    }
}

fn userbuf(case: &serde_json::Value) -> Option<Vec<u8>> {
    case["userbuf_utf8"].as_str().map(|s| s.as_bytes().to_vec())
}

/// Inflates and parses a UserSig without the crate's own decoder.
fn independent_decode(user_sig: &str) -> serde_json::Value {
    let std_b64: String =
        user_sig.chars().map(|c| match c { '*' => '+', '-' => '/', '_' => '=', c => c }).collect();
    let zipped = STANDARD.decode(std_b64).unwrap();
    let json = miniz_oxide::inflate::decompress_to_vec_zlib(&zipped).unwrap();
    serde_json::from_slice(&json).unwrap()
}

/// Wraps JSON text the way a UserSig does, at any deflate level, without the crate's encoder.
fn independent_encode(json: &str, level: u8) -> String {
    let zipped = miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), level);
    STANDARD.encode(zipped).chars().map(|c| match c { '+' => '*', '/' => '-', '=' => '_', c => c }).collect()
}

fn code_of(result: tencent_chat_admin::Result<tencent_chat_admin::core::usersig::Claims>) -> i64 {
    let err = result.unwrap_err();
    assert_eq!(err.kind, ErrorKind::UserSig);
    err.code
}

#[test]
fn signed_content_matches_official() {
    let v = vectors();
    for case in &v.cases {
        let ub = userbuf(case).map(|b| STANDARD.encode(b));
        let content = signed_content(
            case["identifier"].as_str().unwrap(),
            v.sdk_app_id,
            v.time,
            case["expire"].as_u64().unwrap(),
            ub.as_deref(),
        );
        assert_eq!(content, case["signed_content"].as_str().unwrap());
    }
}

#[test]
fn generated_sig_is_byte_identical_to_official_at_level_0() {
    let v = vectors();
    for case in &v.cases {
        let ub = userbuf(case);
        let ours = gen_user_sig(
            v.sdk_app_id,
            &v.key,
            case["identifier"].as_str().unwrap(),
            case["expire"].as_u64().unwrap(),
            ub.as_deref(),
            v.time,
        )
        .unwrap();
        assert_eq!(ours, case["zlib_level0_usersig_of_that_json"].as_str().unwrap());
        let doc = independent_decode(&ours);
        assert_eq!(doc["TLS.sig"], case["tls_sig"]);
        let official: serde_json::Value = serde_json::from_str(case["official_node_json"].as_str().unwrap()).unwrap();
        assert_eq!(doc, official);
    }
}

#[test]
fn signing_again_with_the_reused_compressor_gives_the_vectors_each_time() {
    // The compressor is kept between calls (src/core/usersig/codec.rs): each case is signed twice in a row, and
    // again after a UserSig whose document is many times longer, and must be the official bytes every time.
    let v = vectors();
    for case in &v.cases {
        let ub = userbuf(case);
        let identifier = case["identifier"].as_str().unwrap();
        let expire = case["expire"].as_u64().unwrap();
        let expected = case["zlib_level0_usersig_of_that_json"].as_str().unwrap();
        for _ in 0..2 {
            assert_eq!(gen_user_sig(v.sdk_app_id, &v.key, identifier, expire, ub.as_deref(), v.time).unwrap(), expected);
        }
        let long = gen_user_sig(v.sdk_app_id, &v.key, &"x".repeat(40_000), expire, Some(&[7; 9000]), v.time).unwrap();
        assert_eq!(independent_decode(&long)["TLS.identifier"].as_str().map(str::len), Some(40_000));
        assert_eq!(gen_user_sig(v.sdk_app_id, &v.key, identifier, expire, ub.as_deref(), v.time).unwrap(), expected);
    }
}

#[test]
fn tls_sig_is_the_official_hmac() {
    let v = vectors();
    for case in &v.cases {
        let hex = case["hmac_sha256_hex"].as_str().unwrap();
        let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
        assert_eq!(STANDARD.encode(bytes), case["tls_sig"].as_str().unwrap());
    }
}

#[test]
fn verifies_official_strings() {
    let v = vectors();
    for case in &v.cases {
        let id = case["identifier"].as_str().unwrap();
        let claims = verify_user_sig(case["official_node_usersig"].as_str().unwrap(), v.sdk_app_id, &v.key, Some(id), v.time)
            .unwrap();
        assert_eq!(claims.identifier, id);
        assert_eq!(claims.sdk_app_id, v.sdk_app_id);
        assert_eq!(claims.time, v.time);
        assert_eq!(claims.expire, case["expire"].as_u64().unwrap());
        assert_eq!(claims.userbuf, userbuf(case));
    }
}

#[test]
fn expiry_boundary() {
    let v = vectors();
    let case = &v.cases[0];
    let sig = case["official_node_usersig"].as_str().unwrap();
    let end = v.time + case["expire"].as_u64().unwrap();
    assert!(verify_user_sig(sig, v.sdk_app_id, &v.key, None, end).is_ok());
    assert_eq!(code_of(verify_user_sig(sig, v.sdk_app_id, &v.key, None, end + 1)), 70001);
}

#[test]
fn mismatch_codes() {
    let v = vectors();
    let sig = v.cases[0]["official_node_usersig"].as_str().unwrap();
    assert_eq!(code_of(verify_user_sig(sig, v.sdk_app_id + 1, &v.key, None, v.time)), 70014);
    assert_eq!(code_of(verify_user_sig(sig, v.sdk_app_id, &v.key, Some("someone"), v.time)), 70013);
    let other_key = "0".repeat(64);
    assert_eq!(code_of(verify_user_sig(sig, v.sdk_app_id, &other_key, None, v.time)), 70009);
}

#[test]
fn any_key_order_spacing_escapes_and_level() {
    let v = vectors();
    let case = &v.cases[0];
    let sig = case["tls_sig"].as_str().unwrap();
    let escaped_sig = sig.replace('/', "\\/");
    let docs = [
        format!("{{\"TLS.sig\":\"{sig}\",\"TLS.expire\":86400,\"TLS.time\":1700000000,\"TLS.sdkappid\":1400000000,\"TLS.identifier\":\"admin\",\"TLS.ver\":\"2.0\"}}"),
        format!("{{ \"TLS.ver\" : \"2.0\" ,\n \"TLS.identifier\" : \"admin\", \"TLS.sdkappid\" : 1400000000, \"TLS.expire\": 86400, \"TLS.time\": 1700000000, \"TLS.sig\": \"{escaped_sig}\" }}\n"),
        format!("{{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"\\u0061dmin\",\"TLS.sdkappid\":1400000000,\"TLS.time\":1700000000,\"TLS.expire\":86400,\"TLS.sig\":\"{sig}\"}}"),
    ];
    for doc in &docs {
        for level in [0u8, 1, 6, 9] {
            let user_sig = independent_encode(doc, level);
            let claims = verify_user_sig(&user_sig, v.sdk_app_id, &v.key, Some("admin"), v.time)
                .unwrap_or_else(|e| panic!("level {level} {doc}: {e}"));
            assert_eq!(claims.expire, 86400);
        }
    }
}

#[test]
fn missing_or_mistyped_fields_are_malformed() {
    let v = vectors();
    let docs = [
        r#"{"TLS.identifier":"admin","TLS.sdkappid":1400000000,"TLS.time":1700000000,"TLS.expire":86400}"#,
        r#"{"TLS.identifier":"admin","TLS.sdkappid":"1400000000","TLS.time":1700000000,"TLS.expire":86400,"TLS.sig":"x"}"#,
        r#"{"TLS.identifier":7,"TLS.sdkappid":1400000000,"TLS.time":1700000000,"TLS.expire":86400,"TLS.sig":"x"}"#,
        r#"{"TLS.identifier":"admin","TLS.sdkappid":1400000000,"TLS.time":-1,"TLS.expire":86400,"TLS.sig":"x"}"#,
        r#"{"TLS.identifier":"admin","TLS.sdkappid":1400000000,"TLS.time":1700000000,"TLS.expire":86400,"TLS.sig":"4lUxqF/B+QS/FhzU388MWw47s2GIKgpTCF1WmWL/l5Y=","TLS.userbuf":"%%"}"#,
        r#"["TLS.identifier"]"#,
        "not json",
    ];
    for doc in docs {
        assert_eq!(code_of(verify_user_sig(&independent_encode(doc, 6), v.sdk_app_id, &v.key, None, v.time)), 70003, "{doc}");
    }
}

#[test]
fn a_tls_sig_spelled_another_way_does_not_match() {
    // The official verifiers compare TLS.sig as text: the same HMAC bytes spelled with other trailing bits,
    // without padding, or not as base64 at all, is a signature that does not match (70009).
    let v = vectors();
    let case = &v.cases[0];
    let sig = case["tls_sig"].as_str().unwrap();
    assert!(sig.ends_with('='), "{sig}");
    // 32 bytes: the last symbol before the padding carries 4 bits of data and 2 trailing bits.
    let last = sig.len() - 2;
    let symbols = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let value = symbols.find(&sig[last..last + 1]).unwrap();
    let respelled = [&sig[..last], &symbols[value + 1..value + 2], "="].concat();
    assert_eq!(STANDARD.decode(&respelled).ok(), None, "the strict decoder refuses it");
    let lenient = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
    );
    assert_eq!(lenient.decode(&respelled).unwrap(), STANDARD.decode(sig).unwrap(), "same bytes");
    let doc = |tls_sig: &str| {
        format!("{{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"admin\",\"TLS.sdkappid\":1400000000,\"TLS.time\":1700000000,\"TLS.expire\":86400,\"TLS.sig\":\"{tls_sig}\"}}")
    };
    assert!(verify_user_sig(&independent_encode(&doc(sig), 6), v.sdk_app_id, &v.key, Some("admin"), v.time).is_ok());
    for other in [respelled.as_str(), sig.trim_end_matches('='), "not base64!", ""] {
        let user_sig = independent_encode(&doc(other), 6);
        assert_eq!(code_of(verify_user_sig(&user_sig, v.sdk_app_id, &v.key, None, v.time)), 70009, "{other}");
    }
}

#[test]
fn truncated_and_tampered_strings_never_verify_and_never_panic() {
    let v = vectors();
    let sig = v.cases[2]["official_node_usersig"].as_str().unwrap();
    for len in 0..sig.len() {
        let code = code_of(verify_user_sig(&sig[..len], v.sdk_app_id, &v.key, None, v.time));
        assert!(code == 70003 || code == 70009, "prefix {len}: {code}");
    }
    let alphabet = b"ABCabc019*-_";
    for i in 0..sig.len() {
        for &c in alphabet {
            if sig.as_bytes()[i] == c {
                continue;
            }
            let mut bytes = sig.as_bytes().to_vec();
            bytes[i] = c;
            let tampered = String::from_utf8(bytes).unwrap();
            if let Ok(claims) = verify_user_sig(&tampered, v.sdk_app_id, &v.key, None, v.time) {
                // Only a change in bits every inflater ignores (the padding after deflate's last block) can
                // leave the document as it was; other spellings of the base64 itself are refused.
                assert_eq!(claims, decode_claims(sig).unwrap(), "tampered at {i}");
                assert!(i + 12 >= sig.len(), "tampered at {i}, before the stream's last bytes");
            }
        }
    }
    for junk in ["", "_", "****", "eJ", "e\u{0}J", "管理员", "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwokpuZl5UInilOzEgoLMFCUrQxMDKIDIlGTmpipZGZqjiqZWFGQWpSpZWZiZwISKM9OVrJRMckIrCt30nbQDg"] {
        assert_eq!(code_of(verify_user_sig(junk, v.sdk_app_id, &v.key, None, v.time)), 70003, "{junk:?}");
    }
}

#[test]
fn decode_claims_reads_without_the_key() {
    let v = vectors();
    let claims = decode_claims(v.cases[1]["official_node_usersig"].as_str().unwrap()).unwrap();
    assert_eq!((claims.identifier.as_str(), claims.time, claims.expire), ("xiaojun", 1700000000, 15552000));
    assert_eq!(claims.expires_at(), 1700000000 + 15552000);
}

#[test]
fn gen_rejects_bad_input_naming_the_field() {
    let key = "k";
    let cases: [(tencent_chat_admin::Result<String>, &str); 5] = [
        (gen_user_sig(0, key, "a", 1, None, 0), "sdkAppId"),
        (gen_user_sig(1, "", "a", 1, None, 0), "secretKey"),
        (gen_user_sig(1, key, "", 1, None, 0), "identifier"),
        (gen_user_sig(1, key, "a", 0, None, 0), "expire"),
        (gen_user_sig(1, key, "a", 1_577_880_001, None, 0), "expire"),
    ];
    for (result, field) in cases {
        let err = result.unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidRequest);
        assert_eq!(err.field.as_deref(), Some(field));
        assert!(!err.message.contains(key) || field != "secretKey");
    }
    assert!(gen_user_sig(1, key, "a", 1_577_880_000, None, 0).is_ok());
}

#[test]
fn empty_userbuf_is_signed_and_round_trips() {
    let v = vectors();
    let sig = gen_user_sig(v.sdk_app_id, &v.key, "u", 60, Some(&[]), v.time).unwrap();
    let doc = independent_decode(&sig);
    assert_eq!(doc["TLS.userbuf"], "");
    let claims = verify_user_sig(&sig, v.sdk_app_id, &v.key, Some("u"), v.time).unwrap();
    assert_eq!(claims.userbuf, Some(vec![]));
}

#[test]
fn a_userbuf_is_refused_at_signing_where_decoding_would_refuse_the_usersig() {
    let key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
    let sign = |n: usize| gen_user_sig(1400000000, key, "administrator", 86400, Some(&vec![7u8; n]), 1700000000);
    // Decoding reads at most 65536 bytes of JSON. Beside these claims (written out by hand:
    // {"TLS.ver":"2.0","TLS.identifier":"administrator","TLS.sdkappid":1400000000,"TLS.time":1700000000,
    // "TLS.expire":86400,"TLS.userbuf":"","TLS.sig":"<44 characters>"} is 191 bytes), the userbuf's base64 may
    // take 65345 characters: 16336 groups of 4, so 49008 bytes.
    let largest = sign(49008).unwrap();
    assert_eq!(independent_decode(&largest)["TLS.userbuf"].as_str().map(str::len), Some(65344));
    let claims = verify_user_sig(&largest, 1400000000, key, Some("administrator"), 1700000000).unwrap();
    assert_eq!(claims.userbuf.map(|b| b.len()), Some(49008));
    assert_eq!(decode_claims(&largest).map(|c| c.time).ok(), Some(1700000000));
    let err = sign(49009).unwrap_err();
    assert_eq!((err.kind, err.field.as_deref()), (ErrorKind::InvalidRequest, Some("userbuf")));
    assert!(err.message.contains("at most 49008 bytes") && err.message.contains("65536"), "{}", err.message);
    // Without a userbuf, an identifier too long for the document is named.
    let long = "a".repeat(70_000);
    let err = gen_user_sig(1400000000, key, &long, 86400, None, 1700000000).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("identifier"));
}
