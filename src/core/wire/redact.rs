//! Scrubbing secrets out of text that reaches a caller (the service's `ErrorInfo`, a fetch error).

/// Secrets shorter than this are not looked for: a console key is 64 characters and a UserSig a few hundred,
/// while a test key such as `k` would match inside ordinary words ("checREDACTED").
pub const MIN_SECRET_BYTES: usize = 8;

/// Whether `b` may be part of a secret's text (the UserSig alphabet, which covers a console key's hex).
fn secret_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'_')
}

/// `text` with every whole occurrence of each secret at least [`MIN_SECRET_BYTES`] long replaced by `REDACTED`:
/// an occurrence counts when the characters on either side could not be part of it (so the secret is the whole
/// value there, as in `usersig=…&`). A plain byte scan: a UTF-8 needle can only match at character boundaries,
/// so the result stays valid UTF-8.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.as_bytes().to_vec();
    for needle in secrets.iter().map(|s| s.as_bytes()).filter(|s| s.len() >= MIN_SECRET_BYTES) {
        let mut scrubbed = Vec::with_capacity(out.len());
        let mut i = 0;
        while let (Some(&byte), Some(rest)) = (out.get(i), out.get(i..)) {
            let end = i + needle.len();
            let whole = rest.starts_with(needle)
                && i.checked_sub(1).and_then(|before| out.get(before)).is_none_or(|b| !secret_byte(*b))
                && out.get(end).is_none_or(|b| !secret_byte(*b));
            if whole {
                scrubbed.extend_from_slice(b"REDACTED");
                i = end;
            } else {
                scrubbed.push(byte);
                i += 1;
            }
        }
        out = scrubbed;
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn replaces_every_whole_occurrence_of_every_secret() {
        let (sig, key) = ("eJyrSECRET", "5bd2850fff3e");
        let text = format!("a {sig} x {sig}, {key}&usersig={sig}");
        assert_eq!(redact(&text, &[sig, key, ""]), "a REDACTED x REDACTED, REDACTED&usersig=REDACTED");
        assert_eq!(redact("管理员 sig管理员管理员", &["管理员"]), "REDACTED sig管理员REDACTED");
        assert_eq!(redact("nothing here", &[]), "nothing here");
    }

    #[test]
    fn leaves_short_strings_and_parts_of_longer_words() {
        assert_eq!(redact("signature check failed", &["k", "check"]), "signature check failed");
        assert_eq!(redact("xeJyrSECRET eJyrSECRETs", &["eJyrSECRET"]), "xeJyrSECRET eJyrSECRETs");
    }
}
