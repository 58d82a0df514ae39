//! A request as plain data: method, URL with the common query, and body. Sending it is the binding's job
//! (`src/wasm/transport.rs`).

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::wire::region::Endpoint;
use serde::Serialize;

/// A wire body as JSON text. Our body types always serialize (string keys, no floats that could be NaN);
/// the error is passed on all the same.
pub fn to_json<T: Serialize>(body: &T) -> Result<String> {
    serde_json::to_string(body)
        .map_err(|_| Error::new(ErrorKind::InvalidRequest, "the request could not be written as JSON"))
}

/// Who signs the call: the app, its administrator, and the administrator's UserSig.
#[derive(Debug, Clone, Copy)]
pub struct Auth<'a> {
    pub sdk_app_id: u64,
    pub identifier: &'a str,
    pub user_sig: &'a str,
}

/// A request ready to send. Its URL holds the UserSig: never log or show it (see [`HttpRequest::redacted_url`]).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub body: String,
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest").field("method", &self.method).field("url", &self.redacted_url()).finish()
    }
}

impl HttpRequest {
    /// Builds `POST {endpoint}/v4/{command}?sdkappid=…&identifier=…&usersig=…&random=…&contenttype=json`.
    pub fn new(endpoint: &Endpoint, command: &str, auth: Auth<'_>, random: u32, body: String) -> HttpRequest {
        let mut url = String::with_capacity(160 + auth.user_sig.len());
        url.push_str(endpoint.as_str());
        url.push_str("/v4/");
        url.push_str(command);
        url.push_str("?sdkappid=");
        url.push_str(&auth.sdk_app_id.to_string());
        url.push_str("&identifier=");
        push_encoded(&mut url, auth.identifier);
        url.push_str("&usersig=");
        push_encoded(&mut url, auth.user_sig);
        url.push_str("&random=");
        url.push_str(&random.to_string());
        url.push_str("&contenttype=json");
        HttpRequest { method: "POST", url, body }
    }

    /// The URL with the UserSig replaced by `REDACTED`, safe to show.
    pub fn redacted_url(&self) -> String {
        // In the query only: a path holding `&usersig=` must not hide the real one after it.
        let Some((path, query)) = self.url.split_once('?') else { return self.url.clone() };
        let Some((head, rest)) = query.split_once("&usersig=") else { return self.url.clone() };
        let tail = rest.find('&').and_then(|end| rest.get(end..)).unwrap_or_default();
        [path, "?", head, "&usersig=REDACTED", tail].concat()
    }
}

/// `value` as it stands in the query: what to scrub from text that may echo the URL.
pub fn encoded(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_encoded(&mut out, value);
    out
}

/// The lower-case hex digit of `n`'s low four bits.
pub fn hex_digit(n: u8) -> char {
    char::from_digit(u32::from(n & 15), 16).unwrap_or('0')
}

/// Percent-encodes everything but RFC 3986 unreserved characters and `*`, which UserSigs use and
/// the official clients send as is.
fn push_encoded(out: &mut String, value: &str) {
    // Runs of characters that stay as they are are copied whole (a UserSig is one such run). Every
    // byte from 0x80 up is encoded, so a run is ASCII and its ends are character boundaries.
    let mut start = 0;
    for (i, &b) in value.as_bytes().iter().enumerate() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'*') {
            continue;
        }
        out.push_str(value.get(start..i).unwrap_or_default());
        out.push('%');
        out.push(hex_digit(b >> 4).to_ascii_uppercase());
        out.push(hex_digit(b).to_ascii_uppercase());
        start = i + 1;
    }
    out.push_str(value.get(start..).unwrap_or_default());
}
