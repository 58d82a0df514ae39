//! Marking conversations: `recentcontact/mark_contact` (reference §4). Each item sets or clears standard
//! mark bits (`OptType` 1), sets the custom mark (2), or both (3), as derived from what the item gives.

use crate::core::error::{Error, Result};
use crate::core::input::loose::{check_bytes, index, join, list, Obj};
use crate::core::input::tree::Value;
use crate::core::input::Input;
use crate::core::methods::pin::check_user_id;
use crate::core::methods::run::{Json, Run};
use crate::core::wire::conversation::{read, refuse_repeat, results, Spelling, Wire};
use crate::core::wire::request::to_json;
use serde::Serialize;

pub const COMMAND: &str = "recentcontact/mark_contact";
/// At most 100 items per call.
pub const MAX_MARKS: usize = 100;
/// The custom mark is at most 256 bytes.
pub const MAX_CUSTOM_MARK_BYTES: usize = 256;
/// `StandardMark` has 64 bits: indexes 0 to 63. Bits 0 to 31 carry the service's own marks, 32 to 63 the app's.
pub const MAX_BIT: u64 = 63;

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "From_Account")]
    from_account: &'a str,
    #[serde(rename = "MarkItem")]
    items: Vec<MarkItem<'a>>,
}

#[derive(Serialize)]
struct MarkItem<'a> {
    #[serde(rename = "OptType")]
    opt_type: u8,
    #[serde(rename = "ContactItem")]
    contact: Wire<'a>,
    #[serde(rename = "SetMark", skip_serializing_if = "Option::is_none")]
    set: Option<&'a [u8]>,
    #[serde(rename = "ClearMark", skip_serializing_if = "Option::is_none")]
    clear: Option<&'a [u8]>,
    #[serde(rename = "CustomMark", skip_serializing_if = "Option::is_none")]
    custom: Option<&'a str>,
}

/// Bit indexes at `key` of `o`: distinct integers 0 to 63, none also in `other`.
fn bits(o: &Obj, key: &str, other: &[u8]) -> Result<Option<Vec<u8>>> {
    let Some(values) = o.opt_list(key, 0, 64, "bit indexes")? else { return Ok(None) };
    let path = o.field(key);
    let mut out: Vec<u8> = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        let field = index(&path, i);
        let bit = crate::core::input::loose::input(Some(v)).optional_int(
            &field,
            0,
            MAX_BIT,
            "from 0 to 63 (StandardMark has 64 bits)",
        )?;
        let bit = bit.unwrap_or(0) as u8;
        if out.contains(&bit) {
            return Err(Error::invalid(field, "repeats a bit index"));
        }
        if other.contains(&bit) {
            return Err(Error::invalid(field, "is also in set: a bit is set or cleared, not both"));
        }
        out.push(bit);
    }
    Ok(Some(out))
}

/// Bit indexes to send: none when not given or empty.
fn given_bits(bits: &Option<Vec<u8>>) -> Option<&[u8]> {
    bits.as_deref().filter(|b| !b.is_empty())
}

/// `markConversations({ fromAccount, marks: [{ conversation, set?, clear?, customMark? }] })`: 1 to 100 items,
/// each for a distinct conversation and with something to do.
pub fn run(v: Option<&Value>) -> Result<Run> {
    let o = Obj::new(v, "", &["fromAccount", "marks"], "{ fromAccount, marks }")?;
    let from = o.str("fromAccount")?;
    check_user_id("fromAccount", &from)?;
    let given = list(o.get("marks"), "marks", 1, MAX_MARKS, "marks")?;
    let mut seen = Vec::with_capacity(given.len());
    let mut parsed = Vec::with_capacity(given.len());
    for (i, m) in given.iter().enumerate() {
        let path = index("marks", i);
        let m = Obj::new(
            Some(m),
            &path,
            &["conversation", "set", "clear", "customMark"],
            "{ conversation, set?, clear?, customMark? }",
        )?;
        let field = join(&path, "conversation");
        let conversation = read(m.get("conversation"), &field)?;
        refuse_repeat(&seen, &field, &conversation)?;
        seen.push((field, conversation));
        let set = bits(&m, "set", &[])?;
        let clear = bits(&m, "clear", set.as_deref().unwrap_or_default())?;
        let custom = match m.input("customMark") {
            Input::Missing => None,
            // An empty custom mark clears it.
            Input::Str(s) => {
                check_bytes(&m.field("customMark"), &s, MAX_CUSTOM_MARK_BYTES)?;
                Some(s)
            }
            other => return Err(other.wrong_type(&m.field("customMark"), "a string")),
        };
        let standard = set.iter().chain(clear.iter()).any(|b| !b.is_empty());
        let opt_type = match (standard, custom.is_some()) {
            (true, false) => 1,
            (false, true) => 2,
            (true, true) => 3,
            (false, false) => {
                return Err(Error::invalid(path, "must give set or clear (with a bit index) or customMark"))
            }
        };
        parsed.push((opt_type, set, clear, custom));
    }
    let mut items = Vec::with_capacity(parsed.len());
    for ((_, c), (opt_type, set, clear, custom)) in seen.iter().zip(&parsed) {
        let contact = Wire::new(c, Spelling::ToGroupId);
        items.push(MarkItem {
            opt_type: *opt_type,
            contact,
            set: given_bits(set),
            clear: given_bits(clear),
            custom: custom.as_deref(),
        });
    }
    Ok(Run::one(COMMAND, to_json(&Body { from_account: &from, items })?, Json::new(read_answer)))
}

#[derive(Serialize)]
struct Answer {
    results: Vec<crate::core::wire::conversation::ItemResult>,
}

/// `mark_contact`'s answer: `{ results }`.
pub fn read_answer(v: &Value) -> Result<String> {
    to_json(&Answer { results: results(v, "ResultItem")? })
}
