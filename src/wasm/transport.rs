//! Sending a built request through `fetch` (the global one or the caller's), with a deadline and the
//! caller's `AbortSignal`. The only module that uses `web_sys`.

use super::js::{get, guard, post_init, read_reply, set};
use crate::error::{Error, ErrorKind, Result};
use crate::redact::redact;
use crate::request::HttpRequest;
use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

/// An HTTP answer: status and body text.
pub struct Reply {
    pub status: u16,
    pub body: String,
}

/// The global `fetch`, or `None` where there is none.
pub fn global_fetch() -> Option<Function> {
    get(&js_sys::global(), "fetch").dyn_into::<Function>().ok()
}

/// The page's origin (`location.origin`), or `None` outside a page.
fn page_origin() -> Option<String> {
    get(&get(&js_sys::global(), "location"), "origin").as_string()
}

/// Whether this runs in a page (or a worker), where a path is resolved against an origin.
pub fn in_page() -> bool {
    page_origin().is_some()
}

/// Whether a browser would treat a call to `url` as cross-origin.
fn is_cross_origin(url: &str) -> bool {
    match page_origin() {
        Some(origin) if !url.starts_with('/') || url.starts_with("//") => {
            let rest = url.strip_prefix(origin.as_str());
            !rest.is_some_and(|r| r.is_empty() || r.starts_with('/'))
        }
        _ => false,
    }
}

/// The URL without its query, which holds the UserSig.
fn target(req: &HttpRequest) -> &str {
    req.url.split('?').next().unwrap_or("")
}

/// What a JS error says (`name: message`, and its cause's code such as ECONNREFUSED), with `secrets`
/// scrubbed in case a custom fetch echoed the URL.
fn describe(error: &JsValue, secrets: &[&str]) -> String {
    let name = get(error, "name").as_string().unwrap_or_default();
    let message = get(error, "message").as_string().or_else(|| error.as_string()).unwrap_or_default();
    let cause = get(error, "cause");
    let code = get(&cause, "code").as_string().or_else(|| get(&cause, "message").as_string());
    let text = match code {
        Some(code) => [name.as_str(), ": ", &message, " (", &code, ")"].concat(),
        None => [name.as_str(), ": ", &message].concat(),
    };
    redact(&text, secrets)
}

fn failure(kind: ErrorKind, parts: &[&str]) -> Error {
    Error::new(kind, parts.concat())
}

/// Sends `req` and reads the whole answer within `timeout_ms`. `signal` is the caller's AbortSignal
/// (or `undefined`).
pub async fn send(
    fetch: &Function,
    req: &HttpRequest,
    timeout_ms: u32,
    signal: &JsValue,
    secrets: &[&str],
) -> Result<Reply> {
    let url = target(req);
    let controller =
        AbortController::new().map_err(|_| failure(ErrorKind::Network, &["AbortController is not available"]))?;
    // A JSON POST (see runtime.js `postInit`): in a page, its preflight keeps a refused cross-origin
    // call from ever reaching the service.
    let init = post_init(&req.body, &controller.signal());

    let started = fetch
        .call2(&js_sys::global(), &JsValue::from_str(&req.url), &init)
        .map(|p| Promise::resolve(&p))
        .map_err(|e| failure(ErrorKind::Network, &["fetch threw calling ", url, ": ", &describe(&e, secrets)]))?;
    let whole = read_reply(&started);
    let outcome = JsFuture::from(guard(&whole, f64::from(timeout_ms), &controller, signal)).await.unwrap_or_default();

    match get(&outcome, "fail").as_string().as_deref() {
        None => {
            let reply = get(&outcome, "ok");
            let status = get(&reply, "status").as_f64().filter(|s| (0.0..=999.0).contains(s));
            let body = get(&reply, "body").as_string();
            match (status, body) {
                (Some(status), Some(body)) => Ok(Reply { status: status as u16, body }),
                _ => Err(failure(ErrorKind::Decode, &["fetch gave no status or text body for ", url])),
            }
        }
        Some("timeout") => {
            let mut ms = String::new();
            crate::json::push_u64(&mut ms, u64::from(timeout_ms));
            Err(failure(ErrorKind::Timeout, &["no answer within ", &ms, " ms from ", url]))
        }
        Some("aborted") => Err(failure(ErrorKind::Aborted, &["aborted"])),
        _ => {
            let what = describe(&get(&outcome, "error"), secrets);
            if is_cross_origin(&req.url) && !answers_cross_origin(fetch, url, timeout_ms).await {
                Err(failure(
                    ErrorKind::Cors,
                    &[
                        "the browser refused or could not complete the cross-origin call to ",
                        url,
                        " (",
                        &what,
                        "); if the service does not allow calls from pages, route them through a same-origin proxy with the `endpoint` option, e.g. '/chat-api'",
                    ],
                ))
            } else {
                Err(failure(ErrorKind::Network, &["could not reach ", url, ": ", &what]))
            }
        }
    }
}

/// Whether a plain cross-origin GET to `url` (no query, no credentials, no preflight) gets an answer
/// the page may read. A page is not told why a cross-origin call failed; this tells a server that
/// does not allow the page (`cors`) from one that does but dropped the call (`network`, retried).
async fn answers_cross_origin(fetch: &Function, url: &str, timeout_ms: u32) -> bool {
    let Ok(controller) = AbortController::new() else {
        return false;
    };
    let init = Object::new();
    set(&init, "method", "GET");
    set(&init, "signal", controller.signal());
    let Ok(started) = fetch.call2(&js_sys::global(), &JsValue::from_str(url), &init) else {
        return false;
    };
    let probe = guard(&Promise::resolve(&started), f64::from(timeout_ms.min(5_000)), &controller, &JsValue::UNDEFINED);
    JsFuture::from(probe).await.is_ok_and(|outcome| get(&outcome, "fail").is_undefined())
}

/// Reads `signal.aborted` (false without a signal).
pub fn is_aborted(signal: &JsValue) -> bool {
    get(signal, "aborted").as_bool() == Some(true)
}
