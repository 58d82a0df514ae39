//! Deleting one conversation from a user's list: `recentcontact/delete` (reference §4, doc 1047/43088). The
//! group ID is spelt `ToGroupid` here, lower-case "id".

use crate::core::error::Result;
use crate::core::input::loose::Obj;
use crate::core::input::tree::Value;
use crate::core::methods::pin::check_user_id;
use crate::core::methods::run::{Envelope, Run};
use crate::core::wire::conversation::{read, Spelling, Wire};
use crate::core::wire::request::to_json;
use serde::Serialize;

pub const COMMAND: &str = "recentcontact/delete";
const KEYS: [&str; 3] = ["fromAccount", "conversation", "clearMessages"];

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "From_Account")]
    from_account: &'a str,
    #[serde(flatten)]
    conversation: Wire<'a>,
    #[serde(rename = "ClearRamble", skip_serializing_if = "Option::is_none")]
    clear_ramble: Option<u8>,
}

/// `deleteConversation({ fromAccount, conversation, clearMessages? })`: `clearMessages` true also deletes the
/// roaming messages (`ClearRamble` 1); given as false it sends `ClearRamble` 0.
pub fn run(v: Option<&Value>) -> Result<Run> {
    let o = Obj::new(v, "", &KEYS, "{ fromAccount, conversation, clearMessages? }")?;
    let from_account = o.str("fromAccount")?;
    check_user_id("fromAccount", &from_account)?;
    let conversation = read(o.get("conversation"), "conversation")?;
    let clear = o.opt_bool("clearMessages")?;
    let body = to_json(&Body {
        from_account: &from_account,
        conversation: Wire::new(&conversation, Spelling::ToGroupid),
        clear_ramble: clear.map(u8::from),
    })?;
    Ok(Run::one(COMMAND, body, Envelope))
}
