//! A group's members, a page at a time: the pager behind `listGroupMembers` and the group pins
//! (`pkg-template/client.js` walks it). It keeps the core's paging ([`MemberPaging`]: which page comes next, each
//! member once, paging that does not move on refused) and sends each page through the call engine as any read is
//! sent (retried, safe to repeat).

use super::bulk::{check_options_object, hooks};
use super::call::{CallOptions, Client};
use super::client::{promise, read_call_options, ChatAdmin};
use super::error::{to_js, Failure};
use super::snapshot::{tree, Snapshot};
use crate::core::call::run::{Finish, Raw, Run};
use crate::core::error::Error;
use crate::core::input::loose::decode_error;
use crate::core::methods::members::filter::{read_options, MemberFilter};
use crate::core::methods::members::paging::MemberPaging;
use crate::core::methods::members::{self, MemberQuery};
use js_sys::Promise;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The pages of one listing.
#[wasm_bindgen(skip_typescript)]
pub struct GroupMemberPages {
    client: Rc<Client>,
    paging: Rc<RefCell<MemberPaging>>,
    call: CallOptions,
}

/// The next page of `paging`, as JS gets it: `{ members, memberNum, skipped, repeated, done }`.
async fn page(client: Rc<Client>, paging: Rc<RefCell<MemberPaging>>, call: CallOptions) -> Result<JsValue, Failure> {
    let body = paging.borrow_mut().next_body()?;
    let done = client.run(Run::one(members::COMMAND, body, Raw::default()), &call, None).await?;
    let Finish::Json(text) = done.finish else { return Err(decode_error("no answer was read").into()) };
    let page = paging.borrow_mut().absorb(&text)?;
    js_sys::JSON::parse(&page).map_err(|_| decode_error("the page could not be read").into())
}

#[wasm_bindgen]
impl GroupMemberPages {
    /// The group listed, as read from the request.
    #[wasm_bindgen(getter, js_name = groupId)]
    pub fn group_id(&self) -> String {
        self.paging.borrow().query().group_id.clone()
    }

    /// The next page (a page out at a time: the caller waits for one before asking for the next).
    pub fn next(&self) -> Promise {
        promise(page(self.client.clone(), self.paging.clone(), self.call.clone()))
    }
}

impl ChatAdmin {
    fn pages(&self, query: MemberQuery, filter: MemberFilter, call: CallOptions) -> GroupMemberPages {
        let paging = Rc::new(RefCell::new(MemberPaging::new(query, filter)));
        GroupMemberPages { client: self.client.clone(), paging, call }
    }
}

#[wasm_bindgen]
impl ChatAdmin {
    /// The pages of `listGroupMembers(request, options)`, its arguments checked (nothing is sent yet).
    #[wasm_bindgen(js_name = __groupMembers, skip_typescript)]
    pub fn group_members(&self, request: JsValue, options: JsValue) -> Result<GroupMemberPages, JsValue> {
        let query = tree(&request, "request").and_then(|t| members::read_list(t.as_ref())).map_err(to_js)?;
        let call = read_call_options(&options, false).map_err(to_js)?;
        Ok(self.pages(query, MemberFilter::default(), call))
    }

    /// The pages of a group pin (`pinGroupForMembers`, `unpinGroupForMembers`), its request and options checked in
    /// full (the filters, and the bulk run's options it passes on): nothing is sent for a bad one. The pages are
    /// fetched with the run's signal.
    #[wasm_bindgen(js_name = __groupPinPages, skip_typescript)]
    pub fn group_pin_pages(&self, request: JsValue, options: JsValue) -> Result<GroupMemberPages, JsValue> {
        let read = || -> Result<GroupMemberPages, Error> {
            let query = tree(&request, "request").and_then(|t| members::read_pin(t.as_ref()))?;
            if options.is_undefined() || options.is_null() {
                return Ok(self.pages(query, MemberFilter::default(), CallOptions::default()));
            }
            check_options_object(&options)?;
            let snapshot = Snapshot::of(&options);
            let (_, filter) = read_options(snapshot.tree("options")?)?;
            let signal = hooks(&snapshot)?.signal;
            Ok(self.pages(query, filter, CallOptions::with_signal(signal)))
        };
        read().map_err(to_js)
    }
}
