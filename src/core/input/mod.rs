//! The one reader of the caller's input, as loosely typed as JS values are, so that every rule about types lives
//! in the pure core and is tested natively. Every argument reaches the core as one JSON text (the binding's
//! `src/wasm/read.js` writes it, the tests write it by hand), which serde_json parses into a [`tree::Value`];
//! [`loose`] reads fields of it with their paths, [`keys`] refuses unknown names with a suggestion, and each
//! field becomes an [`Input`] (or an [`InputList`]) that the options' and methods' rules check.
//!
//! A JS value that JSON cannot carry faithfully (a function, a symbol, a bigint, an object other than a plain
//! one or an array, a string holding a lone UTF-16 surrogate, a number that is NaN or infinite) reaches the core
//! as the two-element array `[TYPE_MARKER, word]`, so that it is still refused with its type's name (or read as
//! the number it is).

pub mod keys;
pub mod loose;
pub mod tree;

use crate::core::error::{Error, Result};
use serde::de::{Deserialize, Deserializer};
use tree::{Map, Value};

/// The first element of a sequence that stands for a JS value of another type (see the module docs).
pub const TYPE_MARKER: &str = "\u{0}tencent-chat-admin:js-type";
/// The word of a marker for a string that is not valid Unicode.
pub const LONE_SURROGATE: &str = "lone-surrogate";
/// The word of a marker for a top-level key of options given as `undefined`: it reads as absent, but its name is
/// checked like any other (`{ signl: undefined }` is refused as a typo of `signal`).
pub const UNDEFINED: &str = "undefined";

/// One field as the caller gave it.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Input {
    /// `undefined` or absent.
    #[default]
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
#[derive(Debug, Clone, Default, PartialEq)]
pub enum InputList<T> {
    #[default]
    Missing,
    NotArray(&'static str),
    Items(Vec<Option<T>>),
}

/// The largest integer a JS number holds exactly.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The most items of one array the binding copies from JS (it copies one more, so that a longer list is still
/// refused for its length): every documented list limit is below it.
pub const MAX_LIST_ITEMS: usize = 10_000;
/// The word of a marker for an object nested deeper than the binding copies (or past its count of values).
pub const NESTED: &str = "nested";

/// A marker's word as a `'static` one (the set is closed; anything unknown is an object).
pub(crate) fn type_word(word: &str) -> &'static str {
    if word == NESTED {
        return "an object nested too deep (over 8 levels or 20,000 values)";
    }
    ["null", "array", "function", "symbol", "bigint", "Date", "Map", "Set", "RegExp"]
        .into_iter()
        .find(|w| *w == word)
        .unwrap_or("object")
}

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

    pub(crate) fn wrong_type(&self, field: &str, expected: &str) -> Error {
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

impl<'de> Deserialize<'de> for Input {
    /// Any value, read as a tree and then as one loose input (the serde types of the UserSig options have
    /// `Input` fields).
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Value::deserialize(d).map(|v| loose::input(Some(&v)))
    }
}

impl<T> InputList<T> {
    /// A list field read from the tree: each object item read by `item`, anything else `None`.
    pub fn read(v: Option<&Value>, item: impl Fn(&Map) -> T) -> InputList<T> {
        match v {
            None => InputList::Missing,
            Some(Value::Array(items)) => match loose::input(v) {
                Input::Missing => InputList::Missing,
                Input::Other("array") => InputList::Items(
                    items
                        .iter()
                        .map(|i| match i {
                            Value::Object(map) => Some(item(map)),
                            _ => None,
                        })
                        .collect(),
                ),
                Input::BadUnicode => InputList::NotArray("string"),
                other => InputList::NotArray(other.type_word()),
            },
            Some(other) => InputList::NotArray(loose::input(Some(other)).type_word()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document `{ x, list }` read as the options' readers read theirs.
    fn doc(json: &str) -> (Input, InputList<Input>) {
        let tree: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
        (loose::input(tree.get("x")), InputList::read(tree.get("list"), |m| loose::input(m.get("a"))))
    }

    #[test]
    fn any_value_is_read_with_its_type() {
        let marker = |word: &str| format!(r#"{{"x":["{}","{word}"]}}"#, TYPE_MARKER.replace('\0', "\\u0000"));
        for (json, expected) in [
            (r#"{}"#.to_owned(), Input::Missing),
            (r#"{"x":null}"#.to_owned(), Input::Other("null")),
            (r#"{"x":"s"}"#.to_owned(), Input::Str("s".into())),
            (r#"{"x":-1.5}"#.to_owned(), Input::Num(-1.5)),
            (r#"{"x":18446744073709551615}"#.to_owned(), Input::Num(18446744073709551615.0)),
            (r#"{"x":true}"#.to_owned(), Input::Bool(true)),
            (r#"{"x":[1,{"a":2}]}"#.to_owned(), Input::Other("array")),
            (r#"{"x":{"a":[1]}}"#.to_owned(), Input::Other("object")),
            (marker("function"), Input::Other("function")),
            (marker("bigint"), Input::Other("bigint")),
            (marker("Widget"), Input::Other("object")),
            (marker("Date"), Input::Other("Date")),
            (marker(NESTED), Input::Other("an object nested too deep (over 8 levels or 20,000 values)")),
            (marker(LONE_SURROGATE), Input::BadUnicode),
            (marker("Infinity"), Input::Num(f64::INFINITY)),
            (marker("-Infinity"), Input::Num(f64::NEG_INFINITY)),
        ] {
            assert_eq!(doc(&json).0, expected, "{json}");
        }
        assert!(matches!(doc(&marker("NaN")).0, Input::Num(n) if n.is_nan()));
        // Through serde too (the UserSig options' fields).
        let read = |json: &str| serde_json::from_str::<Input>(json).unwrap_or(Input::Missing);
        assert_eq!(read(r#"["\u0000tencent-chat-admin:js-type","symbol"]"#), Input::Other("symbol"));
        assert_eq!(read("7"), Input::Num(7.0));
    }

    #[test]
    fn lists_keep_objects_and_mark_the_rest() {
        let (_, list) = doc(r#"{"list":[{"a":"x"},null,3,"s",[],{}]}"#);
        assert_eq!(
            list,
            InputList::Items(vec![Some(Input::Str("x".into())), None, None, None, None, Some(Input::Missing)])
        );
        assert_eq!(doc(r#"{"list":[]}"#).1, InputList::Items(vec![]));
        assert_eq!(doc(r#"{}"#).1, InputList::Missing);
        for (json, word) in [(r#"{"list":{}}"#, "object"), (r#"{"list":null}"#, "null"), (r#"{"list":"s"}"#, "string")]
        {
            assert_eq!(doc(json).1, InputList::NotArray(word), "{json}");
        }
        let marked = |w: &str| format!(r#"{{"list":["{}","{w}"]}}"#, TYPE_MARKER.replace('\0', "\\u0000"));
        assert_eq!(doc(&marked("function")).1, InputList::NotArray("function"));
        assert_eq!(doc(&marked(LONE_SURROGATE)).1, InputList::NotArray("string"));
    }
}
