//! Reading the service's answer: the `ActionStatus`/`ErrorCode` envelope, mapped to a result or an error.

use crate::error::{Error, ErrorKind, Result, ServiceInfo};
use crate::json::{self, Value};
use crate::redact::redact;

/// A successful call (`ActionStatus: "OK"`, `ErrorCode: 0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiResult {
    pub error_info: String,
    pub error_display: String,
    pub request_id: Option<String>,
}

struct Envelope {
    action_status: String,
    error_code: i64,
    error_info: Option<String>,
    error_display: Option<String>,
    request_id: Option<String>,
}

/// Reads the envelope; `None` when the body is not JSON, lacks `ActionStatus` or `ErrorCode`, or has
/// a field of the wrong type.
fn read_envelope(body: &str) -> Option<Envelope> {
    let v = json::parse(body)?;
    let optional = |key: &str| -> Option<Option<String>> {
        match v.get(key) {
            None | Some(Value::Null) => Some(None),
            Some(s) => s.as_str().map(|s| Some(s.to_owned())),
        }
    };
    Some(Envelope {
        action_status: v.get("ActionStatus")?.as_str()?.to_owned(),
        error_code: v.get("ErrorCode")?.as_i64()?,
        error_info: optional("ErrorInfo")?,
        error_display: optional("ErrorDisplay")?,
        request_id: optional("RequestId")?,
    })
}

/// What to tell the caller about the codes people meet most.
fn hint(code: i64) -> &'static str {
    match code {
        50001 => "an account is not imported: import it (account_import) first",
        50002 => "the service rejected the request parameters",
        50003 | 60010 => "the identifier is not an app administrator",
        50004 => "internal error at the service: retry",
        50005 | 60008 => "the service timed out: retry",
        60006 => "the SDKAppID is invalid",
        60007 | 60011 | 60018 | 60019 => "too many requests: slow down and retry",
        60020 => "the app's plan has expired",
        60021 => "this caller's IP address is not allowed",
        70001 => "the UserSig has expired: generate a new one",
        70003 => "the UserSig could not be parsed (truncated?)",
        70009 => "UserSig verification failed: check the secret key and SDKAppID",
        70013 => "the identifier does not match the UserSig's",
        70014 => "the SDKAppID does not match the UserSig's",
        70016 | 70020 => "the SDKAppID is not known in this region: check the region",
        70050 => "too many failed verifications: retry after a minute",
        70107 => "the account is not imported",
        _ => "the Chat service refused the request",
    }
}

/// Maps an HTTP status and body to the result. `secrets` (the UserSig, the key) are scrubbed from
/// anything the service echoes back.
pub fn decode(status: u16, body: &str, secrets: &[&str]) -> Result<ApiResult> {
    let envelope = read_envelope(body);
    let ok_status = (200..300).contains(&status);
    let Some(env) = envelope else {
        let mut message = String::new();
        if ok_status {
            message.push_str("the answer is not the Chat envelope (HTTP ");
        } else {
            message.push_str("the service answered HTTP ");
        }
        json::push_u64(&mut message, u64::from(status));
        if ok_status {
            message.push(')');
        }
        let kind = if ok_status { ErrorKind::Decode } else { ErrorKind::Http };
        return Err(Error::new(kind, message).with_status(status));
    };
    let info = redact(&env.error_info.unwrap_or_default(), secrets);
    let display = redact(&env.error_display.unwrap_or_default(), secrets);
    let request_id = env.request_id.filter(|r| !r.is_empty());
    if ok_status && env.action_status == "OK" && env.error_code == 0 {
        return Ok(ApiResult { error_info: info, error_display: display, request_id });
    }
    if ok_status && env.action_status != "FAIL" && env.action_status != "OK" {
        return Err(
            Error::new(ErrorKind::Decode, "the answer's ActionStatus is neither OK nor FAIL").with_status(status)
        );
    }
    let mut message = String::from(hint(env.error_code));
    message.push_str(" (");
    if !ok_status {
        message.push_str("HTTP ");
        json::push_u64(&mut message, u64::from(status));
        message.push_str(", ");
    }
    message.push_str("code ");
    if env.error_code < 0 {
        message.push('-');
    }
    json::push_u64(&mut message, env.error_code.unsigned_abs());
    if !info.is_empty() {
        message.push_str(": ");
        message.push_str(&info);
    }
    message.push(')');
    let kind = if ok_status { ErrorKind::Service } else { ErrorKind::Http };
    let mut err = Error::new(kind, message).with_code(env.error_code).with_status(status);
    err.service = Some(Box::new(ServiceInfo { info, display, request_id }));
    Err(err)
}
