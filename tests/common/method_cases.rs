// The methods of issue 13 against the emulator, in Node (`tests/client.rs`) and headless Chromium
// (`tests/client_browser.rs`); included after `client_cases.rs`, whose helpers it uses. Each test has users of its
// own (the tests run concurrently against one emulator), imported through `importAccounts` itself, and the
// emulator's state is the witness of what a call changed.

use tencent_chat_admin::wasm::verify_callback_sign;

/// A JS value from JSON text.
fn js(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

/// Imports `users` through the client.
async fn import(a: &ChatAdmin, users: &str) {
    let result = settle(a.import_accounts(js(users), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(json(&get(&result, "failed")), "[]");
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn accounts_are_imported_checked_kicked_and_deleted() {
    let a = admin(JsValue::UNDEFINED);
    import(&a, r#"["wm-acc1",{"userId":"wm-acc2","nick":"Two"}]"#).await;
    let checks = settle(a.check_accounts(js(r#"["wm-acc1","wm-acc2","wm-nobody"]"#), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(
        json(&checks),
        r#"[{"userId":"wm-acc1","imported":true,"code":0,"info":""},{"userId":"wm-acc2","imported":true,"code":0,"info":""},{"userId":"wm-nobody","imported":false,"code":0,"info":""}]"#
    );
    let kicked = settle(a.kick("wm-acc1".into(), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(get(&kicked, "actionStatus").as_string().as_deref(), Some("OK"));
    let deleted = settle(a.delete_accounts(js(r#"["wm-acc2","wm-nobody"]"#), JsValue::UNDEFINED)).await.unwrap();
    let codes: Vec<f64> = js_sys::Array::from(&deleted).iter().map(|r| get(&r, "code").as_f64().unwrap()).collect();
    assert_eq!(codes, [0.0, 70107.0]);
    let accounts = json(&get(&state().await, "accounts"));
    assert!(accounts.contains(r#""UserID":"wm-acc1""#) && !accounts.contains(r#""UserID":"wm-acc2""#), "{accounts}");
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn a_conversation_list_is_paged_and_a_conversation_deleted() {
    let a = admin(JsValue::UNDEFINED);
    import(&a, r#"["wm-list","wm-peer"]"#).await;
    let seed = r#"{"fromAccount":"wm-list","conversations":[{"Type":1,"To_Account":"wm-peer","MsgTime":1700000400},
        {"Type":2,"GroupId":"wm-g1","MsgTime":1700000300},{"Type":2,"GroupId":"wm-g2","MsgTime":1700000200},
        {"Type":2,"GroupId":"wm-g3","MsgTime":1700000100}]}"#;
    control(emulator(), "conversations", js(seed)).await.unwrap();
    let first = settle(a.get_conversation_page(js(r#"{"fromAccount":"wm-list"}"#), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(get(&first, "complete").as_bool(), Some(false));
    let cursor = get(&first, "cursor");
    let request = obj(&[("fromAccount", "wm-list".into()), ("cursor", cursor)]);
    let second = settle(a.get_conversation_page(request, JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(get(&second, "complete").as_bool(), Some(true));
    assert!(get(&second, "cursor").is_null());
    let seen: Vec<String> = [&first, &second]
        .iter()
        .flat_map(|p| js_sys::Array::from(&get(p, "conversations")).iter().collect::<Vec<_>>())
        .map(|c| get(&c, "toAccount").as_string().or_else(|| get(&c, "groupId").as_string()).unwrap())
        .collect();
    assert_eq!(seen, ["wm-peer", "wm-g1", "wm-g2", "wm-g3"]);
    let delete = r#"{"fromAccount":"wm-list","conversation":{"type":"group","groupId":"wm-g2"}}"#;
    settle(a.delete_conversation(js(delete), JsValue::UNDEFINED)).await.unwrap();
    let left = json(&get(&get(&state().await, "conversations"), "wm-list"));
    assert!(!left.contains("wm-g2") && left.contains("wm-g3"), "{left}");
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn conversation_groups_and_marks_change_the_emulators_state() {
    let a = admin(JsValue::UNDEFINED);
    import(&a, r#"["wm-grp","wm-grp-peer"]"#).await;
    let create = r#"{"fromAccount":"wm-grp","name":"work","conversations":[{"type":"c2c","toAccount":"wm-grp-peer"}]}"#;
    let created = settle(a.create_conversation_group(js(create), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(get(&created, "name").as_string().as_deref(), Some("work"));
    assert_eq!(json(&get(&created, "results")), r#"[{"conversation":{"type":"c2c","toAccount":"wm-grp-peer"},"code":0,"info":""}]"#);
    let add = r#"{"fromAccount":"wm-grp","name":"work","add":[{"type":"group","groupId":"wm-team"}]}"#;
    settle(a.update_conversation_group(js(add), JsValue::UNDEFINED)).await.unwrap();
    let all = settle(a.get_conversation_groups(js(r#"{"fromAccount":"wm-grp"}"#), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(json(&get(&all, "groups")), format!(r#"[{{"name":"work","groupId":{}}}]"#, json(&get(&created, "groupId"))));
    assert_eq!(js_sys::Array::from(&get(&all, "conversations")).length(), 2);
    let mark = r#"{"fromAccount":"wm-grp","marks":[{"conversation":{"type":"group","groupId":"wm-team"},"set":[40],"customMark":"vip"}]}"#;
    let marked = settle(a.mark_conversations(js(mark), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(json(&marked), r#"{"results":[{"conversation":{"type":"group","groupId":"wm-team"},"code":0,"info":""}]}"#);
    let search = r#"{"fromAccount":"wm-grp","conversations":[{"type":"group","groupId":"wm-team"}]}"#;
    let found = settle(a.search_conversation_groups(js(search), JsValue::UNDEFINED)).await.unwrap();
    let team = js_sys::Array::from(&get(&found, "conversations")).get(0);
    assert_eq!(get(&team, "customMark").as_string().as_deref(), Some("vip"));
    let bits = get(&team, "standardMark").as_string().unwrap();
    assert_eq!(bits.len(), 64);
    assert_eq!(bits.as_bytes()[63 - 40], b'1', "bit 40 set in {bits}");
    settle(a.delete_conversation_group(js(r#"{"fromAccount":"wm-grp","name":"work"}"#), JsValue::UNDEFINED)).await.unwrap();
    let groups = json(&get(&get(&get(&state().await, "contacts"), "wm-grp"), "groups"));
    assert_eq!(groups, "[]");
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn request_reaches_any_endpoint_and_fail_is_a_service_error() {
    let a = admin(JsValue::UNDEFINED);
    let answer = settle(a.request("v4/im_open_login_svc/account_check".into(), js(r#"{"CheckItem":[{"UserID":"alice"}]}"#), JsValue::UNDEFINED))
        .await
        .unwrap();
    let item = js_sys::Array::from(&get(&answer, "ResultItem")).get(0);
    assert_eq!(get(&item, "AccountStatus").as_string().as_deref(), Some("Imported"));
    let bad = a.request("im_open_login_svc/account_check".into(), js(r#"{"CheckItem":[]}"#), JsValue::UNDEFINED);
    assert_eq!(failure(bad).await, ("service".into(), 70402.0, 200.0));
    let refused = a.request("im_open_login_svc/../x".into(), JsValue::UNDEFINED, JsValue::UNDEFINED);
    assert_eq!(failure(refused).await.0, "invalid-request");
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn request_is_sent_again_only_where_a_repeat_is_known_harmless() {
    let retry = obj(&[("retries", 3.into()), ("minDelayMs", 1.into()), ("maxDelayMs", 5.into())]);
    let a = admin(obj(&[("retry", retry)]));
    let body = || js(r#"{"From_Account":"wm-send","To_Account":"alice","MsgRandom":1}"#);
    // A bare 503 may come after the message was sent: sendmsg is not sent again.
    fault("wm-send", &[("status", 503.into()), ("times", 2.into())]).await;
    let before = requests_from("wm-send").await;
    assert_eq!(failure(a.request("v4/openim/sendmsg".into(), body(), JsValue::UNDEFINED)).await, ("http".into(), 0.0, 503.0));
    assert_eq!(requests_from("wm-send").await - before, 1.0);
    // Said to be safe: retried past the second 503 to the emulator's own answer (it does not emulate sendmsg).
    let idempotent = obj(&[("idempotent", true.into())]);
    assert_eq!(failure(a.request("openim/sendmsg".into(), body(), idempotent)).await, ("http".into(), 60009.0, 404.0));
    assert_eq!(requests_from("wm-send").await - before, 3.0);
}

#[wasm_bindgen_test::wasm_bindgen_test]
fn callback_signatures_verify_the_reference_vector() {
    let sign = "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061";
    let options = |token: &str| obj(&[("token", token.into()), ("requestTime", "1669872112".into()), ("sign", sign.into())]);
    assert!(verify_callback_sign(options("xxxxyyyy")).unwrap());
    assert!(!verify_callback_sign(options("xxxyyy")).unwrap());
}
