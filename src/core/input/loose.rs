//! Fields of the caller's arguments, read from the loose JSON tree ([`Value`]) into which each argument is parsed
//! once (the binding's `src/wasm/read.js` writes the JSON text, the tests write it by hand). Every reader here
//! names the field path of what it refuses and refuses keys it does not know, so nothing the caller passes is
//! ignored.

use crate::core::error::{Error, Result};
use crate::core::input::keys::check_names;
use crate::core::input::tree::{Map, Value};
use crate::core::input::{type_word, Input, LONE_SURROGATE, TYPE_MARKER, UNDEFINED};

/// One value as the core's loose input (a marker for a JS type serde cannot carry becomes its word).
pub fn input(v: Option<&Value>) -> Input {
    match v {
        None => Input::Missing,
        Some(Value::Null) => Input::Other("null"),
        Some(Value::Bool(b)) => Input::Bool(*b),
        Some(Value::Number(n)) => Input::Num(*n),
        Some(Value::String(s)) => Input::Str(s.clone()),
        Some(Value::Array(items)) => match marker(items) {
            Some(LONE_SURROGATE) => Input::BadUnicode,
            // A key given with the value `undefined`: absent, though its name is checked.
            Some(UNDEFINED) => Input::Missing,
            // Numbers JSON cannot hold (`read.js` writes them so).
            Some("NaN") => Input::Num(f64::NAN),
            Some("Infinity") => Input::Num(f64::INFINITY),
            Some("-Infinity") => Input::Num(f64::NEG_INFINITY),
            Some(word) => Input::Other(type_word(word)),
            None => Input::Other("array"),
        },
        Some(Value::Object(_)) => Input::Other("object"),
    }
}

/// The word of a marker array (`[TYPE_MARKER, word]`), if `items` is one.
fn marker(items: &[Value]) -> Option<&str> {
    match items {
        [Value::String(m), Value::String(word)] if m == TYPE_MARKER => Some(word),
        _ => None,
    }
}

/// `path` and `key` joined as a field path (`marks[2].conversation`).
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        [path, ".", key].concat()
    }
}

/// `path[i]`.
pub fn index(path: &str, i: usize) -> String {
    [path, "[", &i.to_string(), "]"].concat()
}

/// An object of a request, its keys checked, and where it stands (`""` at the top).
pub struct Obj<'a> {
    map: &'a Map,
    pub path: String,
}

impl<'a> Obj<'a> {
    /// `v` as an object with only `known` keys; `shape` says what is expected (`{ fromAccount, name }`).
    pub fn new(v: Option<&'a Value>, path: &str, known: &[&'static str], shape: &str) -> Result<Obj<'a>> {
        let field = if path.is_empty() { "request" } else { path };
        let map = match v {
            Some(Value::Object(map)) => map,
            None => return Err(Error::invalid(field, "is required")),
            other => {
                let word = input(other).type_word();
                return Err(Error::invalid(field, ["must be an object ", shape, ", not ", word].concat()));
            }
        };
        let keys: Vec<String> = map.keys().cloned().collect();
        let prefix = if path.is_empty() { String::new() } else { [path, "."].concat() };
        let object = shape.find('}').and_then(|end| shape.get(..=end)).unwrap_or(shape);
        check_names(&keys, known, &prefix, &["a field of ", object].concat())?;
        Ok(Obj { map, path: path.to_owned() })
    }

    /// `map` at `path`, its keys already checked.
    pub fn of(map: &'a Map, path: &str) -> Obj<'a> {
        Obj { map, path: path.to_owned() }
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    pub fn field(&self, key: &str) -> String {
        join(&self.path, key)
    }

    pub fn input(&self, key: &str) -> Input {
        input(self.get(key))
    }

    /// A required non-empty string.
    pub fn str(&self, key: &str) -> Result<String> {
        self.input(key).required_str(&self.field(key))
    }

    /// An optional non-empty string.
    pub fn opt_str(&self, key: &str) -> Result<Option<String>> {
        self.input(key).optional_str(&self.field(key))
    }

    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>> {
        self.input(key).optional_bool(&self.field(key))
    }

    /// An optional array of `min..=max` items; `what` names them in the message (`conversations`).
    pub fn opt_list(&self, key: &str, min: usize, max: usize, what: &str) -> Result<Option<&'a [Value]>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => list(Some(v), &self.field(key), min, max, what).map(Some),
        }
    }

    /// A required array of `min..=max` items.
    pub fn list(&self, key: &str, min: usize, max: usize, what: &str) -> Result<&'a [Value]> {
        list(self.get(key), &self.field(key), min, max, what)
    }
}

