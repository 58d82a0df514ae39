//! What a group pin (`pinGroupForMembers`, `unpinGroupForMembers`) leaves out, and its options: those of a bulk run
//! (pace, concurrency, signal, hooks) besides `operation` (the method says it) and `total` (the group's count), and
//! `excludeRoles`, `joinedAfter` and `filter` (the caller's own test of each member the others keep).

use super::paging::Member;
use super::{read_roles, Role};
use crate::core::call::bulk::{BulkOptions, RawBulkOptions, BULK_KEYS};
use crate::core::error::{Error, Result};
use crate::core::input::keys::{check_keys, names};
use crate::core::input::loose::{input, Obj};
use crate::core::input::tree::Value;

/// The options a group pin takes besides those of a bulk run (`filter`, a function, is the binding's to call).
pub const FILTER_KEYS: [&str; 3] = ["excludeRoles", "joinedAfter", "filter"];
/// Bulk options a group pin does not take: the method says the operation, and the group how many members there are.
const NOT_TAKEN: [&str; 2] = ["operation", "total"];
/// Unix seconds are below this; a larger `joinedAfter` is milliseconds.
pub const MAX_SECONDS: u64 = 99_999_999_999;

/// The names a group pin's options may have.
pub fn group_pin_keys() -> Vec<&'static str> {
    BULK_KEYS.iter().copied().filter(|k| !NOT_TAKEN.contains(k)).chain(FILTER_KEYS).collect()
}

/// Which members a run is for: all but those of the roles left out, and those who joined at or before `joined_after`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberFilter {
    pub exclude: Vec<Role>,
    /// Unix seconds: only members whose `JoinTime` is later.
    pub joined_after: Option<u64>,
}

impl MemberFilter {
    /// Whether the run is for `member`.
    pub fn keeps(&self, member: &Member) -> bool {
        !self.exclude.contains(&member.role) && self.joined_after.is_none_or(|t| member.join_time > t)
    }

    /// Whether it leaves anyone out.
    pub fn filters(&self) -> bool {
        !self.exclude.is_empty() || self.joined_after.is_some()
    }
}

/// A group pin's options (`None`: not given), checked: a name that is not one is refused (with a suggestion, or for
/// `operation` and `total`, with what to do instead), then the bulk options' values and the filter's. The bulk
/// options are returned too, for the checks the binding makes of them.
pub fn read_options(v: Option<&Value>) -> Result<(BulkOptions, MemberFilter)> {
    let Some(Value::Object(map)) = v else {
        return Ok((BulkOptions::read(None)?, MemberFilter::default()));
    };
    let keys = names(map);
    if let Some(key) = keys.iter().find(|k| NOT_TAKEN.contains(&k.as_str())) {
        let why = match key.as_str() {
            "operation" => "is not an option of a group pin: pinGroupForMembers pins, unpinGroupForMembers unpins",
            _ => "is not an option of a group pin: the group says how many members it has",
        };
        return Err(Error::invalid(key.as_str(), why));
    }
    check_keys(&keys, &group_pin_keys(), "")?;
    let keep_failures = input(map.get("keepFailures"));
    let bulk = BulkOptions::from_raw(RawBulkOptions::read(v), keep_failures)?;
    let o = Obj::of(map, "");
    let exclude = read_roles(&o, "excludeRoles")?;
    if exclude.len() == Role::ALL.len() {
        return Err(Error::invalid("excludeRoles", "leaves out every role: the run would be for no one"));
    }
    let says = "Unix seconds, from 0 to 99999999999 (a larger number is milliseconds: divide by 1000)";
    let joined_after = o.input("joinedAfter").optional_int("joinedAfter", 0, MAX_SECONDS, says)?;
    o.input("filter").optional_function("filter")?;
    Ok((bulk, MemberFilter { exclude, joined_after }))
}
