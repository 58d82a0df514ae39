//! The options of `genUserSig` and `verifyUserSig` as callers give them, and checked.

use super::{DEFAULT_EXPIRE, MAX_EXPIRE};
use crate::core::error::{Error, Result};
use crate::core::input::{Input, MAX_SAFE_INTEGER};
use crate::core::wire::ids::sdk_app_id;
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

/// The names `genUserSig` options may have.
pub const GEN_KEYS: [&str; 6] = ["sdkAppId", "secretKey", "identifier", "expire", "userbuf", "now"];
/// The names `verifyUserSig` options may have.
pub const VERIFY_KEYS: [&str; 5] = ["userSig", "sdkAppId", "secretKey", "identifier", "now"];

/// The largest `now` taken: 99,999,999,999 s is the year 5138, and any time in milliseconds since March 1973
/// is larger, so a `Date.now()` given by mistake is refused rather than signed into the far future.
pub const MAX_NOW_SECS: u64 = 99_999_999_999;

/// Refuses a number that is a time in milliseconds where Unix seconds are asked for (`hint`: how to get them).
pub fn refuse_milliseconds(field: &str, input: &Input, hint: &str) -> Result<()> {
    match input {
        Input::Num(n) if *n > MAX_NOW_SECS as f64 && *n <= MAX_SAFE_INTEGER as f64 => {
            Err(Error::invalid(field, ["must be Unix seconds, not milliseconds: ", hint].concat()))
        }
        _ => Ok(()),
    }
}

/// A `now` option in Unix seconds when given (`field`: its name).
pub fn now_secs(field: &str, input: Input) -> Result<Option<u64>> {
    refuse_milliseconds(field, &input, "Math.floor(Date.now() / 1000), not Date.now()")?;
    input.optional_int(field, 0, MAX_NOW_SECS, "of Unix seconds, from 0 to 99999999999")
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
            now: now_secs("now", raw.now)?,
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
            now: now_secs("now", raw.now)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gen_at(now: Input) -> Result<GenOptions> {
        let s = |v: &str| Input::Str(v.to_owned());
        let raw = RawGenOptions {
            sdk_app_id: Input::Num(1.0),
            secret_key: s("k"),
            identifier: s("a"),
            now,
            ..Default::default()
        };
        GenOptions::from_raw(raw)
    }

    #[test]
    fn now_is_unix_seconds_never_milliseconds() -> Result<()> {
        assert_eq!(gen_at(Input::Num(1_700_000_000.0))?.now, Some(1_700_000_000));
        assert_eq!(gen_at(Input::Num(MAX_NOW_SECS as f64))?.now, Some(MAX_NOW_SECS));
        for ms in [1_700_000_000_000.0, 100_000_000_000.0] {
            let err = gen_at(Input::Num(ms)).err().map(|e| (e.field, e.message));
            let message = "now must be Unix seconds, not milliseconds: Math.floor(Date.now() / 1000), not Date.now()";
            assert_eq!(err, Some((Some("now".into()), message.into())), "{ms}");
        }
        let raw = RawVerifyOptions { now: Input::Num(1_700_000_000_000.0), ..Default::default() };
        let raw = RawVerifyOptions {
            user_sig: Input::Str("x".into()),
            sdk_app_id: Input::Num(1.0),
            secret_key: Input::Str("k".into()),
            ..raw
        };
        assert!(VerifyOptions::from_raw(raw).is_err_and(|e| e.message.contains("not milliseconds")));
        Ok(())
    }
}
