// PrivateMapKey tests shared by the native run (`tests/private_map_key.rs`), Node (same file under wasm32) and
// headless Chromium (`tests/usersig_browser.rs`). Expected values are the reference's vectors (official Node
// library 1.0.2 and Python agree on them) or the userbuf written out byte by byte here, never our own output.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use tencent_chat_admin::core::input::Input;
use tencent_chat_admin::core::usersig::options::{PrivateMapKeyOptions, RawPrivateMapKeyOptions, RawPrivileges};
use tencent_chat_admin::core::usersig::private_map_key::{self, privilege_names, PrivateMapKey, Room};
use tencent_chat_admin::core::usersig::{decode_claims, gen_private_map_key, gen_user_sig, verify_user_sig};
use tencent_chat_admin::ErrorKind;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const APP: u64 = 1400000000;
const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const NOW: u64 = 1700000000;

/// The reference's vectors: room, privileges, then the userbuf's base64 and `TLS.sig` (expire 300, `xiaojun`).
fn vectors() -> [(Room, u32, &'static str, &'static str); 2] {
    [
        (
            Room::Number(10000),
            255,
            "AAAHeGlhb2p1blNyTgAAACcQZVPyLAAAAP8AAAAA",
            "0+M4K64lITF5k+8jtQGalx0fgxd1aweZx0fZYfdnvZk=",
        ),
        (
            Room::Name("adbjkl".into()),
            42,
            "AQAHeGlhb2p1blNyTgAAAAAAZVPyLAAAACoAAAAAAAZhZGJqa2w=",
            "xiRfrLESADoZFJE8iKRrZWaFsR+26xtxS/MWOnfRW3I=",
        ),
    ]
}

/// The JSON of a UserSig, inflated and parsed without the crate's decoder.
fn document(user_sig: &str) -> serde_json::Value {
    let b64: String = user_sig.chars().map(|c| match c { '*' => '+', '-' => '/', '_' => '=', c => c }).collect();
    let json = miniz_oxide::inflate::decompress_to_vec_zlib(&STANDARD.decode(b64).unwrap()).unwrap();
    serde_json::from_slice(&json).unwrap()
}

/// JSON text stored at zlib level 0 and spelt as a UserSig, without the crate's encoder.
fn stored(json: &str) -> String {
    let zipped = miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 0);
    STANDARD.encode(zipped).chars().map(|c| match c { '+' => '*', '/' => '-', '=' => '_', c => c }).collect()
}

fn field_of(result: tencent_chat_admin::Result<String>) -> String {
    let err = result.unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidRequest, "{}", err.message);
    assert!(err.message.starts_with(err.field.as_deref().unwrap()), "{}", err.message);
    err.field.unwrap()
}

#[test]
fn the_vectors_userbuf_and_tls_sig_both_forms() {
    for (room, privileges, userbuf, sig) in vectors() {
        let made = gen_private_map_key(APP, KEY, "xiaojun", &room, privileges, 300, NOW).unwrap();
        let doc = document(&made);
        assert_eq!((doc["TLS.userbuf"].as_str(), doc["TLS.sig"].as_str()), (Some(userbuf), Some(sig)), "{room:?}");
        // The whole string: the official Node library's document (its key order, compact), stored at level 0.
        let json = format!(
            r#"{{"TLS.ver":"2.0","TLS.identifier":"xiaojun","TLS.sdkappid":1400000000,"TLS.time":1700000000,"TLS.expire":300,"TLS.userbuf":"{userbuf}","TLS.sig":"{sig}"}}"#
        );
        assert_eq!(made, stored(&json));
        // The same as genUserSig with that userbuf.
        let bytes = STANDARD.decode(userbuf).unwrap();
        assert_eq!(gen_user_sig(APP, KEY, "xiaojun", 300, Some(&bytes), NOW).unwrap(), made);
    }
}

