//! A JSON tree as small as the methods need: the caller's requests (read from JS through `JSON.stringify`) and
//! the service's answers, read by serde_json. Objects keep their keys in order in a plain list: a request has a
//! handful of keys, and a sorted map would cost the page more code than it saves time.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON object's members, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Map(pub Vec<(String, Value)>);

impl Map {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Sets `key`, replacing a member of that name (which moves to the end).
    pub fn insert(&mut self, key: String, value: Value) {
        self.0.retain(|(k, _)| *k != key);
        self.0.push((key, value));
    }

    /// The object of `members` in the order read, as [`Map::insert`] one by one would make it but in
    /// O(n log n): a repeated key keeps its last value, at the place of its last occurrence. (An answer with
    /// 10^5 keys would cost inserting one by one 5·10^9 comparisons.)
    pub fn from_members(mut members: Vec<(String, Value)>) -> Map {
        if members.len() < 2 {
            return Map(members);
        }
        let replaced = replaced_earlier(members.iter().map(|(k, _)| k.as_str()).collect());
        let mut replaced = replaced.into_iter();
        members.retain(|_| !replaced.next().unwrap_or(false));
        Map(members)
    }
}

/// For each of `keys`, whether a later key equals it, in O(n log n) comparisons whatever the keys. A heap sort:
/// std's slice sorts cost a page 2 KB more (gzip), for speed no object here needs.
fn replaced_earlier<K: Ord>(keys: Vec<K>) -> Vec<bool> {
    let mut replaced = vec![false; keys.len()];
    let order: Vec<(K, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
    let order = std::collections::BinaryHeap::from(order).into_sorted_vec();
    // Sorted by key, then by place: of two neighbours with one key, the first is replaced by a later one.
    for pair in order.windows(2) {
        if let [(a, i), (b, _)] = pair {
            if a == b {
                if let Some(flag) = replaced.get_mut(*i) {
                    *flag = true;
                }
            }
        }
    }
    replaced
}

impl Value {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(map) => map.get(key),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// An integral number a JS number holds exactly.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0 => Some(*n as i64),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value, E> {
        Ok(Value::Number(n))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry::<String, Value>()? {
            members.push(member);
        }
        Ok(Value::Object(Map::from_members(members)))
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => match self.as_i64() {
                Some(i) => s.serialize_i64(i),
                None => s.serialize_f64(*n),
            },
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(map) => {
                let mut out = s.serialize_map(Some(map.0.len()))?;
                for (k, v) in &map.0 {
                    out.serialize_entry(k, v)?;
                }
                out.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_json_in_order() {
        let text = r#"{"b":[1,-2.5,true,null,"s"],"a":{"x":{}},"b2":9007199254740993}"#;
        let v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        assert_eq!(v.get("b").and_then(|b| b.as_array()).map(Vec::len), Some(5));
        assert_eq!(v.get("b2").and_then(Value::as_i64), None, "past 2^53 is not an exact integer");
        let written = serde_json::to_string(&v).unwrap_or_default();
        assert_eq!(written, r#"{"b":[1,-2.5,true,null,"s"],"a":{"x":{}},"b2":9007199254740992.0}"#);
        let repeated: Value = serde_json::from_str(r#"{"a":1,"a":2}"#).unwrap_or(Value::Null);
        assert_eq!(repeated, Value::Object(Map(vec![("a".into(), Value::Number(2.0))])));
    }

    fn members(pairs: &[(&str, f64)]) -> Value {
        Value::Object(Map(pairs.iter().map(|(k, n)| ((*k).to_owned(), Value::Number(*n))).collect()))
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_at_its_last_place() {
        let read = |text: &str| serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
        let text = r#"{"a":1,"b":2,"a":3,"c":4,"b":5,"d":{"x":1,"x":2,"y":3}}"#;
        let mut expected = members(&[("a", 3.0), ("c", 4.0), ("b", 5.0)]);
        if let Value::Object(map) = &mut expected {
            map.0.push(("d".into(), members(&[("x", 2.0), ("y", 3.0)])));
        }
        assert_eq!(read(text), expected);
        assert_eq!(read(r#"{"k":1,"k":2,"k":3}"#), members(&[("k", 3.0)]));
        assert_eq!(read(r#"{"":1,"z":2,"":3}"#), members(&[("z", 2.0), ("", 3.0)]));
        assert_eq!(read("{}"), members(&[]));
    }

    /// A key that counts how often it is compared.
    #[derive(Debug)]
    struct Counted<'a>(u32, &'a std::cell::Cell<u64>);
    impl PartialEq for Counted<'_> {
        fn eq(&self, other: &Self) -> bool {
            self.cmp(other) == std::cmp::Ordering::Equal
        }
    }
    impl Eq for Counted<'_> {}
    impl PartialOrd for Counted<'_> {
        fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Counted<'_> {
        fn cmp(&self, other: &Self) -> std::cmp::Ordering {
            self.1.set(self.1.get() + 1);
            self.0.cmp(&other.0)
        }
    }

    #[test]
    fn repeated_keys_are_found_in_n_log_n_comparisons() {
        // Inserting key by key compared each key with every earlier one: n²/2 (8·10^8 here, 5·10^9 for 10^5 keys). Counted,
        // not timed: at most 4·n·log2(n) comparisons (a heap sort does about 2·n·log2(n)).
        const N: u32 = 20_000;
        let count = std::cell::Cell::new(0);
        // Every key twice, the second copy later: the first of each pair is replaced.
        let keys: Vec<Counted> = (0..N).chain(0..N).map(|k| Counted(k, &count)).collect();
        let replaced = replaced_earlier(keys);
        assert_eq!(replaced.iter().filter(|r| **r).count(), N as usize);
        assert!(replaced.iter().take(N as usize).all(|r| *r), "the first copies are replaced");
        assert!(replaced.iter().skip(N as usize).all(|r| !*r), "the last copies stay");
        let n = f64::from(2 * N);
        let bound = (4.0 * n * n.log2()) as u64;
        assert!(count.get() <= bound, "{} comparisons for {} keys (at most {bound})", count.get(), 2 * N);
    }

    #[test]
    fn an_object_of_a_hundred_thousand_keys_is_read_in_n_log_n() {
        // The whole object read through serde, as an answer is (the comparisons are counted in the test above).
        const N: usize = 100_000;
        let text = ["{", &(0..N).map(|i| format!("\"key{i}\":{i}")).collect::<Vec<_>>().join(","), "}"].concat();
        let read = serde_json::from_str::<Value>(&text).unwrap_or(Value::Null);
        let Value::Object(map) = read else { panic!("not an object") };
        assert_eq!(map.0.len(), N);
        for i in [0, 1, 99, 50_000, N - 1] {
            assert_eq!(map.0.get(i), Some(&(format!("key{i}"), Value::Number(i as f64))), "{i}");
        }
        assert_eq!(map.get("key77777"), Some(&Value::Number(77777.0)));
    }
}
