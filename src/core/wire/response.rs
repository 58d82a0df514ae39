//! Reading the service's answer: the `ActionStatus`/`ErrorCode` envelope, mapped to a result or an error.

use crate::core::error::{Error, ErrorKind, Result, ServiceInfo};
use crate::core::wire::redact::redact;
use serde::Deserialize;

/// A successful call (`ActionStatus: "OK"`, `ErrorCode: 0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiResult {
    pub error_info: String,
    pub error_display: String,
    pub request_id: Option<String>,
    /// The answer's whole text, for the methods that read more than the envelope.
    pub body: String,
}

/// The envelope every answer carries. `ActionStatus` and `ErrorCode` must be there; the text fields may be
/// absent or `null`. Other fields (an endpoint's own) are ignored here.
#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "ActionStatus")]
    action_status: String,
    #[serde(rename = "ErrorCode")]
    error_code: i64,
    #[serde(rename = "ErrorInfo", default)]
    error_info: Option<String>,
    #[serde(rename = "ErrorDisplay", default)]
    error_display: Option<String>,
    #[serde(rename = "RequestId", default)]
    request_id: Option<String>,
}

/// Reads the envelope; `None` when the body is not JSON, is not an object with `ActionStatus` and `ErrorCode`,
/// or has a field of the wrong type.
fn read_envelope(body: &str) -> Option<Envelope> {
    serde_json::from_str(body).ok()
}

/// What `recentcontact/top` is taken to answer for a user who already has 50 pinned conversations, the most the
/// client SDK docs allow (not raisable). *Unconfirmed*: no public page gives the code the service answers (the
/// reference, §4d); this is the next after the endpoint's documented 50001 to 50005, and the emulator answers it.
/// One constant to change when the service is seen to answer another.
pub const TOO_MANY_PINNED: i64 = 50006;

/// What to tell the caller about the codes people meet most.
fn hint(code: i64) -> &'static str {
    match code {
        50001 => "an account is not imported: import it (account_import) first",
        50002 => "the service rejected the request parameters",
        50003 | 60010 => "the identifier is not an app administrator",
        50004 => "internal error at the service: retry",
        TOO_MANY_PINNED => {
            "the user already has 50 pinned conversations, the most the service allows: unpin one of them first"
        }
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
        let message = if ok_status {
            ["the answer is not the Chat envelope (HTTP ", &status.to_string(), ")"].concat()
        } else {
            ["the service answered HTTP ", &status.to_string()].concat()
        };
        let kind = if ok_status { ErrorKind::Decode } else { ErrorKind::Http };
        return Err(Error::new(kind, message).with_status(status));
    };
    let info = redact(&env.error_info.unwrap_or_default(), secrets);
    let display = redact(&env.error_display.unwrap_or_default(), secrets);
    let request_id = env.request_id.filter(|r| !r.is_empty());
    if ok_status && env.action_status == "OK" && env.error_code == 0 {
        return Ok(ApiResult { error_info: info, error_display: display, request_id, body: redact(body, secrets) });
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
        message.push_str(&status.to_string());
        message.push_str(", ");
    }
    message.push_str("code ");
    message.push_str(&env.error_code.to_string());
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
