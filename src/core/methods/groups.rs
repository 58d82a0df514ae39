//! Conversation groups (reference §4, docs 1047/53437–53442): create, update (rename, or add and remove
//! members), delete, get (every page) and search. At most 20 groups per user, names of at most 32 bytes, at most
//! 1000 conversations grouped. Conversations are spelt `ToGroupId` here.

use crate::core::error::{Error, Result};
use crate::core::input::loose::{answer, check_bytes, decode_error, int, items, text, Obj};
use crate::core::input::tree::Value;
use crate::core::methods::pin::check_user_id;
use crate::core::methods::run::{Finish, Json, Reader, Run};
use crate::core::wire::conversation::{
    contact_items, item, read_into, results, Conversation, Item, ItemResult, Spelling, Wire, MAX_GROUPED,
};
use crate::core::wire::request::to_json;
use serde::Serialize;

pub const CREATE: &str = "recentcontact/create_contact_group";
pub const UPDATE: &str = "recentcontact/update_contact_group";
pub const DELETE: &str = "recentcontact/del_contact_group";
pub const GET: &str = "recentcontact/get_contact_group";
pub const SEARCH: &str = "recentcontact/search_contact_group";
/// A group name is at most 32 bytes.
pub const MAX_NAME_BYTES: usize = 32;
/// `search_contact_group` takes at most 300 conversations.
pub const MAX_SEARCH: usize = 300;
/// `get_contact_group` pages read at most: far more than 1000 conversations need; a service that kept
/// answering would otherwise keep the call going for ever.
pub const MAX_PAGES: usize = 1000;
/// Conversations read at most, over every page: ten times the 1000 a user can group, so that a service that
/// kept sending them cannot grow the result without bound.
pub const MAX_CONVERSATIONS_READ: usize = 10 * MAX_GROUPED;
/// Group entries read at most, over every page (a group listed on several pages counts each time), and distinct
/// groups kept at most: five times the 20 a user can have.
pub const MAX_GROUP_ENTRIES: usize = 10 * MAX_GROUPED;
pub const MAX_GROUPS: usize = 100;

/// The user whose groups these are, checked.
fn from_account(o: &Obj) -> Result<String> {
    let id = o.str("fromAccount")?;
    check_user_id("fromAccount", &id)?;
    Ok(id)
}

/// A group name at `key`: non-empty, at most 32 bytes.
fn name(o: &Obj, key: &str) -> Result<String> {
    let name = o.str(key)?;
    check_bytes(&o.field(key), &name, MAX_NAME_BYTES)?;
    Ok(name)
}

#[derive(Serialize)]
struct CreateBody<'a> {
    #[serde(rename = "From_Account")]
    from_account: &'a str,
    #[serde(rename = "GroupContactItem")]
    groups: [GroupContact<'a>; 1],
}

#[derive(Serialize)]
struct GroupContact<'a> {
    #[serde(rename = "GroupName")]
    name: &'a str,
    #[serde(rename = "ContactItem")]
    contacts: Vec<Wire<'a>>,
}

/// `createConversationGroup({ fromAccount, name, conversations })`: one group per call, with 1 to 1000
/// distinct conversations (the service makes a group with its first members).
pub fn create(v: Option<&Value>) -> Result<Run> {
    let o = Obj::new(v, "", &["fromAccount", "name", "conversations"], "{ fromAccount, name, conversations }")?;
    let from = from_account(&o)?;
    let name = name(&o, "name")?;
    let mut list = Vec::new();
    read_into(o.list("conversations", 1, MAX_GROUPED, "conversations")?, "conversations", &mut list)?;
    let groups = [GroupContact { name: &name, contacts: contact_items(&list) }];
    Ok(Run::one(CREATE, to_json(&CreateBody { from_account: &from, groups })?, Json::new(read_created)))
}

#[derive(Serialize)]
struct UpdateBody<'a> {
    #[serde(rename = "From_Account")]
    from_account: &'a str,
    #[serde(rename = "UpdateType")]
    update_type: u8,
    #[serde(rename = "UpdateGroup")]
    group: UpdateGroup<'a>,
}

#[derive(Serialize)]
struct UpdateGroup<'a> {
    #[serde(rename = "UpdateGroupType")]
    kind: u8,
    #[serde(rename = "OldGroupName")]
    old_name: &'a str,
    #[serde(rename = "NewGroupName", skip_serializing_if = "Option::is_none")]
    new_name: Option<&'a str>,
    #[serde(rename = "ContactUpdateItem", skip_serializing_if = "Vec::is_empty")]
    changes: Vec<Change<'a>>,
}

#[derive(Serialize)]
struct Change<'a> {
    #[serde(rename = "ContactOptType")]
    op: u8,
    #[serde(rename = "ContactItem")]
    contact: Wire<'a>,
}

