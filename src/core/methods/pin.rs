//! Pinning and unpinning conversations: `POST /v4/recentcontact/top`.

use crate::core::error::{Error, Result};
use crate::core::input::{Input, InputList};
pub use crate::core::wire::conversation::{Conversation, Operation};
use crate::core::wire::conversation::{Spelling, Wire};
pub use crate::core::wire::ids::{check_group_id, check_user_id, MAX_GROUP_ID_BYTES, MAX_USER_ID_BYTES};
use crate::core::wire::request::to_json;
use serde::{Deserialize, Serialize};

/// The service command path.
pub const COMMAND: &str = "recentcontact/top";

/// At most this many conversations per request. The service documents no per-request limit, but a
/// user can have at most 50 pinned conversations, so a longer list cannot be meant; one constant to
/// change if the service says otherwise.
pub const MAX_CONVERSATIONS: usize = 50;

/// A conversation as the caller gave it: `{ type, toAccount?, groupId? }`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawConversation {
    #[serde(rename = "type")]
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
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawPinRequest {
    pub from_account: Input,
    pub conversations: InputList<RawConversation>,
    pub operation: Input,
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
            let kind = item.kind.required_str(&conversation_field(i, "type"));
            let conversation = match kind.as_deref() {
                Ok("c2c") => {
                    if !item.group_id.is_missing() {
                        return Err(Error::invalid(
                            conversation_field(i, "groupId"),
                            "is not allowed on a c2c conversation",
                        ));
                    }
                    Conversation::C2c { to_account: item.to_account.required_str(&conversation_field(i, "toAccount"))? }
                }
                Ok("group") => {
                    if !item.to_account.is_missing() {
                        return Err(Error::invalid(
                            conversation_field(i, "toAccount"),
                            "is not allowed on a group conversation",
                        ));
                    }
                    Conversation::Group { group_id: item.group_id.required_str(&conversation_field(i, "groupId"))? }
                }
                _ => return Err(Error::invalid(conversation_field(i, "type"), "must be 'c2c' or 'group'")),
            };
            conversations.push(conversation);
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