#[test]
fn the_layout_written_by_hand() {
    let numeric = PrivateMapKey {
        identifier: "ab".into(),
        sdk_app_id: 0x0102_0304,
        room: Room::Number(0xa0b0_c0d0),
        expires_at: 0xfffe_fdfc,
        privileges: 0b1010_0101,
    };
    #[rustfmt::skip]
    let expected = [
        0, 0, 2, b'a', b'b', 1, 2, 3, 4, 0xa0, 0xb0, 0xc0, 0xd0, 0xff, 0xfe, 0xfd, 0xfc, 0, 0, 0, 0xa5, 0, 0, 0, 0,
    ];
    let made = private_map_key::userbuf("ab", 0x0102_0304, &Room::Number(0xa0b0_c0d0), 0xfffe_fdfc, 0b1010_0101);
    assert_eq!(made.unwrap(), expected);
    assert_eq!(private_map_key::parse(&expected), Some(numeric));
    let string = PrivateMapKey {
        identifier: "u_1-".into(),
        sdk_app_id: 1400000000,
        room: Room::Name("r 9!".into()),
        expires_at: 1700000300,
        privileges: 0,
    };
    #[rustfmt::skip]
    let expected = [
        1, 0, 4, b'u', b'_', b'1', b'-', 0x53, 0x72, 0x4e, 0x00, 0, 0, 0, 0, 0x65, 0x53, 0xf2, 0x2c, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 4, b'r', b' ', b'9', b'!',
    ];
    let made = private_map_key::userbuf("u_1-", 1400000000, &Room::Name("r 9!".into()), 1700000300, 0);
    assert_eq!(made.unwrap(), expected);
    assert_eq!(private_map_key::parse(&expected), Some(string));
}

#[test]
fn the_rights_expire_at_now_plus_expire_and_time_is_the_same_now() {
    let made = gen_private_map_key(APP, KEY, "u", &Room::Number(7), 2, 86400, 1_000_000_000).unwrap();
    let claims = verify_user_sig(&made, APP, KEY, Some("u"), 1_000_000_000).unwrap();
    assert_eq!((claims.time, claims.expire), (1_000_000_000, 86400), "TLS.expire stays relative");
    let key = claims.private_map_key().unwrap();
    assert_eq!((key.expires_at, key.room, key.privileges), (1_000_086_400, Room::Number(7), 2));
    assert_eq!((key.identifier.as_str(), key.sdk_app_id), ("u", 1400000000));
    // The last second a 4-byte expiry holds, and one past it.
    assert!(gen_private_map_key(APP, KEY, "u", &Room::Number(7), 2, 10, u64::from(u32::MAX) - 10).is_ok());
    let past = gen_private_map_key(APP, KEY, "u", &Room::Number(7), 2, 11, u64::from(u32::MAX) - 10);
    assert_eq!(field_of(past), "expire");
}

#[test]
fn refusals_name_their_field() {
    let gen = |id: &str, room: Room| gen_private_map_key(APP, KEY, id, &room, 1, 300, NOW);
    let cases: Vec<(tencent_chat_admin::Result<String>, &str)> = vec![
        (gen("a", Room::Name(String::new())), "roomId"),
        (gen("a", Room::Name("房间".into())), "roomId"),
        (gen("a", Room::Name("é".into())), "roomId"),
        (gen("a", Room::Number(0)), "roomId"),
        (gen("a", Room::Name("r".repeat(65536))), "roomId"),
        (gen("管理员", Room::Number(1)), "identifier"),
        (gen("a\u{80}", Room::Number(1)), "identifier"),
        (gen(&"i".repeat(65536), Room::Number(1)), "identifier"),
        (gen("", Room::Number(1)), "identifier"),
        // Fits its 2-byte lengths, but the document would be past what decoding reads.
        (gen("a", Room::Name("r".repeat(50_000))), "roomId"),
        (gen(&"i".repeat(30_000), Room::Number(1)), "identifier"),
        (gen_private_map_key(u64::from(u32::MAX) + 1, KEY, "a", &Room::Number(1), 1, 300, NOW), "sdkAppId"),
        (gen_private_map_key(0, KEY, "a", &Room::Number(1), 1, 300, NOW), "sdkAppId"),
        (gen_private_map_key(APP, KEY, "a", &Room::Number(1), 256, 300, NOW), "privileges"),
        (gen_private_map_key(APP, "", "a", &Room::Number(1), 1, 300, NOW), "secretKey"),
        (gen_private_map_key(APP, KEY, "a", &Room::Number(1), 1, 0, NOW), "expire"),
    ];
    for (i, (result, field)) in cases.into_iter().enumerate() {
        assert_eq!(field_of(result), field, "case {i}");
    }
    let empty = gen("a", Room::Name(String::new())).unwrap_err().message;
    assert!(empty.contains("numeric room"), "{empty}");
    let ascii = gen("管理员", Room::Number(1)).unwrap_err().message;
    assert!(ascii.contains("ASCII") && ascii.contains("a-z, A-Z, 0-9, _, -"), "{ascii}");
    // The largest of each that fits.
    assert!(gen_private_map_key(u64::from(u32::MAX), KEY, "a", &Room::Number(u32::MAX), 255, 300, NOW).is_ok());
    assert!(gen("~!", Room::Name(" ~\u{7f}".into())).is_ok(), "any ASCII");
}

