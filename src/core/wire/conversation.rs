//! One conversation shape in JS, `{ type: 'c2c', toAccount } | { type: 'group', groupId }`, spelt on the wire as each
//! endpoint of the `recentcontact` family wants it (reference §4), read back from answers; and pin or unpin, the
//! `top` endpoint's `OperationType`.

use crate::core::error::{Error, Result};
use crate::core::input::loose::{decode_error, index, int, items, join, text, Obj};
use crate::core::input::tree::Value;
use crate::core::input::Input;
use crate::core::wire::ids::{check_group_id, check_user_id};
use serde::Serialize;

/// Pin (1) or unpin (2), the wire `OperationType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Pin = 1,
    Unpin = 2,
}

impl Operation {
    pub fn parse(input: Input) -> Result<Operation> {
        match input {
            Input::Missing => Ok(Operation::Pin),
            Input::Str(s) if s == "pin" => Ok(Operation::Pin),
            Input::Str(s) if s == "unpin" => Ok(Operation::Unpin),
            _ => Err(Error::invalid("operation", "must be 'pin' or 'unpin'")),
        }
    }
}

/// One conversation in a user's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conversation {
    /// One-to-one, with the peer's UserID (wire `Type` 1).
    C2c { to_account: String },
    /// A group, by group ID (wire `Type` 2).
    Group { group_id: String },
}

/// The keys of a conversation.
const KEYS: [&str; 3] = ["type", "toAccount", "groupId"];
/// At most this many conversations are grouped or marked per user (more: 51008); no request can list more.
pub const MAX_GROUPED: usize = 1000;

/// Reads `{ type: 'c2c', toAccount } | { type: 'group', groupId }` at `path`.
pub fn read(v: Option<&Value>, path: &str) -> Result<Conversation> {
    let o = Obj::new(v, path, &KEYS, "{ type, toAccount | groupId }")?;
    let c = from_fields(path, o.input("type"), o.input("toAccount"), o.input("groupId"))?;
    match &c {
        Conversation::C2c { to_account } => check_user_id(&o.field("toAccount"), to_account)?,
        Conversation::Group { group_id } => check_group_id(&o.field("groupId"), group_id)?,
    }
    Ok(c)
}

/// A conversation at `path` from its fields as given (the IDs' own rules are the caller's to check next):
/// `type` says which ID it takes, and the other one may not be given. Every method reads conversations so.
pub fn from_fields(path: &str, kind: Input, to_account: Input, group_id: Input) -> Result<Conversation> {
    let field = |key| join(path, key);
    match kind {
        Input::Str(t) if t == "c2c" => {
            if !group_id.is_missing() {
                return Err(Error::invalid(field("groupId"), "is not allowed on a c2c conversation"));
            }
            Ok(Conversation::C2c { to_account: to_account.required_str(&field("toAccount"))? })
        }
        Input::Str(t) if t == "group" => {
            if !to_account.is_missing() {
                return Err(Error::invalid(field("toAccount"), "is not allowed on a group conversation"));
            }
            Ok(Conversation::Group { group_id: group_id.required_str(&field("groupId"))? })
        }
        _ => Err(Error::invalid(field("type"), "must be 'c2c' or 'group'")),
    }
}

/// Reads distinct conversations (a repeated one is refused, naming both places), appending to `out`.
pub fn read_into(list: &[Value], path: &str, out: &mut Vec<(String, Conversation)>) -> Result<()> {
    for (i, v) in list.iter().enumerate() {
        let field = index(path, i);
        let c = read(Some(v), &field)?;
        refuse_repeat(out, &field, &c)?;
        out.push((field, c));
    }
    Ok(())
}

/// Refuses `c` at `field` when it is already in `seen`.
pub fn refuse_repeat(seen: &[(String, Conversation)], field: &str, c: &Conversation) -> Result<()> {
    match seen.iter().find(|(_, d)| d == c) {
        Some((first, _)) => Err(Error::invalid(field, ["repeats ", first].concat())),
        None => Ok(()),
    }
}

/// How an endpoint spells a group conversation's ID (reference §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// `top`, `get_list`.
    GroupId,
    /// `delete`.
    ToGroupid,
    /// Contact groups and marks.
    ToGroupId,
}

