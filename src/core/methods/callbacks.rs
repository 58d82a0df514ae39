//! Callback (webhook) signatures (reference §4c): with authentication on, the service adds `Sign` and
//! `RequestTime` to the callback URL, where `Sign` is the lower-case hex SHA-256 of the token and the request
//! time concatenated (not an HMAC).

use crate::core::error::{Error, Result};
use crate::core::input::loose::Obj;
use crate::core::input::tree::Value;
use crate::core::input::{Input, MAX_SAFE_INTEGER};
use crate::core::usersig::options::{now_secs, refuse_milliseconds, MAX_NOW_SECS};
use crate::core::wire::request::hex_digit;
use sha2::{Digest, Sha256};

const KEYS: [&str; 5] = ["token", "requestTime", "sign", "now", "maxSkewSeconds"];

/// Checked options of `verifyCallbackSign`. `requestTime` and `sign` come from the callback's sender: a value
/// of theirs that cannot be right (missing, not a string of digits, not a string) makes the check false rather
/// than an error, so that a webhook handler answers it as a bad signature. What the app itself gives (`token`,
/// `now`, `maxSkewSeconds`, the option names, a number of milliseconds for `requestTime`) is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignCheck {
    pub token: String,
    /// `RequestTime` as it came, digits only (`None`: missing or not Unix seconds).
    pub request_time: Option<String>,
    /// `None`: missing or not a string.
    pub sign: Option<String>,
    /// Unix seconds to check the skew at (`None`: the clock's).
    pub now: Option<u64>,
    pub max_skew_seconds: Option<u64>,
}

impl SignCheck {
    /// Reads `{ token, requestTime, sign, now?, maxSkewSeconds? }`; `requestTime` is the query parameter's
    /// string of digits, or a number of seconds.
    pub fn read(v: Option<&Value>) -> Result<SignCheck> {
        if !matches!(v, Some(Value::Object(_))) {
            let word = crate::core::input::loose::input(v).type_word();
            return Err(Error::invalid(
                "options",
                ["must be an object { token, requestTime, sign }, not ", word].concat(),
            ));
        }
        let o = Obj::new(v, "", &KEYS, "{ token, requestTime, sign, now?, maxSkewSeconds? }")?;
        let token = o.str("token")?;
        let request_time = o.input("requestTime");
        refuse_milliseconds("requestTime", &request_time, "pass the RequestTime query parameter as it came")?;
        let request_time = match request_time {
            Input::Str(s) if !s.is_empty() && s.len() <= 16 && s.bytes().all(|b| b.is_ascii_digit()) => Some(s),
            Input::Num(n) if n.fract() == 0.0 && (0.0..=MAX_NOW_SECS as f64).contains(&n) => {
                Some((n as u64).to_string())
            }
            _ => None,
        };
        let sign = match o.input("sign") {
            Input::Str(s) => Some(s),
            _ => None,
        };
        let max_skew_seconds =
            o.input("maxSkewSeconds").optional_int("maxSkewSeconds", 0, MAX_SAFE_INTEGER, "from 0 to 2^53-1")?;
        Ok(SignCheck { token, request_time, sign, now: now_secs("now", o.input("now"))?, max_skew_seconds })
    }

    /// Whether the signature is right and, when `maxSkewSeconds` is given, `requestTime` within that many
    /// seconds of `now` (the caller's, else `clock`).
    pub fn verify(&self, clock: u64) -> bool {
        let (Some(request_time), Some(given)) = (&self.request_time, &self.sign) else { return false };
        let fresh = match self.max_skew_seconds {
            None => true,
            Some(max) => {
                let time: u64 = request_time.parse().unwrap_or(u64::MAX);
                self.now.unwrap_or(clock).abs_diff(time) <= max
            }
        };
        let signed = constant_time_eq(sign(&self.token, request_time).as_bytes(), given.as_bytes());
        signed && fresh
    }
}

/// The lower-case hex SHA-256 of `token + request_time`.
pub fn sign(token: &str, request_time: &str) -> String {
    let digest = Sha256::new().chain_update(token).chain_update(request_time).finalize();
    digest.iter().flat_map(|b| [hex_digit(b >> 4), hex_digit(*b)]).collect()
}

/// Compares in time that depends only on the lengths (which are public: a signature's is fixed).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
