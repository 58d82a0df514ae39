//! Which page of a group's members comes next, and each answer read: the members in their JS shape, each member
//! once however many pages list it. Paging that does not move on stops with a `decode` error rather than asking for
//! the same pages for ever: a `Next` answered before, an `Offset` page of members all listed before, an empty page
//! while `MemberNum` says there are more. Pure: the binding (`src/wasm/members.rs`) sends each body and hands back
//! the answer's text.

use super::filter::MemberFilter;
use super::{Ask, MemberQuery, Role};
use crate::core::error::{Error, Result};
use crate::core::input::loose::{answer, decode_error, items, text};
use crate::core::input::tree::Value;
use crate::core::wire::request::to_json;
use serde::Serialize;
use std::collections::HashSet;

/// Pages asked for at most: a Community group of 100,000 members is 500 pages of 200 (or 100,000 of 1); a service
/// that kept answering fresh `Next` values past this would otherwise keep the listing going for ever.
pub const MAX_PAGES: u32 = 1_000_000;

/// An app-defined field of a member (`AppMemberDefinedData`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppData {
    pub key: String,
    pub value: String,
}

/// A member as JS gets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// `Member_Account`.
    pub user_id: String,
    pub role: Role,
    /// Unix seconds.
    pub join_time: u64,
    pub msg_seq: u64,
    /// `AcceptAndNotify`, `AcceptNotNotify` or `Discard`, as the service says it.
    pub msg_flag: String,
    pub last_send_msg_time: u64,
    /// Unix seconds until which the member is muted; 0 when not muted.
    pub mute_until: u64,
    pub name_card: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online_status: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub app_member_defined_data: Vec<AppData>,
}

/// An answer's non-negative integer field (0 when absent or negative).
fn count(v: &Value, key: &str) -> u64 {
    v.get(key).and_then(Value::as_i64).and_then(|n| u64::try_from(n).ok()).unwrap_or(0)
}

/// One `MemberList` item; a member without an account or with a role the docs do not name is a `decode` error.
pub fn read_member(v: &Value) -> Result<Member> {
    let user_id = text(v, "Member_Account");
    if user_id.is_empty() {
        return Err(decode_error("a member in the answer has no Member_Account"));
    }
    let Some(role) = Role::from_wire(text(v, "Role")) else {
        let said = ["member ", user_id, " has the role \"", text(v, "Role"), "\", not Owner, Admin or Member"];
        return Err(decode_error(&said.concat()));
    };
    let app_member_defined_data = items(v, "AppMemberDefinedData")
        .iter()
        .map(|d| AppData { key: text(d, "Key").to_owned(), value: text(d, "Value").to_owned() })
        .collect();
    Ok(Member {
        user_id: user_id.to_owned(),
        role,
        join_time: count(v, "JoinTime"),
        msg_seq: count(v, "MsgSeq"),
        msg_flag: text(v, "MsgFlag").to_owned(),
        last_send_msg_time: count(v, "LastSendMsgTime"),
        mute_until: count(v, "MuteUntil"),
        name_card: text(v, "NameCard").to_owned(),
        online_status: v.get("OnlineStatus").and_then(Value::as_str).map(str::to_owned),
        app_member_defined_data,
    })
}

/// A page as JS gets it: its members (new ones the filter keeps), `MemberNum`, how many it listed that the filter
/// left out (`skipped`) or that an earlier page listed (`repeated`), and whether it was the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    pub members: Vec<Member>,
    pub member_num: u64,
    pub skipped: u32,
    pub repeated: u32,
    pub done: bool,
}

/// The paging of one listing.
#[derive(Debug, Clone)]
pub struct MemberPaging {
    query: MemberQuery,
    filter: MemberFilter,
    /// The page to ask for next; `None` once the last was read.
    next: Option<Ask>,
    /// The page asked for and not yet answered.
    asked: Option<Ask>,
    /// Every account listed so far, and every `Next` answered.
    seen: HashSet<String>,
    tokens: HashSet<String>,
    pages: u32,
}

impl MemberPaging {
    pub fn new(query: MemberQuery, filter: MemberFilter) -> MemberPaging {
        let first = if query.community { Ask::Next(String::new()) } else { Ask::First };
        MemberPaging {
            query,
            filter,
            next: Some(first),
            asked: None,
            seen: HashSet::new(),
            tokens: HashSet::new(),
            pages: 0,
        }
    }

    pub fn query(&self) -> &MemberQuery {
        &self.query
    }

    /// Whether the last page was read.
    pub fn done(&self) -> bool {
        self.next.is_none() && self.asked.is_none()
    }

