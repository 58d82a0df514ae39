//! Pin request validation and the wire body, against fixed expected strings.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use tencent_chat_admin::core::input::{Input, InputList};
use tencent_chat_admin::core::methods::pin::{Conversation, Operation, PinRequest, RawConversation, RawPinRequest};
use tencent_chat_admin::ErrorKind;

fn s(v: &str) -> Input {
    Input::Str(v.to_owned())
}

fn c2c(id: &str) -> Option<RawConversation> {
    Some(RawConversation { kind: s("c2c"), to_account: s(id), group_id: Input::Missing })
}

fn group(id: &str) -> Option<RawConversation> {
    Some(RawConversation { kind: s("group"), to_account: Input::Missing, group_id: s(id) })
}

fn raw(from: Input, items: Vec<Option<RawConversation>>) -> RawPinRequest {
    RawPinRequest { from_account: from, conversations: InputList::Items(items), operation: Input::Missing }
}

/// The field an invalid request names.
fn field_of(r: RawPinRequest) -> String {
    let err = PinRequest::from_raw(r).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    assert!(err.message.starts_with(err.field.as_deref().unwrap()), "{}", err.message);
    err.field.unwrap()
}

#[test]
fn wire_body_is_the_documented_json() {
    let req = PinRequest::from_raw(raw(s("id1"), vec![c2c("id2"), group("group1")])).unwrap();
    assert_eq!(
        req.to_body(Operation::Pin).unwrap(),
        r#"{"From_Account":"id1","OperationType":1,"RecentContactItem":[{"Type":1,"To_Account":"id2"},{"Type":2,"GroupId":"group1"}]}"#
    );
    assert_eq!(
        req.to_body(Operation::Unpin).unwrap(),
        r#"{"From_Account":"id1","OperationType":2,"RecentContactItem":[{"Type":1,"To_Account":"id2"},{"Type":2,"GroupId":"group1"}]}"#
    );
}

#[test]
fn wire_body_escapes_strings() {
    let req = PinRequest::new("a\"b".into(), vec![Conversation::C2c { to_account: "管理\\员".into() }]).unwrap();
    assert_eq!(
        req.to_body(Operation::Pin).unwrap(),
        r#"{"From_Account":"a\"b","OperationType":1,"RecentContactItem":[{"Type":1,"To_Account":"管理\\员"}]}"#
    );
}

#[test]
fn requests_are_read_as_callers_write_them() {
    let read = |json: &str| serde_json::from_str::<RawPinRequest>(json).unwrap();
    let r = read(
        r#"{"fromAccount":"id1","conversations":[{"type":"c2c","toAccount":"id2"},{"type":"group","groupId":"g"}]}"#,
    );
    assert_eq!(r, raw(s("id1"), vec![c2c("id2"), group("g")]));
    let r = read(r#"{"fromAccount":null,"conversations":[3,null,{"type":1}],"operation":"unpin","extra":[]}"#);
    assert_eq!(r.from_account, Input::Other("null"));
    assert_eq!(r.operation, s("unpin"));
    let odd = RawConversation { kind: Input::Num(1.0), to_account: Input::Missing, group_id: Input::Missing };
    assert_eq!(r.conversations, InputList::Items(vec![None, None, Some(odd)]));
    assert_eq!(
        field_of(read(r#"{"fromAccount":"a","conversations":[{"type":"c2c","toAccount":[]}]}"#)),
        "conversations[0].toAccount"
    );
}

#[test]
fn every_rule_names_its_field() {
    let cases: Vec<(RawPinRequest, &str)> = vec![
        (raw(Input::Missing, vec![c2c("b")]), "fromAccount"),
        (raw(Input::Num(3.0), vec![c2c("b")]), "fromAccount"),
        (raw(s(""), vec![c2c("b")]), "fromAccount"),
        (raw(s(&"x".repeat(33)), vec![c2c("b")]), "fromAccount"),
        (raw(s("a\u{0}"), vec![c2c("b")]), "fromAccount"),
        (RawPinRequest { from_account: s("a"), ..RawPinRequest::default() }, "conversations"),
        (
            RawPinRequest {
                from_account: s("a"),
                conversations: InputList::NotArray("object"),
                ..RawPinRequest::default()
            },
            "conversations",
        ),
        (raw(s("a"), vec![]), "conversations"),
        (raw(s("a"), (0..51).map(|i| c2c(&i.to_string())).collect()), "conversations"),
        (raw(s("a"), vec![c2c("b"), None]), "conversations[1]"),
        (
            raw(s("a"), vec![Some(RawConversation { kind: s("user"), to_account: s("b"), group_id: Input::Missing })]),
            "conversations[0].type",
        ),
        (
            raw(
                s("a"),
                vec![Some(RawConversation { kind: Input::Num(1.0), to_account: s("b"), group_id: Input::Missing })],
            ),
            "conversations[0].type",
        ),
        (
            raw(
                s("a"),
                vec![Some(RawConversation { kind: s("c2c"), to_account: Input::Missing, group_id: Input::Missing })],
            ),
            "conversations[0].toAccount",
        ),
        (
            raw(
                s("a"),
                vec![Some(RawConversation {
                    kind: s("group"),
                    to_account: Input::Missing,
                    group_id: Input::Other("null"),
                })],
            ),
            "conversations[0].groupId",
        ),
        (
            raw(s("a"), vec![Some(RawConversation { kind: s("c2c"), to_account: s("b"), group_id: s("g") })]),
            "conversations[0].groupId",
        ),
        (
            raw(s("a"), vec![Some(RawConversation { kind: s("group"), to_account: s("b"), group_id: s("g") })]),
            "conversations[0].toAccount",
        ),
        (raw(s("a"), vec![c2c(&"y".repeat(33))]), "conversations[0].toAccount"),
        (raw(s("a"), vec![group(&"g".repeat(49))]), "conversations[0].groupId"),
        (raw(s("a"), vec![c2c("b"), group("g"), c2c("b")]), "conversations[2]"),
    ];
    for (r, field) in cases {
        assert_eq!(field_of(r.clone()), field, "{r:?}");
    }
}

#[test]
fn limits_are_inclusive() {
    let ok = PinRequest::from_raw(raw(
        s(&"x".repeat(32)),
        (0..49).map(|i| c2c(&i.to_string())).chain([group(&"g".repeat(48))]).collect(),
    ))
    .unwrap();
    assert_eq!(ok.conversations().len(), 50);
    // 32 bytes of UTF-8 is fewer than 32 characters of CJK.
    assert!(PinRequest::new("管".repeat(10), vec![Conversation::Group { group_id: "g".into() }]).is_ok());
    assert!(PinRequest::new("管".repeat(11), vec![Conversation::Group { group_id: "g".into() }]).is_err());
}

#[test]
fn same_id_as_c2c_and_group_is_not_a_duplicate() {
    assert!(PinRequest::from_raw(raw(s("a"), vec![c2c("x"), group("x")])).is_ok());
}

#[test]
fn operation_parses() {
    assert_eq!(Operation::parse(Input::Missing).unwrap(), Operation::Pin);
    assert_eq!(Operation::parse(s("unpin")).unwrap(), Operation::Unpin);
    assert_eq!(Operation::parse(s("Pin")).unwrap_err().field.as_deref(), Some("operation"));
}
