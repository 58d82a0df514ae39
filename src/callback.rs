//! Callback (webhook) signatures (reference §4c): with authentication on, the service adds `Sign` and
//! `RequestTime` to the callback URL, where `Sign` is the lower-case hex SHA-256 of the token and the request
//! time concatenated (not an HMAC).

use crate::error::{Error, Result};
use crate::input::{Input, MAX_SAFE_INTEGER};
use crate::loose::Obj;
use crate::tree::Value;
use sha2::{Digest, Sha256};

const KEYS: [&str; 5] = ["token", "requestTime", "sign", "now", "maxSkewSeconds"];

/// Checked options of `verifyCallbackSign`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignCheck {
    pub token: String,
    /// `RequestTime` as it came, digits only.
    pub request_time: String,
    pub sign: String,
    /// Unix seconds to check the skew at (`None`: the clock's).
    pub now: Option<u64>,
    pub max_skew_seconds: Option<u64>,
}

impl SignCheck {
    /// Reads `{ token, requestTime, sign, now?, maxSkewSeconds? }`; `requestTime` is the query parameter's
    /// string of digits, or a number of seconds.
    pub fn read(v: Option<&Value>) -> Result<SignCheck> {
        if !matches!(v, Some(Value::Object(_))) {
            let word = crate::loose::input(v).type_word();
            return Err(Error::invalid(
                "options",
                ["must be an object { token, requestTime, sign }, not ", word].concat(),
            ));
        }
        let o = Obj::new(v, "", &KEYS, "{ token, requestTime, sign, now?, maxSkewSeconds? }")?;
        let token = o.str("token")?;
        let request_time = match o.input("requestTime") {
            Input::Str(s) if !s.is_empty() && s.len() <= 16 && s.bytes().all(|b| b.is_ascii_digit()) => s,
            Input::Num(n) if n.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER as f64).contains(&n) => (n as u64).to_string(),
            Input::Missing => return Err(Error::invalid("requestTime", "is required")),
            _ => return Err(Error::invalid("requestTime", "must be Unix seconds: a string of digits or an integer")),
        };
        let sign = match o.input("sign") {
            Input::Str(s) => s,
            Input::Missing => return Err(Error::invalid("sign", "is required")),
            other => return Err(other.wrong_type("sign", "a string")),
        };
        let seconds = |key: &str| o.input(key).optional_int(key, 0, MAX_SAFE_INTEGER, "from 0 to 2^53-1");
        Ok(SignCheck { token, request_time, sign, now: seconds("now")?, max_skew_seconds: seconds("maxSkewSeconds")? })
    }

    /// Whether the signature is right and, when `maxSkewSeconds` is given, `requestTime` within that many
    /// seconds of `now` (the caller's, else `clock`).
    pub fn verify(&self, clock: u64) -> bool {
        let fresh = match self.max_skew_seconds {
            None => true,
            Some(max) => {
                let time: u64 = self.request_time.parse().unwrap_or(u64::MAX);
                self.now.unwrap_or(clock).abs_diff(time) <= max
            }
        };
        let signed = constant_time_eq(sign(&self.token, &self.request_time).as_bytes(), self.sign.as_bytes());
        signed && fresh
    }
}

/// The lower-case hex SHA-256 of `token + request_time`.
pub fn sign(token: &str, request_time: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::new().chain_update(token).chain_update(request_time).finalize();
    digest.iter().flat_map(|b| [HEX[usize::from(b >> 4)] as char, HEX[usize::from(b & 15)] as char]).collect()
}

/// Compares in time that depends only on the lengths (which are public: a signature's is fixed).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
