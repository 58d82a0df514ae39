//! Scrubbing secrets out of text that reaches a caller (the service's `ErrorInfo`, a fetch error).

/// `text` with every occurrence of each non-empty secret replaced by `REDACTED`. A plain byte scan:
/// a UTF-8 needle can only match at character boundaries, so the result stays valid UTF-8.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.as_bytes().to_vec();
    for needle in secrets.iter().map(|s| s.as_bytes()).filter(|s| !s.is_empty()) {
        let mut scrubbed = Vec::with_capacity(out.len());
        let mut i = 0;
        while i < out.len() {
            if out[i..].starts_with(needle) {
                scrubbed.extend_from_slice(b"REDACTED");
                i += needle.len();
            } else {
                scrubbed.push(out[i]);
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
    fn replaces_every_occurrence_of_every_secret() {
        assert_eq!(redact("a sig x sig, key", &["sig", "key", ""]), "a REDACTED x REDACTED, REDACTED");
        assert_eq!(redact("管理员 sig管", &["管"]), "REDACTED理员 sigREDACTED");
        assert_eq!(redact("nothing here", &[]), "nothing here");
        assert_eq!(redact("aaa", &["aa"]), "REDACTEDa");
    }
}
