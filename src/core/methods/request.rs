//! Any endpoint: `request(command, body)` sends `body` to `v4/{service}/{command}` and gives back the parsed
//! answer (a `FAIL` answer is a `service` error, as for every method). After an attempt that may have been
//! applied it is sent again only when the endpoint is known to be safe to repeat (`crate::core::call::repeat`) or the caller
//! says it is (`idempotent`).

use crate::core::error::{Error, Result};
use crate::core::input::loose::{index, input, join};
use crate::core::input::tree::Value;
use crate::core::input::{Input, MAX_LIST_ITEMS};
use crate::core::methods::run::{Raw, Run};

/// The longest command accepted.
const MAX_COMMAND: usize = 128;

/// Checks a command: `service/command`, with or without a leading `v4/` or `/v4/` or `/` (as a URL path
/// is written); each part letters, digits, `_` and `-` only (so no `..`, no query string, no other path).
/// Returns it without them.
pub fn check_command(command: Input) -> Result<String> {
    let given = command.required_str("command")?;
    let c = given.strip_prefix('/').unwrap_or(&given);
    let c = c.strip_prefix("v4/").unwrap_or(c);
    let part_ok = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    let mut parts = c.split('/');
    let ok = c.len() <= MAX_COMMAND && parts.clone().count() == 2 && parts.all(part_ok);
    if !ok {
        return Err(Error::invalid(
            "command",
            "must be 'service/command' such as 'group_open_http_svc/get_group_info' (optionally after 'v4/'): letters, digits, _ and - only",
        ));
    }
    Ok(c.to_owned())
}

/// Refuses a value JSON cannot carry as given (a function, a bigint, a symbol, a string with a lone
/// surrogate), naming where it is.
fn check_plain(v: &Value, path: &str) -> Result<()> {
    match v {
        Value::Array(items) => {
            match input(Some(v)) {
                Input::Other("array") => {}
                Input::Num(_) => return Err(non_finite(path)),
                word => return Err(Error::invalid(path, ["must be JSON data, not ", word.type_word()].concat())),
            }
            if items.len() > MAX_LIST_ITEMS {
                return Err(Error::invalid(path, "must be JSON data: an array of at most 10,000 items"));
            }
            items.iter().enumerate().try_for_each(|(i, item)| check_plain(item, &index(path, i)))
        }
        Value::Object(map) => map.iter().try_for_each(|(k, item)| check_plain(item, &join(path, k))),
        Value::Number(n) if !n.is_finite() => Err(non_finite(path)),
        _ => Ok(()),
    }
}

fn non_finite(path: &str) -> Error {
    Error::invalid(path, "must be JSON data, not a number JSON cannot hold (NaN or Infinity)")
}

/// What a `request()` that was not sent again says to its caller.
pub const ADVICE: &str = "; if it is safe to repeat, pass { idempotent: true }";

/// `request(command, body?, { idempotent? })`: `body` is a JSON object (default `{}`); `idempotent` given says
/// whether the request may be sent again after an attempt that may have been applied, otherwise the list
/// (`crate::core::call::repeat`) does.
pub fn run(command: Input, body: Option<&Value>, idempotent: Option<bool>) -> Result<Run> {
    let command = check_command(command)?;
    let text = match body {
        None => "{}".to_owned(),
        Some(v @ Value::Object(_)) => {
            check_plain(v, "body")?;
            serde_json::to_string(v).map_err(|_| Error::invalid("body", "could not be written as JSON"))?
        }
        Some(other) => {
            return Err(Error::invalid("body", ["must be an object, not ", input(Some(other)).type_word()].concat()))
        }
    };
    let mut run = Run::one(&command, text, Raw::default());
    run.advice = ADVICE;
    Ok(match idempotent {
        Some(repeatable) => run.repeatable(repeatable),
        None => run,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::input::{LONE_SURROGATE, TYPE_MARKER};

    #[test]
    fn the_marker_string_itself_is_not_json_data() {
        let marker = format!(r#"["{}","{LONE_SURROGATE}"]"#, TYPE_MARKER.replace('\0', "\\u0000"));
        let body: Value = serde_json::from_str(&format!(r#"{{"a":{{"b":[1,{marker}]}}}}"#)).unwrap_or(Value::Null);
        let err = run(Input::Str("x/y".into()), Some(&body), None).err().and_then(|e| e.field);
        assert_eq!(err.as_deref(), Some("body.a.b[1]"));
    }

    #[test]
    fn only_an_endpoint_known_safe_or_said_to_be_is_repeated() {
        let once = |command: &str, idempotent| run(Input::Str(command.into()), None, idempotent).map(|r| r.once).ok();
        assert_eq!(once("v4/openim/sendmsg", None), Some(true));
        assert_eq!(once("openim/sendmsg", Some(true)), Some(false));
        assert_eq!(once("v4/recentcontact/get_list", None), Some(false));
        assert_eq!(once("im_open_login_svc/account_check", None), Some(false));
        assert_eq!(once("recentcontact/top", Some(false)), Some(true));
        assert_eq!(once("recentcontact/delete", None), Some(true));
    }
}