/// `updateConversationGroup({ fromAccount, name, newName?, add?, remove? })`: a rename (`UpdateGroupType` 1)
/// or a change of members (2: `ContactOptType` 1 add, 2 remove); the service takes one kind per call, so
/// `newName` with `add` or `remove` is refused rather than half done.
pub fn update(v: Option<&Value>) -> Result<Run> {
    let o = Obj::new(
        v,
        "",
        &["fromAccount", "name", "newName", "add", "remove"],
        "{ fromAccount, name, newName?, add?, remove? }",
    )?;
    let from = from_account(&o)?;
    let old_name = name(&o, "name")?;
    let new_name = if o.get("newName").is_some() { Some(name(&o, "newName")?) } else { None };
    let add = o.opt_list("add", 0, MAX_GROUPED, "conversations")?;
    let remove = o.opt_list("remove", 0, MAX_GROUPED, "conversations")?;
    if new_name.is_some() {
        if let Some(key) = [("add", add), ("remove", remove)].iter().find(|(_, l)| l.is_some()).map(|(k, _)| *k) {
            return Err(Error::invalid(key, "cannot be combined with newName: rename and change members in two calls"));
        }
    }
    let mut list = Vec::new();
    read_into(add.unwrap_or_default(), "add", &mut list)?;
    let added = list.len();
    read_into(remove.unwrap_or_default(), "remove", &mut list)?;
    if new_name.is_none() && list.is_empty() {
        return Err(Error::invalid("newName", "or add or remove (with at least one conversation) is required"));
    }
    if list.len() > MAX_GROUPED {
        return Err(Error::invalid("remove", "with add must list at most 1000 conversations"));
    }
    let changes = list
        .iter()
        .enumerate()
        .map(|(i, (_, c))| Change { op: if i < added { 1 } else { 2 }, contact: Wire::new(c, Spelling::ToGroupId) })
        .collect();
    let group = UpdateGroup {
        kind: if new_name.is_some() { 1 } else { 2 },
        old_name: &old_name,
        new_name: new_name.as_deref(),
        changes,
    };
    Ok(Run::one(UPDATE, to_json(&UpdateBody { from_account: &from, update_type: 1, group })?, Json::new(read_updated)))
}

#[derive(Serialize)]
struct DeleteBody<'a> {
    #[serde(rename = "From_Account")]
    from_account: &'a str,
    #[serde(rename = "GroupName")]
    names: [&'a str; 1],
}

/// `deleteConversationGroup({ fromAccount, name })`.
pub fn delete(v: Option<&Value>) -> Result<Run> {
    let o = Obj::new(v, "", &["fromAccount", "name"], "{ fromAccount, name }")?;
    let from = from_account(&o)?;
    let name = name(&o, "name")?;
    Ok(Run::one(DELETE, to_json(&DeleteBody { from_account: &from, names: [&name] })?, Json::new(read_deleted)))
}

#[derive(Serialize)]
struct GetBody<'a> {
    #[serde(rename = "From_Account")]
    from_account: &'a str,
    #[serde(rename = "StartIndex")]
    start_index: i64,
}

pub fn page_body(from_account: &str, start_index: i64) -> Result<String> {
    to_json(&GetBody { from_account, start_index })
}

/// `getConversationGroups({ fromAccount })`: every page of `get_contact_group`.
pub fn get(v: Option<&Value>) -> Result<Run> {
    let o = Obj::new(v, "", &["fromAccount"], "{ fromAccount }")?;
    let from = from_account(&o)?;
    Ok(Run::one(GET, page_body(&from, 0)?, Pages { from, collected: Collected::default() }))
}

#[derive(Serialize)]
struct SearchBody<'a> {
    #[serde(rename = "From_Account")]
    from_account: &'a str,
    #[serde(rename = "ContactItem")]
    contacts: Vec<Wire<'a>>,
}

/// `searchConversationGroups({ fromAccount, conversations })`: 1 to 300 distinct conversations.
pub fn search(v: Option<&Value>) -> Result<Run> {
    let o = Obj::new(v, "", &["fromAccount", "conversations"], "{ fromAccount, conversations }")?;
    let from = from_account(&o)?;
    let mut list: Vec<(String, Conversation)> = Vec::new();
    read_into(o.list("conversations", 1, MAX_SEARCH, "conversations")?, "conversations", &mut list)?;
    Ok(Run::one(
        SEARCH,
        to_json(&SearchBody { from_account: &from, contacts: contact_items(&list) })?,
        Json::new(read_search),
    ))
}

/// A conversation group as JS gets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub name: String,
    pub group_id: i64,
}

