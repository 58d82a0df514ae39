//! A group's members: `group_open_http_svc/get_group_member_info` (reference §4d, doc 269/1617), a page at a time.
//! `Limit` is at most 200 (100 recommended). Groups other than Community page with `Offset` ((page − 1) × Limit);
//! Community groups (IDs `@TGS#_…`) page with `Next`: `""` first, then what the previous page gave, until it is `""`.
//! This file reads the caller's request; [`paging`] decides which page comes next and reads the answers;
//! [`filter`] holds what a group pin leaves out (roles, members who joined before a time).

pub mod filter;
pub mod paging;

use crate::core::error::{Error, Result};
use crate::core::input::loose::{index, input, Obj};
use crate::core::input::tree::Value;
use crate::core::input::Input;
use crate::core::methods::pin::check_group_id;
use serde::Serialize;

pub const COMMAND: &str = "group_open_http_svc/get_group_member_info";
/// `Limit`: at most 200 members a page; the docs recommend 100.
pub const MAX_PAGE_SIZE: u64 = 200;
pub const DEFAULT_PAGE_SIZE: u64 = 100;
/// The prefix of every Community group's ID (the group docs: a custom Community ID must start with it too).
pub const COMMUNITY_PREFIX: &str = "@TGS#_";
/// The fields of `listGroupMembers`' request.
pub const LIST_KEYS: [&str; 4] = ["groupId", "community", "roles", "pageSize"];
/// The fields of a group pin's request (its filters are options: [`filter::GROUP_PIN_KEYS`]).
pub const PIN_KEYS: [&str; 3] = ["groupId", "community", "pageSize"];

/// A member's role, `'owner'`, `'admin'` or `'member'` in JS (`Owner`, `Admin`, `Member` on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Admin,
    Member,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Admin, Role::Member];

    /// The service's word (`MemberRoleFilter`, `Role`).
    pub fn wire(self) -> &'static str {
        match self {
            Role::Owner => "Owner",
            Role::Admin => "Admin",
            Role::Member => "Member",
        }
    }

    /// The role the service names so.
    pub fn from_wire(word: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.wire() == word)
    }

    fn js(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }
}

/// Roles at `key`: 1 to 3 distinct words `'owner'`, `'admin'`, `'member'` (none when not given).
pub fn read_roles(o: &Obj, key: &str) -> Result<Vec<Role>> {
    let Some(items) = o.opt_list(key, 1, Role::ALL.len(), "roles")? else { return Ok(Vec::new()) };
    let mut roles = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let field = index(&o.field(key), i);
        let role = match input(Some(item)) {
            Input::Str(word) => Role::ALL.into_iter().find(|r| r.js() == word),
            other => return Err(other.wrong_type(&field, "'owner', 'admin' or 'member'")),
        };
        let Some(role) = role else { return Err(Error::invalid(field, "must be 'owner', 'admin' or 'member'")) };
        if roles.contains(&role) {
            return Err(Error::invalid(field, "repeats a role listed before"));
        }
        roles.push(role);
    }
    Ok(roles)
}

/// What to list: the group, how it pages, the roles asked for (`MemberRoleFilter`; all when empty) and the page
/// size (`Limit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberQuery {
    pub group_id: String,
    /// Pages with `Next`: the caller said so (`community: true`), or the ID has the Community prefix. Otherwise
    /// the first page is asked for without `Offset`, so that a Community group's answer (it carries `Next`) still
    /// switches the paging to `Next`.
    pub community: bool,
    pub roles: Vec<Role>,
    pub page_size: u32,
}

impl MemberQuery {
    /// The request `{ groupId, community?, pageSize? }` (and `roles?` where `keys` has it), its keys checked.
    fn read(v: Option<&Value>, keys: &[&'static str], shape: &str) -> Result<MemberQuery> {
        let o = Obj::new(v, "", keys, shape)?;
        let group_id = o.str("groupId")?;
        check_group_id("groupId", &group_id)?;
        let community = o.opt_bool("community")?.unwrap_or_else(|| group_id.starts_with(COMMUNITY_PREFIX));
        let range = ["from 1 to ", &MAX_PAGE_SIZE.to_string(), " (the service's most a page)"].concat();
        let page_size = o.input("pageSize").optional_int("pageSize", 1, MAX_PAGE_SIZE, &range)?;
        let roles = read_roles(&o, "roles")?;
        Ok(MemberQuery { group_id, community, roles, page_size: page_size.unwrap_or(DEFAULT_PAGE_SIZE) as u32 })
    }
}

/// `listGroupMembers({ groupId, community?, roles?, pageSize? })`.
pub fn read_list(v: Option<&Value>) -> Result<MemberQuery> {
    MemberQuery::read(v, &LIST_KEYS, "{ groupId, community?, roles?, pageSize? }")
}

/// `pinGroupForMembers({ groupId, community?, pageSize? })` (and unpin).
pub fn read_pin(v: Option<&Value>) -> Result<MemberQuery> {
    MemberQuery::read(v, &PIN_KEYS, "{ groupId, community?, pageSize? }")
}

/// Where a page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// The first page of a group not known to be a Community group: no `Offset` (the service starts at 0).
    First,
    Offset(u64),
    /// A Community group's page: `""` first, then what the previous page gave.
    Next(String),
}

/// The wire body, fields in the doc's order.
#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "GroupId")]
    group_id: &'a str,
    #[serde(rename = "MemberRoleFilter", skip_serializing_if = "<[_]>::is_empty")]
    roles: Vec<&'static str>,
    #[serde(rename = "Limit")]
    limit: u32,
    #[serde(rename = "Offset", skip_serializing_if = "Option::is_none")]
    offset: Option<u64>,
    #[serde(rename = "Next", skip_serializing_if = "Option::is_none")]
    next: Option<&'a str>,
}

impl MemberQuery {
    /// The body asking for the page at `ask`.
    pub fn body(&self, ask: &Ask) -> Result<String> {
        let (offset, next) = match ask {
            Ask::First => (None, None),
            Ask::Offset(o) => (Some(*o), None),
            Ask::Next(token) => (None, Some(token.as_str())),
        };
        let roles = self.roles.iter().map(|r| r.wire()).collect();
        let body = Body { group_id: &self.group_id, roles, limit: self.page_size, offset, next };
        crate::core::wire::request::to_json(&body)
    }
}
