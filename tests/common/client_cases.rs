// Client tests against the emulator, shared by Node (`tests/client.rs`) and headless Chromium
// (`tests/client_browser.rs`), each with an emulator of its own whose URL `scripts/with-emulator.mjs`
// passes in at compile time; its state (`/__emulator/state`) is the independent witness of what a call changed. The test
// runner starts the tests concurrently, so each test has its own users, aims its faults at them
// (`fromAccount`) and counts only their requests.

use js_sys::{Object, Promise, Reflect};
use tencent_chat_admin::wasm::ChatAdmin;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test as test;

const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

#[wasm_bindgen(inline_js = r#"
export async function control(base, path, body) {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(base + '/__emulator/' + path, init);
  if (!res.ok) throw new Error('emulator control ' + path + ' answered ' + res.status);
  return res.json();
}
export function options(endpoint, extra) {
  return Object.assign({ sdkAppId: 1400000000, identifier: 'administrator', secretKey: '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e', endpoint, retry: false }, extra);
}
export function provider(sigs) {
  let calls = 0;
  const f = async () => sigs[Math.min(calls++, sigs.length - 1)];
  f.calls = () => calls;
  return f;
}
export function c2c(from, ...ids) {
  return { fromAccount: from, conversations: ids.map((id) => id.startsWith('#') ? { type: 'group', groupId: id.slice(1) } : { type: 'c2c', toAccount: id }) };
}
export function json(value) { return JSON.stringify(value); }
export async function requestsFrom(base, user) {
  const state = await control(base, 'state');
  return state.requests.filter((r) => r.body && r.body.From_Account === user).length;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn control(base: &str, path: &str, body: JsValue) -> Result<JsValue, JsValue>;
    fn options(endpoint: &str, extra: JsValue) -> JsValue;
    fn provider(sigs: Vec<String>) -> JsValue;
    #[wasm_bindgen(variadic)]
    fn c2c(from: &str, ids: Vec<String>) -> JsValue;
    fn json(value: &JsValue) -> String;
    #[wasm_bindgen(js_name = requestsFrom)]
    async fn requests_from_js(base: &str, user: &str) -> JsValue;
}

/// The emulator of this test binary (`EMULATOR` is set by the file that includes this one).
fn emulator() -> &'static str {
    EMULATOR.expect("run the wasm tests through scripts/with-emulator.mjs, which sets the emulators' URLs")
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