fn group(v: &Value) -> Group {
    Group { name: text(v, "GroupName").to_owned(), group_id: int(v, "GroupId") }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GroupResults {
    name: String,
    group_id: i64,
    results: Vec<ItemResult>,
}

/// `create_contact_group`'s answer: `{ name, groupId, results }`.
pub fn read_created(v: &Value) -> Result<String> {
    let first = items(v, "GroupResultItem").first().ok_or_else(|| decode_error("the answer has no GroupResultItem"))?;
    let g = group(first.get("GroupItem").unwrap_or(&Value::Null));
    to_json(&GroupResults { name: g.name, group_id: g.group_id, results: results(first, "ResultItem")? })
}

/// `update_contact_group`'s answer: `{ name, groupId, results }`.
pub fn read_updated(v: &Value) -> Result<String> {
    let r = v.get("UpdateGroupResult").ok_or_else(|| decode_error("the answer has no UpdateGroupResult"))?;
    let g = group(r);
    to_json(&GroupResults { name: g.name, group_id: g.group_id, results: results(r, "ContactResultItem")? })
}

/// `del_contact_group`'s answer: `{ name, groupId }`.
pub fn read_deleted(v: &Value) -> Result<String> {
    let first = items(v, "GroupItem").first().ok_or_else(|| decode_error("the answer has no GroupItem"))?;
    to_json(&group(first))
}

/// The error for answers past a bound, far past what a user can have (20 groups, 1000 conversations grouped).
fn too_many(what: &str) -> Error {
    decode_error(&["the answers list more than ", what, ": not read further"].concat())
}

/// Groups and the conversations in them, read from one or more answers.
#[derive(Debug, Default, Serialize)]
pub struct Collected {
    groups: Vec<Group>,
    conversations: Vec<Item>,
    #[serde(skip)]
    pages: usize,
    /// Group entries read, repeats included.
    #[serde(skip)]
    group_entries: usize,
    /// The `StartIndex` of the page last asked for.
    #[serde(skip)]
    start: i64,
}

impl Collected {
    /// Reads one answer of `get_contact_group` or `search_contact_group`; the next page's `StartIndex` when
    /// `CompleteFlag` is not 1. A group listed on several pages is kept once.
    pub fn absorb(&mut self, v: &Value) -> Result<Option<i64>> {
        self.add(v, "ContactItem")?;
        self.pages += 1;
        if int(v, "CompleteFlag") == 1 || v.get("CompleteFlag").is_none() {
            return Ok(None);
        }
        if self.pages >= MAX_PAGES {
            return Err(decode_error("get_contact_group kept answering with more pages (1000 read)"));
        }
        // A next page that does not start further on would be asked for again and again.
        match v.get("NextStartIndex").and_then(Value::as_i64) {
            Some(next) if next > self.start => {
                self.start = next;
                Ok(Some(next))
            }
            _ => {
                Err(decode_error("an incomplete get_contact_group answer has no NextStartIndex past the page's start"))
            }
        }
    }

    /// Adds an answer's groups and conversations, refusing (as a `decode` error) an answer past the bounds.
    fn add(&mut self, v: &Value, key: &str) -> Result<()> {
        let entries = items(v, "GroupItem");
        self.group_entries = self.group_entries.saturating_add(entries.len());
        if self.group_entries > MAX_GROUP_ENTRIES {
            return Err(too_many("10,000 group entries"));
        }
        for g in entries.iter().map(group) {
            if !self.groups.contains(&g) {
                if self.groups.len() == MAX_GROUPS {
                    return Err(too_many("100 groups"));
                }
                self.groups.push(g);
            }
        }
        let conversations = items(v, key);
        if self.conversations.len().saturating_add(conversations.len()) > MAX_CONVERSATIONS_READ {
            return Err(too_many("10,000 conversations"));
        }
        for c in conversations {
            self.conversations.push(item(c, Spelling::ToGroupId, true)?);
        }
        Ok(())
    }

    /// `{ groups, conversations }` as JSON text.
    pub fn finish(&self) -> Result<String> {
        to_json(self)
    }
}

/// `get_contact_group`, page after page, read into [`Collected`].
#[derive(Debug)]
struct Pages {
    from: String,
    collected: Collected,
}

impl Reader for Pages {
    fn absorb(&mut self, text: &str) -> Result<Option<String>> {
        match self.collected.absorb(&answer(text)?)? {
            Some(next) => page_body(&self.from, next).map(Some),
            None => Ok(None),
        }
    }
    fn finish(&mut self) -> Result<Finish> {
        self.collected.finish().map(Finish::Json)
    }
}

/// `search_contact_group`'s answer: `{ groups, conversations }`.
pub fn read_search(v: &Value) -> Result<String> {
    let mut c = Collected::default();
    c.add(v, "ContactResultItem")?;
    c.finish()
}