fn raw(room_id: Input, privileges: RawPrivileges) -> RawPrivateMapKeyOptions {
    RawPrivateMapKeyOptions {
        sdk_app_id: Input::Num(APP as f64),
        secret_key: Input::Str(KEY.into()),
        identifier: Input::Str("alice".into()),
        room_id,
        privileges,
        ..Default::default()
    }
}

fn names(list: &[&str]) -> RawPrivileges {
    RawPrivileges::List(list.iter().map(|n| Input::Str((*n).into())).collect())
}

#[test]
fn options_read_a_room_and_privileges_by_number_or_name() {
    let read = |room: Input, privileges: RawPrivileges| PrivateMapKeyOptions::from_raw(raw(room, privileges));
    let o = read(Input::Num(10000.0), RawPrivileges::One(Input::Num(255.0))).unwrap();
    assert_eq!((o.room, o.privileges, o.gen.expire, o.gen.now), (Room::Number(10000), 255, 15552000, None));
    let o = read(Input::Str("10000".into()), names(&["enterRoom", "receiveAudio", "receiveVideo"])).unwrap();
    assert_eq!((o.room, o.privileges), (Room::Name("10000".into()), 42), "a string is a string room");
    let all = ["receiveScreen", "sendScreen", "receiveVideo", "sendVideo", "receiveAudio", "sendAudio", "enterRoom", "createRoom"];
    assert_eq!(read(Input::Num(1.0), names(&all)).unwrap().privileges, 255);
    assert_eq!(read(Input::Num(1.0), names(&[])).unwrap().privileges, 0);
    assert_eq!(read(Input::Num(4294967295.0), RawPrivileges::One(Input::Num(0.0))).unwrap().room, Room::Number(u32::MAX));
}