async fn settle(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

async fn state() -> JsValue {
    control(emulator(), "state", JsValue::UNDEFINED).await.unwrap()
}

/// Queues one fault for calls about `user`.
async fn fault(user: &str, fault: &[(&str, JsValue)]) {
    let f = obj(fault);
    Reflect::set(&f, &"fromAccount".into(), &user.into()).unwrap();
    control(emulator(), "faults", f).await.unwrap();
}

/// Requests the emulator has seen about `user` (its history holds the last 200).
async fn requests_from(user: &str) -> f64 {
    requests_from_js(emulator(), user).await.as_f64().unwrap()
}

fn admin(extra: JsValue) -> ChatAdmin {
    ChatAdmin::new(options(emulator(), extra)).unwrap()
}

/// The `(kind, code, status)` of a rejected call.
async fn failure(p: Promise) -> (String, f64, f64) {
    let err = settle(p).await.expect_err("the call should fail");
    assert_eq!(get(&err, "name").as_string().as_deref(), Some("ChatError"));
    assert!(err.is_instance_of::<js_sys::Error>());
    let text = json(&err) + &get(&err, "message").as_string().unwrap();
    assert!(!text.contains(KEY), "the secret key leaked: {text}");
    (get(&err, "kind").as_string().unwrap(), get(&err, "code").as_f64().unwrap(), get(&err, "status").as_f64().unwrap())
}

fn sig_for(app: u64, id: &str, expire: u64, now: u64) -> String {
    tencent_chat_admin::core::usersig::gen_user_sig(app, KEY, id, expire, None, now).unwrap()
}

fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

#[test]
async fn pin_then_unpin_changes_the_emulators_state() {
    let a = admin(JsValue::UNDEFINED);
    let ok = settle(a.pin_conversations(c2c("alice", ids(&["bob", "#g-news"])), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(get(&ok, "actionStatus").as_string().as_deref(), Some("OK"));
    assert_eq!(get(&ok, "errorCode").as_f64(), Some(0.0));
    let pinned = json(&get(&get(&state().await, "pinned"), "alice"));
    assert_eq!(pinned, r#"[{"Type":1,"To_Account":"bob"},{"Type":2,"GroupId":"g-news"}]"#);
    settle(a.unpin_conversations(c2c("alice", ids(&["bob"])), JsValue::UNDEFINED)).await.unwrap();
    let pinned = json(&get(&get(&state().await, "pinned"), "alice"));
    assert_eq!(pinned, r#"[{"Type":2,"GroupId":"g-news"}]"#);
    settle(a.unpin_conversations(c2c("alice", ids(&["#g-news"])), JsValue::UNDEFINED)).await.unwrap();
}

#[test]
async fn documented_codes_surface_as_service_errors() {
    let a = admin(JsValue::UNDEFINED);
    assert_eq!(failure(a.pin_conversations(c2c("nobody", ids(&["bob"])), JsValue::UNDEFINED)).await, ("service".into(), 50001.0, 200.0));
    assert_eq!(failure(a.pin_conversations(c2c("alice", ids(&["nobody"])), JsValue::UNDEFINED)).await, ("service".into(), 50001.0, 200.0));
    let wrong_key = admin(obj(&[("secretKey", "0".repeat(64).into())]));
    assert_eq!(failure(wrong_key.pin_conversations(c2c("alice", ids(&["bob"])), JsValue::UNDEFINED)).await, ("service".into(), 70009.0, 200.0));
    let not_admin = admin(obj(&[("identifier", "alice".into())]));
    assert_eq!(failure(not_admin.pin_conversations(c2c("alice", ids(&["bob"])), JsValue::UNDEFINED)).await, ("service".into(), 50003.0, 200.0));
    let other_app = admin(obj(&[("secretKey", JsValue::UNDEFINED), ("userSigProvider", provider(vec![sig_for(1400000001, "administrator", 3600, now())]))]));
    assert_eq!(failure(other_app.pin_conversations(c2c("alice", ids(&["bob"])), JsValue::UNDEFINED)).await, ("service".into(), 70014.0, 200.0));
    let other_id = admin(obj(&[("secretKey", JsValue::UNDEFINED), ("userSigProvider", provider(vec![sig_for(1400000000, "alice", 3600, now())]))]));
    assert_eq!(failure(other_id.pin_conversations(c2c("alice", ids(&["bob"])), JsValue::UNDEFINED)).await, ("service".into(), 70013.0, 200.0));
    let unknown_app = admin(obj(&[("sdkAppId", 1400000009.into()), ("secretKey", KEY.into())]));
    assert_eq!(failure(unknown_app.pin_conversations(c2c("alice", ids(&["bob"])), JsValue::UNDEFINED)).await, ("service".into(), 60006.0, 200.0));
    let expired = admin(obj(&[("secretKey", JsValue::UNDEFINED), ("userSig", sig_for(1400000000, "administrator", 60, now() - 3600).into())]));
    // An expired fixed UserSig cannot be renewed: refused before sending, with the service's code.
    assert_eq!(failure(expired.pin_conversations(c2c("alice", ids(&["bob"])), JsValue::UNDEFINED)).await, ("usersig".into(), 70001.0, 0.0));
}

#[test]
async fn expired_usersig_from_a_provider_is_asked_again_once() {
    let p = provider(vec![sig_for(1400000000, "administrator", 60, now() - 3600), sig_for(1400000000, "administrator", 3600, now())]);
    let a = admin(obj(&[("secretKey", JsValue::UNDEFINED), ("userSigProvider", p.clone())]));
    let before = requests_from("carol").await;
    settle(a.pin_conversations(c2c("carol", ids(&["dave"])), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(requests_from("carol").await - before, 2.0);
    let calls: js_sys::Function = get(&p, "calls").dyn_into().unwrap();
    assert_eq!(calls.call0(&JsValue::NULL).unwrap().as_f64(), Some(2.0));
}

#[test]
async fn faults_map_to_kinds() {
    let a = admin(obj(&[("timeoutMs", 300.into())]));
    let req = || c2c("dave", ids(&["bob"]));
    fault("dave", &[("status", 503.into()), ("body", "upstream down".into())]).await;
    assert_eq!(failure(a.pin_conversations(req(), JsValue::UNDEFINED)).await, ("http".into(), 0.0, 503.0));
    fault("dave", &[("malformed", true.into())]).await;
    assert_eq!(failure(a.pin_conversations(req(), JsValue::UNDEFINED)).await, ("decode".into(), 0.0, 200.0));
    fault("dave", &[("delayMs", 1500.into())]).await;
    assert_eq!(failure(a.pin_conversations(req(), JsValue::UNDEFINED)).await, ("timeout".into(), 0.0, 0.0));
    fault("dave", &[("errorCode", 50004.into())]).await;
    assert_eq!(failure(a.pin_conversations(req(), JsValue::UNDEFINED)).await, ("service".into(), 50004.0, 200.0));
    // Last, because a browser may send a POST again by itself when a reused connection closes
    // without an answer: two drops make sure it fails either way (a leftover drop is harmless here).
    fault("dave", &[("drop", true.into()), ("times", 2.into())]).await;
    assert_eq!(failure(a.pin_conversations(req(), JsValue::UNDEFINED)).await, ("network".into(), 0.0, 0.0));
}

#[test]
async fn retryable_answers_are_retried() {
    let retry = obj(&[("retries", 3.into()), ("minDelayMs", 1.into()), ("maxDelayMs", 5.into())]);
    let a = admin(obj(&[("retry", retry)]));
    fault("erin", &[("errorCode", 50004.into()), ("times", 2.into())]).await;
    let before = requests_from("erin").await;
    settle(a.pin_conversations(c2c("erin", ids(&["alice"])), JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(requests_from("erin").await - before, 3.0);
    fault("erin", &[("errorCode", 50002.into())]).await;
    let before = requests_from("erin").await;
    assert_eq!(failure(a.pin_conversations(c2c("erin", ids(&["alice"])), JsValue::UNDEFINED)).await.1, 50002.0);
    assert_eq!(requests_from("erin").await - before, 1.0);
}

#[test]
async fn invalid_requests_send_nothing() {
    let a = admin(JsValue::UNDEFINED);
    let before = requests_from("frank").await;
    let bad = obj(&[("fromAccount", "frank".into()), ("conversations", js_sys::Array::new().into())]);
    assert_eq!(failure(a.pin_conversations(bad, JsValue::UNDEFINED)).await.0, "invalid-request");
    assert_eq!(requests_from("frank").await, before);
}
