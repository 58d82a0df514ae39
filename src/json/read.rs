//! A strict RFC 8259 reader into a small tree. Numbers keep only what we use: integers exactly (within
//! `i64`), anything else as an opaque number, so no float parsing is compiled in. Nesting is bounded,
//! so no input can exhaust the stack.

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// Any other number (fraction, exponent or out of range); its value is not kept.
    Number,
    Str(String),
    Array(Vec<Value>),
    /// Members in document order; duplicates are kept and [`Value::get`] returns the last, as `JSON.parse` does.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object (the last one when repeated).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        self.as_i64().and_then(|n| u64::try_from(n).ok())
    }
}

const MAX_DEPTH: u32 = 32;

/// Parses a whole JSON text (surrounding white space allowed); `None` if it is not valid JSON.
pub fn parse(text: &str) -> Option<Value> {
    let mut p = Parser { bytes: text.as_bytes(), at: 0 };
    let value = p.value(0)?;
    p.space();
    (p.at == p.bytes.len()).then_some(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, literal: &[u8]) -> Option<()> {
        let end = self.at.checked_add(literal.len())?;
        (self.bytes.get(self.at..end)? == literal).then(|| self.at = end)
    }

    fn value(&mut self, depth: u32) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.space();
        match self.peek()? {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => self.string().map(Value::Str),
            b't' => self.eat(b"true").map(|_| Value::Bool(true)),
            b'f' => self.eat(b"false").map(|_| Value::Bool(false)),
            b'n' => self.eat(b"null").map(|_| Value::Null),
            _ => self.number(),
        }
    }

    fn object(&mut self, depth: u32) -> Option<Value> {
        self.at += 1;
        let mut members = Vec::new();
        self.space();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(Value::Object(members));
        }
        loop {
            self.space();
            let key = self.string()?;
            self.space();
            (self.bump()? == b':').then_some(())?;
            members.push((key, self.value(depth + 1)?));
            self.space();
            match self.bump()? {
                b',' => continue,
                b'}' => return Some(Value::Object(members)),
                _ => return None,
            }
        }
    }

    fn array(&mut self, depth: u32) -> Option<Value> {
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.space();
            match self.bump()? {
                b',' => continue,
                b']' => return Some(Value::Array(items)),
                _ => return None,
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for _ in 0..4 {
            n = n * 16 + char::from(self.bump()?).to_digit(16)?;
        }
        Some(n)
    }

    fn string(&mut self) -> Option<String> {
        (self.bump()? == b'"').then_some(())?;
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control byte in one go.
            let start = self.at;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            // The input is a &str and the run stops only at ASCII bytes, so it is valid UTF-8.
            out.push_str(std::str::from_utf8(&self.bytes[start..self.at]).ok()?);
            match self.bump()? {
                b'"' => return Some(out),
                b'\\' => {
                    let c = match self.bump()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    out.push(c);
                }
                _ => return None,
            }
        }
    }

    /// The character of `\uXXXX` (the `\u` already read), joining surrogate pairs; a lone surrogate,
    /// which JS strings allow but Rust's do not, becomes U+FFFD.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xd800..0xdc00).contains(&first) && self.bytes.get(self.at..self.at + 2) == Some(b"\\u") {
            let save = self.at;
            self.at += 2;
            let second = self.hex4()?;
            if (0xdc00..0xe000).contains(&second) {
                return char::from_u32(0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00));
            }
            self.at = save;
        }
        Some(char::from_u32(first).unwrap_or('\u{fffd}'))
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Option<Value> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let int_start = self.at;
        let int_len = self.digits();
        if int_len == 0 || (int_len > 1 && self.bytes[int_start] == b'0') {
            return None;
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            (self.digits() > 0).then_some(())?;
            integer = false;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            (self.digits() > 0).then_some(())?;
            integer = false;
        }
        if !integer {
            return Some(Value::Number);
        }
        let mut n: i64 = 0;
        for &d in &self.bytes[int_start..self.at] {
            let digit = i64::from(d - b'0');
            let next =
                n.checked_mul(10).and_then(|n| if negative { n.checked_sub(digit) } else { n.checked_add(digit) });
            match next {
                Some(v) => n = v,
                None => return Some(Value::Number),
            }
        }
        Some(Value::Int(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind() {
        let Some(v) = parse(r#" {"a":[1,-2,3.5,1e3,true,false,null,"x"],"b":{"c":"d"},"a":0} "#) else {
            panic!("no parse")
        };
        assert_eq!(v.get("a"), Some(&Value::Int(0)));
        assert_eq!(v.get("b").and_then(|b| b.get("c")).and_then(Value::as_str), Some("d"));
        let Value::Object(members) = &v else { panic!() };
        assert_eq!(
            members[0].1,
            Value::Array(vec![
                Value::Int(1),
                Value::Int(-2),
                Value::Number,
                Value::Number,
                Value::Bool(true),
                Value::Bool(false),
                Value::Null,
                Value::Str("x".into())
            ])
        );
    }

    #[test]
    fn strings_and_escapes() {
        let v = parse(r#""a\"\\\/\b\f\n\r\t\u0041\u00e9\ud83d\ude00\ud800x管""#);
        assert_eq!(v.as_ref().and_then(Value::as_str), Some("a\"\\/\u{8}\u{c}\n\r\tAé😀\u{fffd}x管"));
        for bad in [r#""\x""#, "\"a\u{1}\"", r#""\u12""#, r#""abc"#, r#""\ud83d\u00""#] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn integers_exact_and_bounds() {
        assert_eq!(parse("9223372036854775807"), Some(Value::Int(i64::MAX)));
        assert_eq!(parse("-9223372036854775808"), Some(Value::Int(i64::MIN)));
        assert_eq!(parse("9223372036854775808"), Some(Value::Number));
        assert_eq!(parse("-0"), Some(Value::Int(0)));
        assert_eq!(Value::Int(-1).as_u64(), None);
    }

    #[test]
    fn rejects_what_json_rejects() {
        for bad in [
            "",
            " ",
            "{",
            "}",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "tru",
            "nul",
            "[1 2]",
            "{\"a\" 1}",
            "1 2",
            "'a'",
            "NaN",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep), None);
        let ok = "[".repeat(32) + &"]".repeat(32);
        assert!(parse(&ok).is_some());
    }
}