    /// The body of the next page; an error once the last was read (or while a page is out).
    pub fn next_body(&mut self) -> Result<String> {
        let Some(ask) = self.next.take() else {
            return Err(decode_error("the group's members were all listed: there is no next page"));
        };
        let body = self.query.body(&ask)?;
        self.asked = Some(ask);
        Ok(body)
    }

    /// Reads the answer (its text) to the page asked for: the page as JSON text.
    pub fn absorb(&mut self, text: &str) -> Result<String> {
        to_json(&self.read(&answer(text)?)?)
    }

    /// Reads the answer to the page asked for, and decides the next one.
    pub fn read(&mut self, v: &Value) -> Result<Page> {
        let Some(asked) = self.asked.take() else { return Err(decode_error("an answer came for no page asked for")) };
        let Some(member_num) = v.get("MemberNum").and_then(Value::as_i64).and_then(|n| u64::try_from(n).ok()) else {
            return Err(decode_error("the get_group_member_info answer has no MemberNum"));
        };
        let next = match v.get("Next") {
            None => None,
            Some(Value::String(s)) => Some(s.as_str()),
            Some(_) => return Err(decode_error("the get_group_member_info answer's Next is not a string")),
        };
        let listed = items(v, "MemberList");
        let mut page = Page { members: Vec::new(), member_num, skipped: 0, repeated: 0, done: false };
        for item in listed {
            let member = read_member(item)?;
            if self.seen.contains(&member.user_id) {
                page.repeated += 1;
            } else if self.filter.keeps(&member) {
                self.seen.insert(member.user_id.clone());
                page.members.push(member);
            } else {
                self.seen.insert(member.user_id.clone());
                page.skipped += 1;
            }
        }
        self.pages += 1;
        let fresh = listed.len() - page.repeated as usize;
        self.next = self.decide(asked, next, listed.len(), fresh, member_num)?;
        page.done = self.next.is_none();
        Ok(page)
    }

    /// The page after one asked at `asked` that listed `listed` members (`fresh` of them not listed before), the
    /// answer's `Next` (`None`: not in it) and `MemberNum`; `None` when it was the last.
    fn decide(
        &mut self,
        asked: Ask,
        next: Option<&str>,
        listed: usize,
        fresh: usize,
        member_num: u64,
    ) -> Result<Option<Ask>> {
        // Without a role filter every member is listed, so `MemberNum` says how many pages there are.
        let all = self.query.roles.is_empty();
        let more = |read: u64| all && read < member_num;
        if listed > 0 && fresh == 0 {
            let at = match &asked {
                Ask::Next(_) => String::from("a Next page"),
                Ask::First => String::from("the first page"),
                Ask::Offset(o) => ["the page at Offset ", &o.to_string()].concat(),
            };
            return Err(stuck(&[&at, " listed only members listed before"].concat()));
        }
        if self.pages >= MAX_PAGES {
            return Err(stuck(&["went on past ", &MAX_PAGES.to_string(), " pages"].concat()));
        }
        match (asked, next) {
            // The end of a Community group's members, or all of them in its first page.
            (_, Some("")) => Ok(None),
            (Ask::Next(sent), Some(token)) => {
                if token == sent || !self.tokens.insert(token.to_owned()) {
                    return Err(stuck("the service's Next came back to one answered before"));
                }
                Ok(Some(Ask::Next(token.to_owned())))
            }
            // A Community group asked without `Next` answers with one: go on with it.
            (Ask::First | Ask::Offset(_), Some(token)) => {
                self.tokens.insert(token.to_owned());
                Ok(Some(Ask::Next(token.to_owned())))
            }
            (Ask::Next(_), None) if more(self.seen.len() as u64) => Err(decode_error(
                "the answer to a Next page has no Next while MemberNum says there are more members: is this a Community group? (leave out community)",
            )),
            (Ask::Next(_), None) => Ok(None),
            (ask @ (Ask::First | Ask::Offset(_)), None) => {
                let offset = match ask {
                    Ask::Offset(o) => o,
                    _ => 0,
                };
                let limit = u64::from(self.query.page_size);
                if listed == 0 && more(offset) {
                    let said = ["the page at Offset ", &offset.to_string(), " is empty while MemberNum says "];
                    return Err(stuck(&[&said.concat(), &member_num.to_string(), " members"].concat()));
                }
                let after = offset.saturating_add(limit);
                if (listed as u64) < limit || (all && after >= member_num) {
                    return Ok(None);
                }
                Ok(Some(Ask::Offset(after)))
            }
        }
    }
}

/// The error of paging that does not move on.
fn stuck(what: &str) -> Error {
    decode_error(&["get_group_member_info paging does not move on: ", what, "; stopped rather than ask again"].concat())
}
