//! `ChatAdmin`: reads and checks the options and each call's arguments, then hands the call to the JS
//! driver (`runtime.js` `call`), which sends it and asks the call's [`Session`] what to do at each turn.

use super::error::{not_an_object, to_js};
use super::js::{call, client, field, get, global_fetch, in_page, input, keys, list};
use super::session::Session;
use crate::credentials::SigCache;
use crate::error::Error;
use crate::options::{check_keys, Options, RawOptions, RawRetry, CLIENT_KEYS, RETRY_KEYS};
use crate::pin::{self, Operation, PinRequest, RawConversation, RawPinRequest};
use js_sys::{Array, Function, Promise};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The admin client. Cheap to keep for the life of a process: it makes (or asks for) a UserSig once
/// and reuses it until shortly before it expires.
#[wasm_bindgen(skip_typescript)]
pub struct ChatAdmin {
    pub(super) inner: Rc<Inner>,
    /// The JS side of this client (runtime.js `client`): its fetch, provider and timeout, and the
    /// session its single calls share.
    pub(super) js: JsValue,
}

/// What the sessions of one client share: the options and the UserSig in use.
pub(super) struct Inner {
    pub options: Options,
    pub cache: RefCell<SigCache>,
}

fn read_retry(v: JsValue) -> Result<RawRetry, Error> {
    Ok(if v.is_undefined() || v.as_bool() == Some(true) {
        RawRetry::Missing
    } else if v.as_bool() == Some(false) {
        RawRetry::Off
    } else if v.is_object() && !Array::is_array(&v) {
        check_keys(&keys(&v), &RETRY_KEYS, "retry.")?;
        RawRetry::Policy {
            retries: field(&v, "retries"),
            min_delay_ms: field(&v, "minDelayMs"),
            max_delay_ms: field(&v, "maxDelayMs"),
        }
    } else {
        RawRetry::Invalid(input(v).type_word())
    })
}

/// The checked options, the fetch to use and the `userSigProvider` (when given).
fn read_options(v: &JsValue) -> Result<(Options, Function, JsValue), JsValue> {
    if !v.is_object() {
        return Err(not_an_object("options", v));
    }
    check_keys(&keys(v), &CLIENT_KEYS, "").map_err(to_js)?;
    // Functions are read once: a getter could give a different answer the second time.
    let (fetch, provider) = (get(v, "fetch"), get(v, "userSigProvider"));
    let raw = RawOptions {
        sdk_app_id: field(v, "sdkAppId"),
        identifier: field(v, "identifier"),
        secret_key: field(v, "secretKey"),
        user_sig: field(v, "userSig"),
        user_sig_provider: input(provider.clone()),
        region: field(v, "region"),
        use_backup_domain: field(v, "useBackupDomain"),
        endpoint: field(v, "endpoint"),
        allow_insecure_http: field(v, "allowInsecureHttp"),
        timeout_ms: field(v, "timeoutMs"),
        fetch: input(fetch.clone()),
        retry: read_retry(get(v, "retry")).map_err(to_js)?,
    };
    let options = Options::from_raw(raw).map_err(to_js)?;
    if options.endpoint.as_str().starts_with('/') && !in_page() {
        let message = "is a path, which only a page can resolve (against its origin): give a full URL here";
        return Err(to_js(Error::invalid("endpoint", message)));
    }
    let fetch = match fetch.dyn_into::<Function>() {
        Ok(f) => f,
        Err(_) => global_fetch()
            .ok_or_else(|| to_js(Error::invalid("fetch", "is required: this runtime has no global fetch")))?,
    };
    Ok((options, fetch, provider))
}

pub(super) fn read_pin_request(v: &JsValue) -> Result<PinRequest, Error> {
    if !v.is_object() {
        let word = if v.is_undefined() { "is required" } else { "must be an object { fromAccount, conversations }" };
        return Err(Error::invalid("request", word));
    }
    let conversation = |item: &JsValue| RawConversation {
        kind: field(item, "type"),
        to_account: field(item, "toAccount"),
        group_id: field(item, "groupId"),
    };
    PinRequest::from_raw(RawPinRequest {
        from_account: field(v, "fromAccount"),
        conversations: list(get(v, "conversations"), conversation),
    })
}

/// The `signal` of per-call options (`undefined` when none), checked to be an AbortSignal so that
/// nothing later trips over a look-alike.
pub(super) fn read_signal(options: &JsValue) -> Result<JsValue, Error> {
    if options.is_undefined() || options.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    if !options.is_object() {
        return Err(Error::invalid("options", "must be an object such as { signal }"));
    }
    let signal = get(options, "signal");
    let is_signal = signal.is_undefined()
        || (get(&signal, "aborted").as_bool().is_some()
            && get(&signal, "addEventListener").is_function()
            && get(&signal, "removeEventListener").is_function());
    if is_signal {
        Ok(signal)
    } else {
        Err(Error::invalid("signal", "must be an AbortSignal"))
    }
}

impl ChatAdmin {
    fn top(&self, operation: Operation, request: &JsValue, call_options: &JsValue) -> Promise {
        let prepared = read_pin_request(request).and_then(|r| Ok((r, read_signal(call_options)?)));
        let (request, signal) = match prepared {
            Ok(p) => p,
            Err(e) => return Promise::reject(&to_js(e)),
        };
        call(&self.js, &get(&self.js, "session"), pin::COMMAND, &request.to_body(operation), &signal)
    }
}

// The TypeScript of everything below is written by hand in `types.rs` (optional arguments and
// precise types), so wasm-bindgen's is skipped.
#[wasm_bindgen]
impl ChatAdmin {
    /// Checks the options and keeps them; throws a `ChatError` of kind `invalid-request` on bad ones.
    #[wasm_bindgen(constructor, skip_typescript)]
    pub fn new(options: JsValue) -> Result<ChatAdmin, JsValue> {
        let (options, fetch, provider) = read_options(&options)?;
        let timeout_ms = options.timeout_ms;
        let inner = Rc::new(Inner { options, cache: RefCell::default() });
        let session = Session::new(inner.clone(), None);
        Ok(ChatAdmin { js: client(&fetch, &provider, timeout_ms, session.into()), inner })
    }

    /// Pins conversations to the top of `fromAccount`'s conversation list.
    #[wasm_bindgen(js_name = pinConversations, skip_typescript)]
    pub fn pin_conversations(&self, request: JsValue, options: JsValue) -> Promise {
        self.top(Operation::Pin, &request, &options)
    }

    /// Unpins conversations in `fromAccount`'s conversation list.
    #[wasm_bindgen(js_name = unpinConversations, skip_typescript)]
    pub fn unpin_conversations(&self, request: JsValue, options: JsValue) -> Promise {
        self.top(Operation::Unpin, &request, &options)
    }
}

/// One call without keeping a client: `operation` is `'pin'` (default) or `'unpin'`.
#[wasm_bindgen(js_name = pinConversations, skip_typescript)]
pub fn pin_conversations_once(options: JsValue, request: JsValue, call_options: JsValue) -> Promise {
    let admin = match ChatAdmin::new(options) {
        Ok(admin) => admin,
        Err(e) => return Promise::reject(&e),
    };
    match Operation::parse(field(&request, "operation")) {
        Ok(op) => admin.top(op, &request, &call_options),
        Err(e) => Promise::reject(&to_js(e)),
    }
}
