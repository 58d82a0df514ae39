//! The `ChatAdmin` methods beyond pinning (the conversation family, conversation groups and marks, accounts,
//! any endpoint) and `verifyCallbackSign`. Each reads its arguments as one loose JSON tree (one crossing each,
//! `snapshot::tree`), lets the core make a [`Run`] of it, and goes through [`ChatAdmin::start`], the one place that
//! reads the per-call options, and [`execute`], which runs it (pins too) through the call engine with
//! [`Client::run`].

use super::call::CallOptions;
use super::call::{now_secs, Client};
use super::client::{answer, promise, read_call_options, ChatAdmin};
use super::error::{to_js, Failure};
use super::snapshot::{input, tree};
use crate::core::call::pacing::Pace;
use crate::core::error::Error;
use crate::core::input::loose::decode_error;
use crate::core::input::tree::Value;
use crate::core::methods::accounts;
use crate::core::methods::callbacks::SignCheck;
use crate::core::methods::request;
use crate::core::methods::run::{Finish, Run};
use crate::core::methods::{delete, groups, list, marks};
use js_sys::Promise;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A method's reader of its argument.
type Make = fn(Option<&Value>) -> crate::Result<Run>;

/// Sends the requests of `run` one after another (paced when the run asks) through the call engine, and gives
/// the result as the method resolves it. Every method goes through here, pins included.
pub(super) async fn execute(client: Rc<Client>, run: Run, call: CallOptions) -> Result<JsValue, Failure> {
    let pace = run.paced.then(|| RefCell::new(Pace::new(accounts::RATE_PER_SECOND)));
    let done = client.run(run, &call, pace.as_ref()).await?;
    match done.finish {
        Finish::Envelope => Ok(done.last.map_or(JsValue::UNDEFINED, |r| answer(&r, done.attempts))),
        Finish::Json(text) => js_sys::JSON::parse(&text).map_err(|_| decode_error("the answer is not JSON").into()),
    }
}

impl ChatAdmin {
    /// Every method below: the run its arguments make, the per-call options read here (the one place), and
    /// the run sent through the client.
    fn start(&self, run: Result<Run, Error>, call_options: &JsValue) -> Promise {
        self.send(run.and_then(|run| Ok((run, read_call_options(call_options, false)?))))
    }

    /// The run sent with its call options, or the promise of the error that stopped it before.
    fn send(&self, prepared: Result<(Run, CallOptions), Error>) -> Promise {
        match prepared {
            Ok((run, call)) => promise(execute(self.client.clone(), run, call)),
            Err(e) => Promise::reject(&to_js(e)),
        }
    }

    /// A method that takes one argument, read as a tree (`field` names it when it cannot be read).
    fn method(&self, make: Make, arg: &JsValue, field: &str, call_options: &JsValue) -> Promise {
        self.start(tree(arg, field).and_then(|t| make(t.as_ref())), call_options)
    }
}

// The TypeScript of everything below is written by hand in `types.rs`.
#[wasm_bindgen]
impl ChatAdmin {
    /// One page of `fromAccount`'s conversation list (`recentcontact/get_list`).
    #[wasm_bindgen(js_name = getConversationPage, skip_typescript)]
    pub fn get_conversation_page(&self, request: JsValue, options: JsValue) -> Promise {
        self.method(list::page, &request, "request", &options)
    }

    /// The page of `listConversations` (`pkg-template/client.js`) after `cursor` (the first when `undefined`).
    #[wasm_bindgen(js_name = __listConversationsPage, skip_typescript)]
    pub fn list_conversations_page(&self, request: JsValue, cursor: JsValue, options: JsValue) -> Promise {
        let run = tree(&request, "request").and_then(|mut t| {
            if let (Some(Value::Object(map)), Some(cursor)) = (t.as_mut(), tree(&cursor, "cursor")?) {
                map.insert("cursor".into(), cursor);
            }
            list::page(t.as_ref())
        });
        self.start(run, &options)
    }

    #[wasm_bindgen(js_name = deleteConversation, skip_typescript)]
    pub fn delete_conversation(&self, request: JsValue, options: JsValue) -> Promise {
        self.method(delete::run, &request, "request", &options)
    }

    #[wasm_bindgen(js_name = createConversationGroup, skip_typescript)]
    pub fn create_conversation_group(&self, request: JsValue, options: JsValue) -> Promise {
        self.method(groups::create, &request, "request", &options)
    }

    #[wasm_bindgen(js_name = updateConversationGroup, skip_typescript)]
    pub fn update_conversation_group(&self, request: JsValue, options: JsValue) -> Promise {
        self.method(groups::update, &request, "request", &options)
    }

    #[wasm_bindgen(js_name = deleteConversationGroup, skip_typescript)]
    pub fn delete_conversation_group(&self, request: JsValue, options: JsValue) -> Promise {
        self.method(groups::delete, &request, "request", &options)
    }

    #[wasm_bindgen(js_name = getConversationGroups, skip_typescript)]
    pub fn get_conversation_groups(&self, request: JsValue, options: JsValue) -> Promise {
        self.method(groups::get, &request, "request", &options)
    }

    #[wasm_bindgen(js_name = searchConversationGroups, skip_typescript)]
    pub fn search_conversation_groups(&self, request: JsValue, options: JsValue) -> Promise {
        self.method(groups::search, &request, "request", &options)
    }

    #[wasm_bindgen(js_name = markConversations, skip_typescript)]
    pub fn mark_conversations(&self, request: JsValue, options: JsValue) -> Promise {
        self.method(marks::run, &request, "request", &options)
    }

    #[wasm_bindgen(js_name = importAccounts, skip_typescript)]
    pub fn import_accounts(&self, accounts: JsValue, options: JsValue) -> Promise {
        self.method(accounts::import, &accounts, "accounts", &options)
    }

    #[wasm_bindgen(js_name = checkAccounts, skip_typescript)]
    pub fn check_accounts(&self, user_ids: JsValue, options: JsValue) -> Promise {
        self.method(accounts::check, &user_ids, "userIds", &options)
    }

    #[wasm_bindgen(js_name = deleteAccounts, skip_typescript)]
    pub fn delete_accounts(&self, user_ids: JsValue, options: JsValue) -> Promise {
        self.method(accounts::delete, &user_ids, "userIds", &options)
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn kick(&self, user_id: JsValue, options: JsValue) -> Promise {
        self.method(accounts::kick, &user_id, "userId", &options)
    }

    /// Any endpoint: `command` is `service/command` (with or without `v4/`), `body` a JSON object; `options` may
    /// say `idempotent`.
    #[wasm_bindgen(skip_typescript)]
    pub fn request(&self, command: JsValue, body: JsValue, options: JsValue) -> Promise {
        // Its call options (with `idempotent`) are read first: they shape the run.
        self.send(read_call_options(&options, true).and_then(|call| {
            let run = tree(&body, "body").and_then(|b| request::run(input(&command), b.as_ref(), call.idempotent))?;
            Ok((run, call))
        }))
    }
}

/// Whether a callback's `Sign` is right for `token` and `requestTime` (and, with `maxSkewSeconds`, fresh).
#[wasm_bindgen(js_name = verifyCallbackSign, skip_typescript)]
pub fn verify_callback_sign(options: JsValue) -> Result<bool, JsValue> {
    let check = tree(&options, "options").and_then(|t| SignCheck::read(t.as_ref())).map_err(to_js)?;
    Ok(check.verify(now_secs()))
}