#[test]
fn option_refusals_name_the_field_path() {
    let refused = |room: Input, privileges: RawPrivileges| {
        let err = PrivateMapKeyOptions::from_raw(raw(room, privileges)).unwrap_err();
        (err.field.unwrap(), err.message)
    };
    let one = |n: f64| RawPrivileges::One(Input::Num(n));
    for (room, privileges, field, says) in [
        (Input::Num(0.0), one(1.0), "roomId", "from 1 to 4294967295"),
        (Input::Num(4294967296.0), one(1.0), "roomId", "from 1 to 4294967295"),
        (Input::Num(1.5), one(1.0), "roomId", "integer"),
        (Input::Missing, one(1.0), "roomId", "is required"),
        (Input::Bool(true), one(1.0), "roomId", "a number or a string, not boolean"),
        (Input::BadUnicode, one(1.0), "roomId", "lone UTF-16 surrogate"),
        (Input::Num(1.0), one(256.0), "privileges", "from 0 to 255"),
        (Input::Num(1.0), one(-1.0), "privileges", "from 0 to 255"),
        (Input::Num(1.0), RawPrivileges::One(Input::Missing), "privileges", "is required"),
        (Input::Num(1.0), RawPrivileges::One(Input::Str("enterRoom".into())), "privileges", "list of privilege names, not string"),
        (Input::Num(1.0), names(&["enterRoom", "enterroom"]), "privileges[1]", "did you mean enterRoom?"),
        (Input::Num(1.0), names(&["sendScreenShare"]), "privileges[0]", "did you mean sendScreen?"),
        (Input::Num(1.0), names(&["audio"]), "privileges[0]", "createRoom, enterRoom, sendAudio, receiveAudio, sendVideo"),
        (Input::Num(1.0), names(&["enterRoom", "sendAudio", "enterRoom"]), "privileges[2]", "repeats enterRoom"),
        (Input::Num(1.0), RawPrivileges::List(vec![Input::Str("enterRoom".into()), Input::Num(2.0)]), "privileges[1]", "a string, not number"),
        (Input::Num(1.0), names(&["enterRoom", ""]), "privileges[1]", "must not be empty"),
    ] {
        let (got, message) = refused(room.clone(), privileges.clone());
        assert_eq!(got, field, "{room:?} {privileges:?}: {message}");
        assert!(message.starts_with(field) && message.contains(says), "{message}");
    }
}

#[test]
fn decoding_shows_a_private_map_key_and_nothing_else() {
    for (room, privileges, userbuf, _) in vectors() {
        let made = gen_private_map_key(APP, KEY, "xiaojun", &room, privileges, 300, NOW).unwrap();
        let key = decode_claims(&made).unwrap().private_map_key().unwrap();
        let expected = PrivateMapKey {
            identifier: "xiaojun".into(),
            sdk_app_id: 1400000000,
            room: room.clone(),
            expires_at: 1700000300,
            privileges,
        };
        assert_eq!(key, expected);
        assert_eq!(private_map_key::parse(&STANDARD.decode(userbuf).unwrap()), Some(expected));
    }
    let names = |map| privilege_names(map).collect::<Vec<_>>();
    assert_eq!(names(42), ["enterRoom", "receiveAudio", "receiveVideo"]);
    assert_eq!(names(255).len(), 8);
    assert_eq!(names(0x1_0001), ["createRoom"], "bits past the eight have no name");
    // A UserSig with another userbuf, or none, has no PrivateMapKey.
    let other = gen_user_sig(APP, KEY, "a", 300, Some(b"room 42"), NOW).unwrap();
    assert_eq!(decode_claims(&other).unwrap().private_map_key(), None);
    assert_eq!(decode_claims(&gen_user_sig(APP, KEY, "a", 300, None, NOW).unwrap()).unwrap().private_map_key(), None);
}

#[test]
fn a_userbuf_that_is_not_exactly_a_private_map_key_is_none() {
    let numeric = STANDARD.decode(vectors()[0].2).unwrap();
    let string = STANDARD.decode(vectors()[1].2).unwrap();
    for buf in [&numeric, &string] {
        for len in 0..buf.len() {
            assert_eq!(private_map_key::parse(&buf[..len]), None, "cut to {len}");
        }
        let mut longer = buf.clone();
        longer.push(0);
        assert_eq!(private_map_key::parse(&longer), None, "a byte left over");
    }
    let changed = |buf: &[u8], at: usize, value: u8| {
        let mut out = buf.to_vec();
        out[at] = value;
        private_map_key::parse(&out)
    };
    assert_eq!(changed(&numeric, 0, 2), None, "version 2");
    assert_eq!(changed(&numeric, 0, 1), None, "a numeric room read as a string one");
    assert_eq!(changed(&numeric, numeric.len() - 1, 1), None, "account type 1");
    assert_eq!(changed(&string, 17, 1), None, "a room number in the string form");
    assert_eq!(changed(&numeric, 3, 0xff), None, "an identifier that is not UTF-8");
    assert!(changed(&numeric, 3, b'X').is_some(), "any UTF-8 identifier reads");
}
