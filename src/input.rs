//! Caller input before validation, as loosely typed as JS values are, so that every rule about types
//! lives in the pure core and is tested natively. The wasm layer only reads JS values into these.

use crate::error::{Error, Result};

/// One field as the caller gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// `undefined` or absent.
    Missing,
    Str(String),
    Num(f64),
    Bool(bool),
    /// A JS string that is not valid Unicode (it holds a lone UTF-16 surrogate), so it has no
    /// faithful Rust (or UTF-8 wire) form.
    BadUnicode,
    /// Anything else; holds a word for its type (`"null"`, `"object"`, `"function"`, ...).
    Other(&'static str),
}

/// A list field as the caller gave it; `None` items were not objects.
#[derive(Debug, Clone, PartialEq)]
pub enum InputList<T> {
    Missing,
    NotArray(&'static str),
    Items(Vec<Option<T>>),
}

/// The largest integer a JS number holds exactly.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

impl Input {
    pub fn type_word(&self) -> &'static str {
        match self {
            Input::Missing => "undefined",
            Input::Str(_) => "string",
            Input::Num(_) => "number",
            Input::Bool(_) => "boolean",
            Input::BadUnicode => "string with a lone UTF-16 surrogate",
            Input::Other(t) => t,
        }
    }

    fn wrong_type(&self, field: &str, expected: &str) -> Error {
        Error::invalid(field, ["must be ", expected, ", not ", self.type_word()].concat())
    }

    pub fn is_missing(&self) -> bool {
        matches!(self, Input::Missing)
    }

    /// The string, or an error naming `field` when it is missing, not a string or empty.
    pub fn required_str(self, field: &str) -> Result<String> {
        match self {
            Input::Str(s) if !s.is_empty() => Ok(s),
            Input::Str(_) => Err(Error::invalid(field, "must not be empty")),
            Input::Missing => Err(Error::invalid(field, "is required")),
            Input::BadUnicode => Err(Error::invalid(field, "must be valid Unicode (it holds a lone UTF-16 surrogate)")),
            other => Err(other.wrong_type(field, "a string")),
        }
    }

    /// A non-empty string when given.
    pub fn optional_str(self, field: &str) -> Result<Option<String>> {
        if self.is_missing() {
            return Ok(None);
        }
        self.required_str(field).map(Some)
    }

    /// An integer in `min..=max` when given; `range` is how the message says the bounds.
    pub fn optional_int(self, field: &str, min: u64, max: u64, range: &str) -> Result<Option<u64>> {
        match self {
            Input::Missing => Ok(None),
            Input::Num(n) if n.fract() == 0.0 && n >= min as f64 && n <= max as f64 => Ok(Some(n as u64)),
            Input::Num(_) => Err(Error::invalid(field, ["must be an integer ", range].concat())),
            other => Err(other.wrong_type(field, "a number")),
        }
    }

    pub fn optional_bool(self, field: &str) -> Result<Option<bool>> {
        match self {
            Input::Missing => Ok(None),
            Input::Bool(b) => Ok(Some(b)),
            other => Err(other.wrong_type(field, "a boolean")),
        }
    }

    /// Whether a function was given (for callbacks such as `userSigProvider`).
    pub fn optional_function(self, field: &str) -> Result<bool> {
        match self {
            Input::Missing => Ok(false),
            Input::Other("function") => Ok(true),
            other => Err(other.wrong_type(field, "a function")),
        }
    }
}
