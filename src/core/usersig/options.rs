//! The options of `genUserSig` and `verifyUserSig` as callers give them, and checked.

use super::private_map_key::{Room, ALL_PRIVILEGES, PRIVILEGES};
use super::{DEFAULT_EXPIRE, MAX_EXPIRE};
use crate::core::error::{Error, Result};
use crate::core::input::keys::suggestion;
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

/// `genPrivateMapKey`'s options as given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawPrivateMapKeyOptions {
    pub sdk_app_id: Input,
    pub secret_key: Input,
    pub identifier: Input,
    pub room_id: Input,
    pub privileges: RawPrivileges,
    pub expire: Input,
    pub now: Input,
}

/// `privileges` as given: a list (its items as given), or any other value.
#[derive(Debug, Clone, PartialEq)]
pub enum RawPrivileges {
    One(Input),
    List(Vec<Input>),
}

impl Default for RawPrivileges {
    fn default() -> Self {
        RawPrivileges::One(Input::Missing)
    }
}

/// Checked `genPrivateMapKey` options: those of `genUserSig` (without a userbuf), the room and the privilege map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateMapKeyOptions {
    pub gen: GenOptions,
    pub room: Room,
    pub privileges: u32,
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
/// The names `genPrivateMapKey` options may have.
pub const PRIVATE_MAP_KEY_KEYS: [&str; 7] =
    ["sdkAppId", "secretKey", "identifier", "roomId", "privileges", "expire", "now"];
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

impl PrivateMapKeyOptions {
    pub fn from_raw(raw: RawPrivateMapKeyOptions) -> Result<PrivateMapKeyOptions> {
        let gen = GenOptions::from_raw(RawGenOptions {
            sdk_app_id: raw.sdk_app_id,
            secret_key: raw.secret_key,
            identifier: raw.identifier,
            expire: raw.expire,
            userbuf: Input::Missing,
            now: raw.now,
        })?;
        Ok(PrivateMapKeyOptions { gen, room: room(raw.room_id)?, privileges: privileges(raw.privileges)? })
    }
}

/// `roomId`: an integer from 1 to 4294967295 (a numeric room), or a string (a string room).
fn room(input: Input) -> Result<Room> {
    match input {
        Input::Num(_) => {
            let range = "from 1 to 4294967295 (or a string for a string room)";
            let n = input.optional_int("roomId", 1, u32::MAX.into(), range)?;
            Ok(Room::Number(n.and_then(|n| u32::try_from(n).ok()).unwrap_or(0)))
        }
        Input::Str(name) => Ok(Room::Name(name)),
        Input::BadUnicode | Input::Missing => input.required_str("roomId").map(Room::Name),
        other => Err(other.wrong_type("roomId", "a number or a string")),
    }
}

const PRIVILEGES_ARE: &str = "a number from 0 to 255 or a list of privilege names";

/// `privileges`: a number from 0 to 255, or a list of distinct names of [`PRIVILEGES`].
fn privileges(raw: RawPrivileges) -> Result<u32> {
    let items = match raw {
        RawPrivileges::One(Input::Missing) => {
            return Err(Error::invalid("privileges", ["is required: ", PRIVILEGES_ARE].concat()))
        }
        RawPrivileges::One(n @ Input::Num(_)) => {
            let range = "from 0 to 255, or a list of privilege names";
            return n.optional_int("privileges", 0, ALL_PRIVILEGES.into(), range).map(|n| n.unwrap_or(0) as u32);
        }
        RawPrivileges::One(other) => return Err(other.wrong_type("privileges", PRIVILEGES_ARE)),
        RawPrivileges::List(items) => items,
    };
    let mut map = 0;
    for (i, item) in items.into_iter().enumerate() {
        let field = ["privileges[", &(i as u64).to_string(), "]"].concat();
        let name = item.required_str(&field)?;
        let Some(bit) = PRIVILEGES.iter().position(|p| *p == name) else {
            let mut message = String::from("is not a privilege name");
            match suggestion(&name, &PRIVILEGES) {
                Some(guess) => message.extend(["; did you mean ", guess, "?"]),
                None => PRIVILEGES
                    .iter()
                    .enumerate()
                    .for_each(|(i, p)| message.extend([if i == 0 { ": " } else { ", " }, p])),
            }
            return Err(Error::invalid(field, message));
        };
        if map >> bit & 1 == 1 {
            return Err(Error::invalid(field, ["repeats ", &name, ": give each privilege once"].concat()));
        }
        map |= 1 << bit;
    }
    Ok(map)
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
