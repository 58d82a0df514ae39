//! Caller input before validation, as loosely typed as JS values are, so that every rule about types lives in
//! the pure core and is tested natively. Each type here deserializes from anything (serde's `deserialize_any`):
//! the binding reads JS values into them with serde-wasm-bindgen, the tests with serde_json.
//!
//! A JS value that serde's data model cannot carry faithfully (a function, a symbol, a bigint, an object other
//! than a plain one or an array, a string holding a lone UTF-16 surrogate) reaches the core as the two-element
//! sequence `[TYPE_MARKER, word]`, written by the binding's snapshot of the caller's value
//! (`src/wasm/snapshot.rs`), so that it is still refused with its type's name.

pub mod keys;
pub mod loose;
pub mod tree;

use crate::core::error::{Error, Result};
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// The first element of a sequence that stands for a JS value of another type (see the module docs).
pub const TYPE_MARKER: &str = "\u{0}tencent-chat-admin:js-type";
/// The word of a marker for a string that is not valid Unicode.
pub const LONE_SURROGATE: &str = "lone-surrogate";

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

/// The first element of a sequence: the marker, or anything else (skipped).
struct First(bool);

impl<'de> Deserialize<'de> for First {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(FirstVisitor).map(First)
    }
}

struct FirstVisitor;

impl<'de> Visitor<'de> for FirstVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<bool, E> {
        Ok(s == TYPE_MARKER)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<bool, E> {
        Ok(false)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<bool, E> {
        Ok(false)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<bool, E> {
        Ok(false)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<bool, E> {
        Ok(false)
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> std::result::Result<bool, E> {
        Ok(false)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
}

/// The word of a marker, read from its sequence (`Some`), or `None` for a genuine array; either way the
/// sequence is read to its end.
fn marker<'de, A: SeqAccess<'de>>(mut seq: A) -> std::result::Result<Option<&'static str>, A::Error> {
    let word = match seq.next_element::<First>()? {
        Some(First(true)) => Some(seq.next_element::<String>()?.unwrap_or_default()),
        _ => None,
    };
    drain(seq)?;
    Ok(word.map(|w| if w == LONE_SURROGATE { LONE_SURROGATE } else { type_word(&w) }))
}

fn drain<'de, A: SeqAccess<'de>>(mut seq: A) -> std::result::Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

struct InputVisitor;

impl<'de> Visitor<'de> for InputVisitor {
    type Value = Input;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> std::result::Result<Input, E> {
        Ok(Input::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> std::result::Result<Input, E> {
        Ok(Input::Num(n as f64))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> std::result::Result<Input, E> {
        Ok(Input::Num(n as f64))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> std::result::Result<Input, E> {
        Ok(Input::Num(n))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<Input, E> {
        Ok(Input::Str(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> std::result::Result<Input, E> {
        Ok(Input::Str(s))
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<Input, E> {
        Ok(Input::Other("null"))
    }

    fn visit_none<E: de::Error>(self) -> std::result::Result<Input, E> {
        Ok(Input::Other("null"))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Input, D::Error> {
        Input::deserialize(d)
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> std::result::Result<Input, E> {
        Ok(Input::Other("object"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<Input, A::Error> {
        Ok(match marker(seq)? {
            Some(LONE_SURROGATE) => Input::BadUnicode,
            Some(word) => Input::Other(word),
            None => Input::Other("array"),
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Input, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Input::Other("object"))
    }
}

impl<'de> Deserialize<'de> for Input {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(InputVisitor)
    }
}

/// One item of a list: an object read as `T`, or anything else (`None`), or a type marker's first element.
enum Item<T> {
    Object(T),
    NotObject,
    Marker,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(ItemVisitor(PhantomData))
    }
}

struct ItemVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ItemVisitor<T> {
    type Value = Item<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Item<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Item::Object)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<Item<T>, E> {
        Ok(if s == TYPE_MARKER { Item::Marker } else { Item::NotObject })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<Item<T>, A::Error> {
        drain(seq).map(|_| Item::NotObject)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<Item<T>, E> {
        Ok(Item::NotObject)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<Item<T>, E> {
        Ok(Item::NotObject)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<Item<T>, E> {
        Ok(Item::NotObject)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<Item<T>, E> {
        Ok(Item::NotObject)
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<Item<T>, E> {
        Ok(Item::NotObject)
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> std::result::Result<Item<T>, E> {
        Ok(Item::NotObject)
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = InputList<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<InputList<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        match seq.next_element::<Item<T>>()? {
            Some(Item::Marker) => {
                let word = seq.next_element::<String>()?.unwrap_or_default();
                drain(seq)?;
                let word = if word == LONE_SURROGATE { "string" } else { type_word(&word) };
                return Ok(InputList::NotArray(word));
            }
            Some(first) => items.push(first),
            None => {}
        }
        while let Some(item) = seq.next_element::<Item<T>>()? {
            items.push(item);
        }
        Ok(InputList::Items(
            items
                .into_iter()
                .map(|item| match item {
                    Item::Object(t) => Some(t),
                    Item::NotObject | Item::Marker => None,
                })
                .collect(),
        ))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<InputList<T>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(InputList::NotArray("object"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<InputList<T>, E> {
        Ok(InputList::NotArray("boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<InputList<T>, E> {
        Ok(InputList::NotArray("number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<InputList<T>, E> {
        Ok(InputList::NotArray("number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<InputList<T>, E> {
        Ok(InputList::NotArray("number"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> std::result::Result<InputList<T>, E> {
        Ok(InputList::NotArray("string"))
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<InputList<T>, E> {
        Ok(InputList::NotArray("null"))
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> std::result::Result<InputList<T>, E> {
        Ok(InputList::NotArray("object"))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for InputList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(ListVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        #[serde(default)]
        a: Input,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Doc {
        #[serde(default)]
        x: Input,
        #[serde(default)]
        list: InputList<Item>,
    }

    fn doc(json: &str) -> Doc {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
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
        ] {
            assert_eq!(doc(&json).x, expected, "{json}");
        }
    }

    #[test]
    fn lists_keep_objects_and_mark_the_rest() {
        let d = doc(r#"{"list":[{"a":"x"},null,3,"s",[],{}]}"#);
        let a = Item { a: Input::Str("x".into()) };
        assert_eq!(d.list, InputList::Items(vec![Some(a), None, None, None, None, Some(Item { a: Input::Missing })]));
        assert_eq!(doc(r#"{"list":[]}"#).list, InputList::Items(vec![]));
        assert_eq!(doc(r#"{}"#).list, InputList::Missing);
        for (json, word) in [(r#"{"list":{}}"#, "object"), (r#"{"list":null}"#, "null"), (r#"{"list":"s"}"#, "string")]
        {
            assert_eq!(doc(json).list, InputList::NotArray(word), "{json}");
        }
        let marked = format!(r#"{{"list":["{}","function"]}}"#, TYPE_MARKER.replace('\0', "\\u0000"));
        assert_eq!(doc(&marked).list, InputList::NotArray("function"));
    }
}
