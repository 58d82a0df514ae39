//! Refusing names a caller gave that nothing reads (an option, a request field), with a suggestion: a
//! misspelt or borrowed name would otherwise be ignored without a word.

use crate::core::error::{Error, Result};
use crate::core::input::tree::Map;

/// Names other libraries use (ky, octokit, Stripe, the AWS SDK, the official UserSig libraries), each with
/// ours; checked before the shared-prefix guess, and used only where ours is a name of the object checked.
const ALIASES: [(&str, &str); 11] = [
    ("maxRetries", "retry"),
    ("retries", "retry"),
    ("limit", "retries"),
    ("appId", "sdkAppId"),
    ("sdkappid", "sdkAppId"),
    ("key", "secretKey"),
    ("secret", "secretKey"),
    ("userId", "identifier"),
    ("admin", "identifier"),
    ("time", "now"),
    ("expireSeconds", "expire"),
];

/// The name of `known` a caller probably meant by `key`: a known alias, or else the name that shares its first
/// four letters or more, or all of a shorter name's (`sett` for `set`), case aside.
pub fn suggestion(key: &str, known: &[&'static str]) -> Option<&'static str> {
    let alias = ALIASES.iter().find(|(alias, _)| *alias == key).map(|(_, ours)| *ours);
    if let Some(ours) = alias.and_then(|ours| known.iter().copied().find(|k| *k == ours)) {
        return Some(ours);
    }
    let shared = |k: &str| k.bytes().zip(key.bytes()).take_while(|(a, b)| a.eq_ignore_ascii_case(b)).count();
    known.iter().copied().max_by_key(|k| shared(k)).filter(|k| shared(k) >= k.len().min(4))
}

/// Refuses the first of `keys` that is not in `known`, saying it "is not `noun`" and suggesting a name.
/// `prefix` goes before the name in the error's field and in the suggestion (`retry.` for a `retry` object).
pub fn check_names(keys: &[String], known: &[&'static str], prefix: &str, noun: &str) -> Result<()> {
    let Some(key) = keys.iter().find(|k| !known.contains(&k.as_str())) else { return Ok(()) };
    let message = match suggestion(key, known) {
        Some(guess) => ["is not ", noun, "; did you mean ", prefix, guess, "?"].concat(),
        None => ["is not ", noun].concat(),
    };
    Err(Error::invalid([prefix, key].concat(), message))
}

/// The keys of an object of the tree, for the checks above.
pub fn names(map: &Map) -> Vec<String> {
    map.keys().cloned().collect()
}

/// Refuses a name that is not an option (`timeout` for `timeoutMs`, say), with a suggestion.
pub fn check_keys(keys: &[String], known: &[&'static str], prefix: &str) -> Result<()> {
    check_names(keys, known, prefix, "an option")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIENT: [&str; 5] = ["sdkAppId", "identifier", "secretKey", "retry", "timeoutMs"];

    #[test]
    fn borrowed_names_get_ours_before_a_guess() {
        for (given, ours) in [
            ("maxRetries", Some("retry")),
            ("retries", Some("retry")),
            ("appId", Some("sdkAppId")),
            ("sdkappid", Some("sdkAppId")),
            ("key", Some("secretKey")),
            ("secret", Some("secretKey")),
            ("userId", Some("identifier")),
            ("admin", Some("identifier")),
            ("timeout", Some("timeoutMs")),
            ("time", Some("timeoutMs")),
            ("colour", None),
        ] {
            assert_eq!(suggestion(given, &CLIENT), ours, "{given}");
        }
        assert_eq!(suggestion("limit", &["retries", "minDelayMs"]), Some("retries"));
        assert_eq!(suggestion("time", &["now", "expire"]), Some("now"));
    }

    #[test]
    fn the_error_names_the_field_and_the_suggestion_with_its_prefix() {
        let keys = |list: &[&str]| list.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        let err = check_keys(&keys(&["limit"]), &["retries"], "retry.").err();
        let err = err.map(|e| (e.field, e.message));
        assert_eq!(
            err,
            Some((Some("retry.limit".into()), "retry.limit is not an option; did you mean retry.retries?".into()))
        );
        let err = check_names(&keys(&["sdkAppId", "userId"]), &CLIENT, "", "a field").err().map(|e| e.message);
        assert_eq!(err.as_deref(), Some("userId is not a field; did you mean identifier?"));
        assert!(check_keys(&keys(&["sdkAppId"]), &CLIENT, "").is_ok());
    }
}
