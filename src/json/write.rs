//! Writing JSON by hand where the shape is fixed: key order matters for byte-exact UserSigs, and a
//! few string pushes cost far fewer bytes in wasm than a serializer.

/// Appends `s` as a JSON string literal, escaped exactly as `JSON.stringify` does.
pub fn push_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let b = c as usize;
                out.push_str("\\u00");
                out.push(HEX[b >> 4] as char);
                out.push(HEX[b & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `"key":` to `out`; keys are fixed ASCII names that need no escaping.
pub fn push_key(out: &mut String, key: &str) {
    out.push('"');
    out.push_str(key);
    out.push_str("\":");
}

/// Appends an unsigned integer in decimal.
pub fn push_u64(out: &mut String, n: u64) {
    out.push_str(decimal(&mut [0; 20], n));
}

/// `n` in decimal, written into the end of `buf` (20 digits hold any `u64`).
pub fn decimal(buf: &mut [u8; 20], mut n: u64) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits, so never the empty default.
    std::str::from_utf8(&buf[i..]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_json_stringify() {
        let mut s = String::new();
        push_str(&mut s, "a\"b\\c\n\u{1}\u{1f}é管/");
        assert_eq!(s, r#""a\"b\\c\n\u0001\u001fé管/""#);
    }

    #[test]
    fn writes_numbers() {
        let mut s = String::new();
        push_u64(&mut s, 0);
        s.push(',');
        push_u64(&mut s, 18446744073709551615);
        assert_eq!(s, "0,18446744073709551615");
    }
}