/// `v` as an array of `min..=max` items, checked before the items so that a huge list fails at once.
pub fn list<'a>(v: Option<&'a Value>, field: &str, min: usize, max: usize, what: &str) -> Result<&'a [Value]> {
    let items = match v {
        Some(Value::Array(items)) if marker(items).is_none() => items,
        None => return Err(Error::invalid(field, "is required")),
        other => return Err(Error::invalid(field, ["must be an array, not ", input(other).type_word()].concat())),
    };
    if items.len() < min {
        let (min, max, len) = (min.to_string(), max.to_string(), items.len().to_string());
        let message = ["must list ", &min, " to ", &max, " ", what, ", not ", &len].concat();
        return Err(Error::invalid(field, message));
    }
    if items.len() > max {
        return Err(Error::invalid(field, ["must list at most ", &max.to_string(), " ", what].concat()));
    }
    Ok(items)
}

/// Checks a string's UTF-8 length.
pub fn check_bytes(field: &str, s: &str, max: usize) -> Result<()> {
    if s.len() > max {
        return Err(Error::invalid(field, ["must be at most ", &max.to_string(), " bytes (UTF-8)"].concat()));
    }
    Ok(())
}

/// The service's answer as a JSON tree; a 2xx answer that is not JSON was already refused by the envelope
/// check, so this only fails on a body that is not an object.
pub fn answer(body: &str) -> Result<Value> {
    match serde_json::from_str::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(decode_error("the answer is not a JSON object")),
    }
}

/// A `decode` error about the service's answer.
pub fn decode_error(message: &str) -> Error {
    Error::new(crate::core::error::ErrorKind::Decode, message)
}

/// The items of an answer's array field (none when absent or `null`).
pub fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// An answer's integer field (0 when absent: the service leaves out zeros in places).
pub fn int(v: &Value, key: &str) -> i64 {
    v.get(key).and_then(Value::as_i64).unwrap_or(0)
}

/// An answer's string field (empty when absent).
pub fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(json: &str) -> Value {
        serde_json::from_str(json).unwrap_or(Value::Null)
    }

    #[test]
    fn objects_refuse_unknown_keys_with_a_suggestion() {
        let doc = v(r#"{"fromAccount":"a","fromAcount":"b"}"#);
        let err = Obj::new(Some(&doc), "", &["fromAccount"], "{ fromAccount }").err();
        assert_eq!(
            err.map(|e| e.message),
            Some("fromAcount is not a field of { fromAccount }; did you mean fromAccount?".into())
        );
        let nested = v(r#"{"x":{"tpye":"c2c"}}"#);
        let err = Obj::new(nested.get("x"), "marks[0].conversation", &["type"], "{ type }").err();
        assert_eq!(err.and_then(|e| e.field), Some("marks[0].conversation.tpye".into()));
    }

    #[test]
    fn markers_and_types_are_named() {
        let marked = v(&format!(r#"["{}","function"]"#, TYPE_MARKER.replace('\0', "\\u0000")));
        assert_eq!(input(Some(&marked)), Input::Other("function"));
        assert_eq!(
            list(Some(&marked), "x", 0, 1, "items").err().map(|e| e.message),
            Some("x must be an array, not function".into())
        );
        assert_eq!(input(Some(&v("[1]"))), Input::Other("array"));
        assert_eq!(input(Some(&v("null"))), Input::Other("null"));
        let err = Obj::new(Some(&v("[]")), "", &[], "{ a }").err().map(|e| e.message);
        assert_eq!(err, Some("request must be an object { a }, not array".into()));
    }
}
