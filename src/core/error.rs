//! The one error type of the crate: a kind, the service's code, the HTTP status and a message that never
//! holds a secret. The wasm layer turns it into a JS `ChatError`.

use std::fmt;

/// What went wrong, as a stable machine-readable word (`ChatError.kind` in JS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Bad input or options: nothing was sent.
    InvalidRequest,
    /// The service answered `FAIL` with an `ErrorCode`.
    Service,
    /// The service answered with a non-2xx HTTP status.
    Http,
    /// The request failed before an answer arrived.
    Network,
    /// No answer within the timeout.
    Timeout,
    /// A browser refused a cross-origin call.
    Cors,
    /// The answer was not the documented envelope.
    Decode,
    /// A UserSig could not be made or verified locally.
    UserSig,
    /// The caller's `AbortSignal` stopped the call.
    Aborted,
}

impl ErrorKind {
    /// The word used in JS (`ChatError.kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidRequest => "invalid-request",
            ErrorKind::Service => "service",
            ErrorKind::Http => "http",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Cors => "cors",
            ErrorKind::Decode => "decode",
            ErrorKind::UserSig => "usersig",
            ErrorKind::Aborted => "aborted",
        }
    }
}

/// Service codes worth retrying: internal error, timeout, throttling, service busy.
pub const RETRYABLE_CODES: [i64; 7] = [50004, 50005, 60007, 60008, 60011, 60018, 60019];

/// Service codes that mean the caller is going too fast.
pub const THROTTLE_CODES: [i64; 4] = [60007, 60011, 60018, 60019];

/// An error from this crate. Messages are built from data (what failed, which field), never from secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The service's `ErrorCode` (or the UserSig code); 0 when there is none.
    pub code: i64,
    /// The HTTP status; 0 when no answer arrived.
    pub status: u16,
    pub message: String,
    /// The offending input, e.g. `conversations[1].toAccount`.
    pub field: Option<String>,
    /// What the service said, when it answered with the envelope.
    pub service: Option<Box<ServiceInfo>>,
    /// How many requests were sent for this call (0 when none was).
    pub attempts: u32,
}

/// The text fields of a failed envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceInfo {
    /// `ErrorInfo`.
    pub info: String,
    /// `ErrorDisplay`.
    pub display: String,
    /// `RequestId`, when sent.
    pub request_id: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, code: 0, status: 0, message: message.into(), field: None, service: None, attempts: 0 }
    }

    /// An `invalid-request` error about one input field.
    #[inline]
    pub fn invalid(field: impl AsRef<str>, message: impl AsRef<str>) -> Self {
        Error::invalid_field(field.as_ref(), message.as_ref())
    }

    /// [`Error::invalid`] without the generics, so that its body is compiled once (and a call costs the caller
    /// two borrowed strings, not their copies).
    fn invalid_field(field: &str, message: &str) -> Self {
        let mut e = Error::new(ErrorKind::InvalidRequest, [field, " ", message].concat());
        e.field = Some(field.to_owned());
        e
    }

    pub fn with_code(mut self, code: i64) -> Self {
        self.code = code;
        self
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// The service's `ErrorCode`, from a `FAIL` answer or a non-2xx one that carried the envelope
    /// (the HTTP status of a failure is undocumented, so both are read alike).
    pub fn service_code(&self) -> Option<i64> {
        match self.kind {
            ErrorKind::Service => Some(self.code),
            ErrorKind::Http if self.code != 0 => Some(self.code),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed. An answer with a code is judged by its
    /// code; a bare non-2xx one by its status.
    pub fn retryable(&self) -> bool {
        match (self.kind, self.service_code()) {
            (_, Some(code)) => RETRYABLE_CODES.contains(&code),
            (ErrorKind::Network | ErrorKind::Timeout, _) => true,
            (ErrorKind::Http, None) => self.status >= 500 || self.status == 408 || self.status == 429,
            _ => false,
        }
    }

    /// Whether the service asked us to slow down.
    pub fn throttled(&self) -> bool {
        match self.service_code() {
            Some(code) => THROTTLE_CODES.contains(&code),
            None => self.kind == ErrorKind::Http && self.status == 429,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
