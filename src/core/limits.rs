//! Every limit and option name a caller can meet, as one JSON document: the package exports it as `limits`, and
//! the command line reads its flags' ranges, defaults and help from it, so that nothing is written twice. Each value
//! is the constant its reader checks against.

use crate::core::call::bulk::BULK_KEYS;
use crate::core::call::limits::{
    Bound, CONCURRENCY, DEFAULT_RATE_PER_SECOND, MAX_DELAY_MS, MAX_RATE_PER_SECOND, MIN_DELAY_MS, PROGRESS_INTERVAL_MS,
    RETRIES, TIMEOUT_MS,
};
use crate::core::call::options::{CALL_KEYS, CLIENT_KEYS, REQUEST_CALL_KEYS, RETRY_KEYS};
use crate::core::methods::accounts;
use crate::core::methods::members::{self, filter::group_pin_keys};
use crate::core::methods::pin::{CONVERSATION_KEYS, MAX_CONVERSATIONS, REQUEST_KEYS};
use crate::core::usersig::options::{GEN_KEYS, PRIVATE_MAP_KEY_KEYS, VERIFY_KEYS};
use crate::core::usersig::private_map_key::{MAX_TEXT_BYTES, PRIVILEGES};
use crate::core::usersig::{DEFAULT_EXPIRE, MAX_EXPIRE};
use crate::core::wire::ids::{MAX_GROUP_ID_BYTES, MAX_USER_ID_BYTES};
use serde_json::{json, Value};

fn bound(b: Bound) -> Value {
    json!({ "min": b.min, "max": b.max, "default": b.default })
}

/// The document, as JSON text.
pub fn json() -> String {
    let doc = json!({
        "userIdBytes": MAX_USER_ID_BYTES,
        "groupIdBytes": MAX_GROUP_ID_BYTES,
        "conversationsPerPin": MAX_CONVERSATIONS,
        "timeoutMs": bound(TIMEOUT_MS),
        "retry": { "retries": bound(RETRIES), "minDelayMs": bound(MIN_DELAY_MS), "maxDelayMs": bound(MAX_DELAY_MS) },
        "bulk": {
            "ratePerSecond": { "above": 0, "max": MAX_RATE_PER_SECOND, "default": DEFAULT_RATE_PER_SECOND },
            "concurrency": bound(CONCURRENCY),
            "progressIntervalMs": bound(PROGRESS_INTERVAL_MS),
        },
        "userSig": { "expire": { "min": 1, "max": MAX_EXPIRE, "default": DEFAULT_EXPIRE } },
        "privateMapKey": { "privileges": PRIVILEGES, "roomId": { "min": 1, "max": u32::MAX }, "roomIdBytes": MAX_TEXT_BYTES },
        "groupMembers": {
            "pageSize": { "min": 1, "max": members::MAX_PAGE_SIZE, "default": members::DEFAULT_PAGE_SIZE },
        },
        "accounts": { "perCall": accounts::MAX_ACCOUNTS, "perRequest": accounts::BATCH, "requestsPerSecond": accounts::RATE_PER_SECOND },
        "optionNames": {
            "client": CLIENT_KEYS,
            "retry": RETRY_KEYS,
            "call": CALL_KEYS,
            "request": REQUEST_CALL_KEYS,
            "bulk": BULK_KEYS,
            "pinRequest": REQUEST_KEYS,
            "conversation": CONVERSATION_KEYS,
            "groupMembers": members::LIST_KEYS,
            "groupPinRequest": members::PIN_KEYS,
            "groupPin": group_pin_keys(),
            "genUserSig": GEN_KEYS,
            "genPrivateMapKey": PRIVATE_MAP_KEY_KEYS,
            "verifyUserSig": VERIFY_KEYS,
        },
    });
    doc.to_string()
}
