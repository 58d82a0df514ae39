//! The IDs every request names, and their limits: the app (`sdkAppId`), a UserID, a group ID.

use crate::core::error::{Error, Result};
use crate::core::input::{Input, MAX_SAFE_INTEGER};

/// A UserID is at most 32 bytes (account import docs).
pub const MAX_USER_ID_BYTES: usize = 32;
/// A group ID is at most 48 bytes (custom group IDs, use-limits docs).
pub const MAX_GROUP_ID_BYTES: usize = 48;
/// How an ID is limited: its byte length and the message that says so.
struct IdRule(usize, &'static str);
const USER_ID: IdRule = IdRule(MAX_USER_ID_BYTES, "must be at most 32 bytes (UTF-8)");
const GROUP_ID: IdRule = IdRule(MAX_GROUP_ID_BYTES, "must be at most 48 bytes (UTF-8)");

/// Checks a UserID (the administrator's too): non-empty, at most 32 bytes, no control characters.
pub fn check_user_id(field: &str, id: &str) -> Result<()> {
    check_id(field, id, USER_ID)
}

/// Checks a group ID: non-empty, at most 48 bytes, no control characters.
pub fn check_group_id(field: &str, id: &str) -> Result<()> {
    check_id(field, id, GROUP_ID)
}

fn check_id(field: &str, id: &str, rule: IdRule) -> Result<()> {
    if id.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if id.len() > rule.0 {
        return Err(Error::invalid(field, rule.1));
    }
    if id.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    Ok(())
}

/// Checks `sdkAppId`: a positive integer a JS number holds exactly.
pub fn sdk_app_id(input: Input) -> Result<u64> {
    if input.is_missing() {
        return Err(Error::invalid("sdkAppId", "is required"));
    }
    input.optional_int("sdkAppId", 1, MAX_SAFE_INTEGER, "from 1 to 2^53-1").map(|n| n.unwrap_or(0))
}