impl Spelling {
    fn key(self) -> &'static str {
        match self {
            Spelling::GroupId => "GroupId",
            Spelling::ToGroupid => "ToGroupid",
            Spelling::ToGroupId => "ToGroupId",
        }
    }
}

/// A conversation on the wire: `Type` 1 with `To_Account`, or `Type` 2 with the endpoint's group field.
#[derive(Serialize)]
pub struct Wire<'a> {
    #[serde(rename = "Type")]
    kind: u8,
    #[serde(rename = "To_Account", skip_serializing_if = "Option::is_none")]
    to_account: Option<&'a str>,
    #[serde(rename = "GroupId", skip_serializing_if = "Option::is_none")]
    group_id: Option<&'a str>,
    #[serde(rename = "ToGroupid", skip_serializing_if = "Option::is_none")]
    to_groupid: Option<&'a str>,
    #[serde(rename = "ToGroupId", skip_serializing_if = "Option::is_none")]
    to_group_id: Option<&'a str>,
}

impl<'a> Wire<'a> {
    pub fn new(c: &'a Conversation, spelling: Spelling) -> Wire<'a> {
        let mut w = Wire { kind: 1, to_account: None, group_id: None, to_groupid: None, to_group_id: None };
        match c {
            Conversation::C2c { to_account } => w.to_account = Some(to_account),
            Conversation::Group { group_id } => {
                w.kind = 2;
                let id = Some(group_id.as_str());
                match spelling {
                    Spelling::GroupId => w.group_id = id,
                    Spelling::ToGroupid => w.to_groupid = id,
                    Spelling::ToGroupId => w.to_group_id = id,
                }
            }
        }
        w
    }
}

/// Conversations on the wire of the contact-group and mark endpoints.
pub fn contact_items(list: &[(String, Conversation)]) -> Vec<Wire<'_>> {
    list.iter().map(|(_, c)| Wire::new(c, Spelling::ToGroupId)).collect()
}

/// A conversation of an answer, as JS gets it; the extended fields only when the service sent them.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msg_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinned: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standard_mark: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_mark: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_ids: Option<Vec<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<i64>,
}

/// Reads a conversation of an answer (`Type` 1 with `To_Account`, `Type` 2 with the endpoint's group field);
/// `extended` also reads the marks, the group IDs and the time stamp when present.
pub fn item(v: &Value, spelling: Spelling, extended: bool) -> Result<Item> {
    let id = |key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut out = match int(v, "Type") {
        1 => Item { kind: "c2c", to_account: id("To_Account"), ..Item::default() },
        2 => Item { kind: "group", group_id: id(spelling.key()), ..Item::default() },
        _ => return Err(decode_error("the answer holds a conversation whose Type is neither 1 nor 2")),
    };
    if out.to_account.is_none() && out.group_id.is_none() {
        return Err(decode_error("the answer holds a conversation without its ID"));
    }
    if extended {
        out.standard_mark = v.get("StandardMark").and_then(Value::as_str).map(str::to_owned);
        out.custom_mark = v.get("CustomMark").and_then(Value::as_str).map(str::to_owned);
        out.group_ids =
            v.get("ContactGroupId").and_then(Value::as_array).map(|ids| ids.iter().filter_map(Value::as_i64).collect());
        out.timestamp = v.get("Timestamp").and_then(Value::as_i64);
    }
    Ok(out)
}

/// One per-item result: `{ conversation, code, info }` (a per-item failure is data, not a rejection).
#[derive(Debug, Clone, Serialize)]
pub struct ItemResult {
    pub conversation: Item,
    pub code: i64,
    pub info: String,
}

/// The per-item results in the answer's array `key` (each with a `ContactItem`).
pub fn results(v: &Value, key: &str) -> Result<Vec<ItemResult>> {
    let mut out = Vec::new();
    for r in items(v, key) {
        let contact = r.get("ContactItem").ok_or_else(|| decode_error("a result item has no ContactItem"))?;
        let conversation = item(contact, Spelling::ToGroupId, false)?;
        out.push(ItemResult { conversation, code: int(r, "ResultCode"), info: text(r, "ResultInfo").to_owned() });
    }
    Ok(out)
}
