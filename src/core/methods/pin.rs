//! Pinning and unpinning conversations: `POST /v4/recentcontact/top`.

use crate::core::error::{Error, Result};
use crate::core::input::keys::{check_names, names};
use crate::core::input::loose::input;
use crate::core::input::tree::{Map, Value};
use crate::core::input::{Input, InputList};
use crate::core::wire::conversation::{from_fields, Spelling, Wire};
pub use crate::core::wire::conversation::{Conversation, Operation};
pub use crate::core::wire::ids::{check_group_id, check_user_id, MAX_GROUP_ID_BYTES, MAX_USER_ID_BYTES};
use crate::core::wire::request::to_json;
use serde::de::{Deserialize, Deserializer};
use serde::Serialize;

/// The service command path.
pub const COMMAND: &str = "recentcontact/top";

/// At most this many conversations per request. The service documents no per-request limit, but a
/// user can have at most 50 pinned conversations, so a longer list cannot be meant; one constant to
/// change if the service says otherwise.
pub const MAX_CONVERSATIONS: usize = 50;

/// A conversation as the caller gave it: `{ type, toAccount?, groupId? }`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawConversation {
    pub kind: Input,
    pub to_account: Input,
    pub group_id: Input,
}

/// The fields a pin request may have (`operation` only where the call takes one: the one-off
/// `pinConversations` function and bulk items).
pub const REQUEST_KEYS: [&str; 3] = ["fromAccount", "conversations", "operation"];
/// The fields a conversation may have.
pub const CONVERSATION_KEYS: [&str; 3] = ["type", "toAccount", "groupId"];

/// A pin request as the caller gave it: `{ fromAccount, conversations }`, and in a bulk run its `operation`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawPinRequest {
    pub from_account: Input,
    pub conversations: InputList<RawConversation>,
    pub operation: Input,
}

impl RawConversation {
    fn read(map: &Map) -> RawConversation {
        let field = |key| input(map.get(key));
        RawConversation { kind: field("type"), to_account: field("toAccount"), group_id: field("groupId") }
    }
}

impl RawPinRequest {
    /// The fields of a request read from the tree (none of an object's when it is not one).
    pub fn read(v: Option<&Value>) -> RawPinRequest {
        let field = |key| v.and_then(|v| v.get(key));
        RawPinRequest {
            from_account: input(field("fromAccount")),
            conversations: InputList::read(field("conversations"), RawConversation::read),
            operation: input(field("operation")),
        }
    }
}

impl<'de> Deserialize<'de> for RawPinRequest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Value::deserialize(d).map(|v| RawPinRequest::read(Some(&v)))
    }
}

/// A pin request as the caller gave it (an object), checked, and its `operation` as given (for the calls that
/// take one). A field that is not one of a pin request (or of a conversation) is refused with a suggestion,
/// before any value is checked.
pub fn read(v: Option<&Value>) -> Result<(PinRequest, Input)> {
    if let Some(Value::Object(map)) = v {
        check_names(&names(map), &REQUEST_KEYS, "", "a field of a pin request")?;
        if let Some(Value::Array(items)) = map.get("conversations") {
            for (i, item) in items.iter().enumerate() {
                if let Value::Object(c) = item {
                    let prefix = [&conversation_field(i, ""), "."].concat();
                    check_names(&names(c), &CONVERSATION_KEYS, &prefix, "a field of a conversation")?;
                }
            }
        }
    }
    let mut raw = RawPinRequest::read(v);
    let operation = std::mem::take(&mut raw.operation);
    Ok((PinRequest::from_raw(raw)?, operation))
}

/// A valid pin or unpin request: the user whose list changes, and distinct conversations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinRequest {
    from_account: String,
    conversations: Vec<Conversation>,
}

fn check_count(n: usize) -> Result<()> {
    match n {
        0 => Err(Error::invalid("conversations", "must list at least one conversation")),
        n if n > MAX_CONVERSATIONS => {
            Err(Error::invalid("conversations", "must list at most 50 conversations (a user can pin at most 50)"))
        }
        _ => Ok(()),
    }
}

fn conversation_field(i: usize, name: &str) -> String {
    let index = ["conversations[", &i.to_string(), "]"].concat();
    if name.is_empty() {
        index
    } else {
        [&index, ".", name].concat()
    }
}

/// The wire body of `recentcontact/top`.
#[derive(Serialize)]
struct TopBody<'a> {
    #[serde(rename = "From_Account")]
    from_account: &'a str,
    #[serde(rename = "OperationType")]
    operation_type: u8,
    #[serde(rename = "RecentContactItem")]
    items: Vec<Wire<'a>>,
}

impl PinRequest {
    /// Validates a request. Duplicates are refused rather than silently merged: a repeated
    /// conversation is almost always a bug in the caller's list, and the service's handling of one
    /// is undocumented.
    pub fn new(from_account: String, conversations: Vec<Conversation>) -> Result<PinRequest> {
        check_user_id("fromAccount", &from_account)?;
        check_count(conversations.len())?;
        for (i, c) in conversations.iter().enumerate() {
            match c {
                Conversation::C2c { to_account } => check_user_id(&conversation_field(i, "toAccount"), to_account)?,
                Conversation::Group { group_id } => check_group_id(&conversation_field(i, "groupId"), group_id)?,
            }
            if let Some(j) = conversations.iter().take(i).position(|d| d == c) {
                return Err(Error::invalid(
                    conversation_field(i, ""),
                    ["repeats ", &conversation_field(j, "")].concat(),
                ));
            }
        }
        Ok(PinRequest { from_account, conversations })
    }

    /// Validates a request as the caller gave it, naming the first offending field.
    pub fn from_raw(raw: RawPinRequest) -> Result<PinRequest> {
        let from_account = raw.from_account.required_str("fromAccount")?;
        let items = match raw.conversations {
            InputList::Missing => return Err(Error::invalid("conversations", "is required")),
            InputList::NotArray(t) => {
                return Err(Error::invalid("conversations", ["must be an array, not ", t].concat()))
            }
            InputList::Items(items) => items,
        };
        // Checked before the items, so that a huge list fails at once.
        check_count(items.len())?;
        let mut conversations = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let Some(item) = item else {
                return Err(Error::invalid(
                    conversation_field(i, ""),
                    "must be an object { type, toAccount | groupId }",
                ));
            };
            conversations.push(from_fields(&conversation_field(i, ""), item.kind, item.to_account, item.group_id)?);
        }
        PinRequest::new(from_account, conversations)
    }

    pub fn from_account(&self) -> &str {
        &self.from_account
    }

    pub fn conversations(&self) -> &[Conversation] {
        &self.conversations
    }

    /// The documented wire JSON.
    pub fn to_body(&self, operation: Operation) -> Result<String> {
        to_json(&TopBody {
            from_account: &self.from_account,
            operation_type: operation as u8,
            items: self.conversations.iter().map(|c| Wire::new(c, Spelling::GroupId)).collect(),
        })
    }
}
