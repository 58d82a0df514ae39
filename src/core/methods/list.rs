//! A user's conversation list, one page at a time: `recentcontact/get_list` (reference §4, doc 1047/43087).

use crate::core::error::{Error, Result};
use crate::core::input::loose::{decode_error, int, items, Obj};
use crate::core::input::tree::Value;
use crate::core::input::MAX_SAFE_INTEGER;
use crate::core::methods::pin::check_user_id;
use crate::core::methods::run::{Json, Run};
use crate::core::wire::conversation::{item, Item, Spelling};
use crate::core::wire::request::to_json;
use serde::Serialize;

pub const COMMAND: &str = "recentcontact/get_list";

/// `AssistFlags` sent: 63, the value the 2026 revision of the doc asks for (bit 0 pinned conversations
/// supported, bit 1 conversations without messages, bit 2 pinned conversations paged too, bits 3 to 5 the
/// marks and groups of each conversation). The doc's older sample sends 7; 0 (what one SDK sends, reading
/// the bit positions as values) loses the pinned conversations. `includeEmpty: false` clears bit 1.
pub const ASSIST_FLAGS: u8 = 63;
/// Bit 1: include conversations that have no messages.
pub const INCLUDE_EMPTY: u8 = 1 << 1;

const KEYS: [&str; 3] = ["fromAccount", "cursor", "includeEmpty"];
const CURSOR_KEYS: [&str; 4] = ["timeStamp", "startIndex", "topTimeStamp", "topStartIndex"];

/// Where a page starts: all 0 for the first page, then what the previous page said, sent back verbatim.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cursor {
    pub time_stamp: u64,
    pub start_index: u64,
    pub top_time_stamp: u64,
    pub top_start_index: u64,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "From_Account")]
    from_account: &'a str,
    #[serde(rename = "TimeStamp")]
    time_stamp: u64,
    #[serde(rename = "StartIndex")]
    start_index: u64,
    #[serde(rename = "TopTimeStamp")]
    top_time_stamp: u64,
    #[serde(rename = "TopStartIndex")]
    top_start_index: u64,
    #[serde(rename = "AssistFlags")]
    assist_flags: u8,
}

fn read_cursor(o: &Obj) -> Result<Cursor> {
    if o.get("cursor").is_none() {
        return Ok(Cursor::default());
    }
    let c = Obj::new(
        o.get("cursor"),
        "cursor",
        &CURSOR_KEYS,
        "{ timeStamp, startIndex, topTimeStamp, topStartIndex } (leave it out for the first page)",
    )?;
    let n = |key: &str| -> Result<u64> {
        let field = c.field(key);
        if c.get(key).is_none() {
            return Err(Error::invalid(field, "is required (pass back the cursor a page gave)"));
        }
        Ok(c.input(key).optional_int(&field, 0, MAX_SAFE_INTEGER, "from 0 to 2^53-1")?.unwrap_or(0))
    };
    Ok(Cursor {
        time_stamp: n("timeStamp")?,
        start_index: n("startIndex")?,
        top_time_stamp: n("topTimeStamp")?,
        top_start_index: n("topStartIndex")?,
    })
}

/// `getConversationPage({ fromAccount, cursor?, includeEmpty? })`.
pub fn page(v: Option<&Value>) -> Result<Run> {
    let o = Obj::new(v, "", &KEYS, "{ fromAccount, cursor?, includeEmpty? }")?;
    let from_account = o.str("fromAccount")?;
    check_user_id("fromAccount", &from_account)?;
    let cursor = read_cursor(&o)?;
    let include_empty = o.opt_bool("includeEmpty")?.unwrap_or(true);
    let body = to_json(&Body {
        from_account: &from_account,
        time_stamp: cursor.time_stamp,
        start_index: cursor.start_index,
        top_time_stamp: cursor.top_time_stamp,
        top_start_index: cursor.top_start_index,
        assist_flags: if include_empty { ASSIST_FLAGS } else { ASSIST_FLAGS & !INCLUDE_EMPTY },
    })?;
    Ok(Run::one(COMMAND, body, Json::new(read_page)))
}

/// A page as JS gets it.
#[derive(Serialize)]
struct Page {
    conversations: Vec<Item>,
    complete: bool,
    cursor: Option<Cursor>,
}

/// Reads a `get_list` answer into `{ conversations, complete, cursor }` (JSON text); `cursor` is `null` once
/// `CompleteFlag` is 1.
pub fn read_page(v: &Value) -> Result<String> {
    let complete = match v.get("CompleteFlag").and_then(Value::as_i64) {
        Some(flag) => flag == 1,
        None => return Err(decode_error("the get_list answer has no CompleteFlag")),
    };
    let mut conversations = Vec::new();
    for s in items(v, "SessionItem") {
        let mut c = item(s, Spelling::GroupId, true)?;
        c.timestamp = None;
        c.msg_time = Some(int(s, "MsgTime"));
        c.pinned = Some(int(s, "TopFlag") == 1);
        conversations.push(c);
    }
    // An incomplete page's cursor goes back as is: without one, the next page would be the first again.
    let n = |key| {
        let value = v.get(key).and_then(Value::as_i64).and_then(|i| u64::try_from(i).ok());
        value.ok_or_else(|| {
            decode_error(
                "an incomplete get_list answer has no cursor (TimeStamp, StartIndex, TopTimeStamp, TopStartIndex)",
            )
        })
    };
    let cursor = match complete {
        true => None,
        false => Some(Cursor {
            time_stamp: n("TimeStamp")?,
            start_index: n("StartIndex")?,
            top_time_stamp: n("TopTimeStamp")?,
            top_start_index: n("TopStartIndex")?,
        }),
    };
    to_json(&Page { conversations, complete, cursor })
}
