//! The options of `genUserSig` and `verifyUserSig` as callers give them, and checked.

use super::{DEFAULT_EXPIRE, MAX_EXPIRE};
use crate::error::Result;
use crate::input::{Input, MAX_SAFE_INTEGER};
use crate::options::sdk_app_id;
use serde::Deserialize;

/// `genUserSig`'s options as given. `userbuf` must be a `Uint8Array`, which the binding checks (its bytes
/// are not data serde carries); here it only counts as given or not.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawGenOptions {
    pub sdk_app_id: Input,
    pub secret_key: Input,
    pub identifier: Input,
    pub expire: Input,
    pub userbuf: Input,
    pub now: Input,
}

/// `verifyUserSig`'s options as given.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawVerifyOptions {
    pub user_sig: Input,
    pub sdk_app_id: Input,
    pub secret_key: Input,
    pub identifier: Input,
    pub now: Input,
}

/// Checked `genUserSig` options; `now` `None` means the clock's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenOptions {
    pub sdk_app_id: u64,
    pub secret_key: String,
    pub identifier: String,
    pub expire: u64,
    pub now: Option<u64>,
}

/// Checked `verifyUserSig` options; `now` `None` means the clock's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyOptions {
    pub user_sig: String,
    pub sdk_app_id: u64,
    pub secret_key: String,
    pub identifier: Option<String>,
    pub now: Option<u64>,
}

/// `now` in Unix seconds when given.
fn now(input: Input) -> Result<Option<u64>> {
    input.optional_int("now", 0, MAX_SAFE_INTEGER, "of Unix seconds, from 0")
}

impl GenOptions {
    pub fn from_raw(raw: RawGenOptions) -> Result<GenOptions> {
        Ok(GenOptions {
            sdk_app_id: sdk_app_id(raw.sdk_app_id)?,
            secret_key: raw.secret_key.required_str("secretKey")?,
            identifier: raw.identifier.required_str("identifier")?,
            expire: raw
                .expire
                .optional_int("expire", 1, MAX_EXPIRE, "of seconds from 1 to 1577880000 (50 years)")?
                .unwrap_or(DEFAULT_EXPIRE),
            now: now(raw.now)?,
        })
    }
}

impl VerifyOptions {
    pub fn from_raw(raw: RawVerifyOptions) -> Result<VerifyOptions> {
        Ok(VerifyOptions {
            user_sig: raw.user_sig.required_str("userSig")?,
            sdk_app_id: sdk_app_id(raw.sdk_app_id)?,
            secret_key: raw.secret_key.required_str("secretKey")?,
            identifier: raw.identifier.optional_str("identifier")?,
            now: now(raw.now)?,
        })
    }
}
