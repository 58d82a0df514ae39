//! Client options: read, checked and defaulted in one place.

use crate::core::call::credentials::check_decodes;
use crate::core::call::limits::{MAX_DELAY_MS, MIN_DELAY_MS, RETRIES, TIMEOUT_MS};
use crate::core::call::retry::RetryPolicy;
use crate::core::error::{Error, Result};
pub use crate::core::input::keys::check_keys;
use crate::core::input::keys::names;
use crate::core::input::loose::input;
use crate::core::input::tree::Value;
use crate::core::input::Input;
use crate::core::wire::ids::check_user_id;
pub use crate::core::wire::ids::sdk_app_id;
use crate::core::wire::region::{Endpoint, Region};
use serde::de::{Deserialize, Deserializer};

/// Default time a call may take before it is aborted.
pub const DEFAULT_TIMEOUT_MS: u32 = TIMEOUT_MS.default as u32;

/// How the client proves it is the app's administrator.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// Signs its own UserSigs (servers and operators' machines only).
    SecretKey(String),
    /// A fixed UserSig; the caller renews it by making a new client.
    UserSig(String),
    /// The caller's function is asked for a UserSig when one is needed.
    Provider,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Credential::SecretKey(_) => "SecretKey(REDACTED)",
            Credential::UserSig(_) => "UserSig(REDACTED)",
            Credential::Provider => "Provider",
        })
    }
}

/// `retry` as given: `false`, `true`, a number of retries, or `{ retries?, minDelayMs?, maxDelayMs? }`.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum RawRetry {
    #[default]
    Missing,
    Off,
    /// A number: the retry count (as ky takes it), the delays defaulted.
    Count(f64),
    Policy(RetryFields),
    Invalid(&'static str),
}

/// The fields of a `retry` object as given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RetryFields {
    pub retries: Input,
    pub min_delay_ms: Input,
    pub max_delay_ms: Input,
}

impl RawRetry {
    /// `retry` read from the tree.
    pub fn read(v: Option<&Value>) -> RawRetry {
        match (v, input(v)) {
            (Some(Value::Object(map)), _) => RawRetry::Policy(RetryFields {
                retries: input(map.get("retries")),
                min_delay_ms: input(map.get("minDelayMs")),
                max_delay_ms: input(map.get("maxDelayMs")),
            }),
            (_, Input::Missing) | (_, Input::Bool(true)) => RawRetry::Missing,
            (_, Input::Bool(false)) => RawRetry::Off,
            (_, Input::Num(n)) => RawRetry::Count(n),
            (_, other) => RawRetry::Invalid(other.type_word()),
        }
    }
}

/// The options as the caller gave them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawOptions {
    pub sdk_app_id: Input,
    pub identifier: Input,
    pub secret_key: Input,
    pub user_sig: Input,
    pub user_sig_provider: Input,
    pub region: Input,
    pub use_backup_domain: Input,
    pub endpoint: Input,
    pub allow_insecure_http: Input,
    pub timeout_ms: Input,
    pub fetch: Input,
    pub retry: RawRetry,
}

impl RawOptions {
    /// The options' fields read from the tree (none of an object's when it is not one).
    pub fn read(v: Option<&Value>) -> RawOptions {
        let field = |key| input(v.and_then(|v| v.get(key)));
        RawOptions {
            sdk_app_id: field("sdkAppId"),
            identifier: field("identifier"),
            secret_key: field("secretKey"),
            user_sig: field("userSig"),
            user_sig_provider: field("userSigProvider"),
            region: field("region"),
            use_backup_domain: field("useBackupDomain"),
            endpoint: field("endpoint"),
            allow_insecure_http: field("allowInsecureHttp"),
            timeout_ms: field("timeoutMs"),
            fetch: field("fetch"),
            retry: RawRetry::read(v.and_then(|v| v.get("retry"))),
        }
    }
}

impl<'de> Deserialize<'de> for RawOptions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Value::deserialize(d).map(|v| RawOptions::read(Some(&v)))
    }
}

impl<'de> Deserialize<'de> for RawRetry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Value::deserialize(d).map(|v| RawRetry::read(Some(&v)))
    }
}

/// Checked options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub sdk_app_id: u64,
    pub identifier: String,
    pub credential: Credential,
    pub endpoint: Endpoint,
    pub timeout_ms: u32,
    pub retry: RetryPolicy,
    /// Whether the caller gave its own `fetch`.
    pub custom_fetch: bool,
    /// `allowInsecureHttp`: plain `http://` to a host that is not loopback is allowed.
    pub allow_insecure_http: bool,
}

impl Options {
    /// The options read from the tree: a name that is not an option (at the top or in `retry`) is refused with
    /// a suggestion, then every value is checked.
    pub fn read(v: Option<&Value>) -> Result<Options> {
        if let Some(Value::Object(map)) = v {
            check_keys(&names(map), &CLIENT_KEYS, "")?;
            if let Some(Value::Object(retry)) = map.get("retry") {
                check_keys(&names(retry), &RETRY_KEYS, "retry.")?;
            }
        }
        Options::from_raw(RawOptions::read(v))
    }

    pub fn from_raw(raw: RawOptions) -> Result<Options> {
        let sdk_app_id = sdk_app_id(raw.sdk_app_id)?;
        let identifier = raw.identifier.required_str("identifier")?;
        check_user_id("identifier", &identifier)?;
        let secret_key = raw.secret_key.optional_str("secretKey")?;
        let user_sig = raw.user_sig.optional_str("userSig")?;
        let provider = raw.user_sig_provider.optional_function("userSigProvider")?;
        let credential = match (secret_key, user_sig, provider) {
            (Some(k), None, false) => Credential::SecretKey(k),
            (None, Some(s), false) => Credential::UserSig(check_user_sig(s, sdk_app_id, &identifier)?),
            (None, None, true) => Credential::Provider,
            (None, None, false) => {
                return Err(Error::invalid("secretKey", "is required, or else userSig or userSigProvider"));
            }
            (k, s, _) => {
                // Name the second credential given.
                let (field, first) = match (k.is_some(), s.is_some()) {
                    (true, true) => ("userSig", "secretKey"),
                    (true, false) => ("userSigProvider", "secretKey"),
                    _ => ("userSigProvider", "userSig"),
                };
                let message = ["cannot be combined with ", first, ": give one of secretKey, userSig, userSigProvider"];
                return Err(Error::invalid(field, message.concat()));
            }
        };
        let mut allow_insecure_http = false;
        let endpoint = match (raw.region.optional_str("region")?, raw.endpoint.optional_str("endpoint")?) {
            (Some(_), Some(_)) => return Err(Error::invalid("endpoint", "excludes region: give one of them")),
            (Some(region), None) => {
                if !raw.allow_insecure_http.is_missing() {
                    return Err(Error::invalid("allowInsecureHttp", "goes with endpoint, not region"));
                }
                let backup = raw.use_backup_domain.optional_bool("useBackupDomain")?.unwrap_or(false);
                Endpoint::region(Region::parse(&region)?, backup)?
            }
            (None, Some(url)) => {
                if !raw.use_backup_domain.is_missing() {
                    return Err(Error::invalid("useBackupDomain", "goes with region, not endpoint"));
                }
                allow_insecure_http = raw.allow_insecure_http.optional_bool("allowInsecureHttp")?.unwrap_or(false);
                Endpoint::custom(&url, allow_insecure_http)?
            }
            (None, None) => return Err(Error::invalid("region", "or endpoint is required")),
        };
        let timeout_ms = raw
            .timeout_ms
            .optional_int("timeoutMs", TIMEOUT_MS.min, TIMEOUT_MS.max, TIMEOUT_MS.says)?
            .map_or(DEFAULT_TIMEOUT_MS, |t| t as u32);
        let custom_fetch = raw.fetch.optional_function("fetch")?;
        let retry = retry_policy(raw.retry)?;
        Ok(Options {
            sdk_app_id,
            identifier,
            credential,
            endpoint,
            timeout_ms,
            retry,
            custom_fetch,
            allow_insecure_http,
        })
    }
}

/// A fixed UserSig (white space around it trimmed) must decode as one (`usersig` 70003 otherwise, said of a
/// secret key given in its place); one that belongs to another app or administrator is refused too, before any
/// call.
fn check_user_sig(sig: String, sdk_app_id: u64, identifier: &str) -> Result<String> {
    let sig = sig.trim().to_owned();
    let claims = check_decodes("userSig", &sig)?;
    if claims.sdk_app_id != sdk_app_id {
        return Err(Error::invalid("userSig", "was made for another SDKAppID (the service would answer 70014)"));
    }
    if claims.identifier != identifier {
        return Err(Error::invalid("userSig", "was made for another identifier (the service would answer 70013)"));
    }
    Ok(sig)
}

/// The names `ChatAdmin` options may have.
pub const CLIENT_KEYS: [&str; 12] = [
    "sdkAppId",
    "identifier",
    "secretKey",
    "userSig",
    "userSigProvider",
    "region",
    "useBackupDomain",
    "endpoint",
    "allowInsecureHttp",
    "timeoutMs",
    "fetch",
    "retry",
];
/// The names per-call options may have.
pub const CALL_KEYS: [&str; 2] = ["signal", "onRetry"];
/// The names `request()`'s options may have: those, and whether its request is safe to repeat.
pub const REQUEST_CALL_KEYS: [&str; 3] = ["signal", "onRetry", "idempotent"];

/// Per-call options read from the tree: their names checked (`check_call_keys`), and `idempotent` when given.
/// `signal` and `onRetry` are JS objects, the binding's to check.
pub fn read_call(v: Option<&Value>, raw: bool) -> Result<Option<bool>> {
    let Some(Value::Object(map)) = v else { return Ok(None) };
    check_call_keys(&names(map), raw)?;
    input(map.get("idempotent")).optional_bool("idempotent")
}

/// Refuses a per-call option that is not one, saying where a client option (`timeoutMs`, `retry`) goes instead.
/// `raw`: the options of `request()`, which also take `idempotent`; every other method's repeats are its own.
pub fn check_call_keys(keys: &[String], raw: bool) -> Result<()> {
    let allowed: &[&str] = if raw { &REQUEST_CALL_KEYS } else { &CALL_KEYS };
    match keys.iter().find(|k| !allowed.contains(&k.as_str())) {
        Some(key) if CLIENT_KEYS.contains(&key.as_str()) => {
            Err(Error::invalid(key.as_str(), "is a client option, not a call's: give it to new ChatAdmin()"))
        }
        Some(key) if key == "idempotent" => Err(Error::invalid("idempotent", "is an option of request() only")),
        _ => check_keys(keys, allowed, ""),
    }
}

/// The names a `retry` object may have.
pub const RETRY_KEYS: [&str; 3] = ["retries", "minDelayMs", "maxDelayMs"];

/// Checks `retry`; the bounds keep a misconfigured client from waiting for hours.
pub fn retry_policy(raw: RawRetry) -> Result<RetryPolicy> {
    let default = RetryPolicy::default();
    let counted = matches!(raw, RawRetry::Count(_));
    let (retries, min, max) = match raw {
        RawRetry::Missing => return Ok(default),
        RawRetry::Off => return Ok(RetryPolicy::OFF),
        RawRetry::Invalid(t) => {
            return Err(Error::invalid(
                "retry",
                ["must be true, false, a number of retries or { retries, minDelayMs, maxDelayMs }, not ", t].concat(),
            ))
        }
        RawRetry::Count(n) => (Input::Num(n), Input::Missing, Input::Missing),
        RawRetry::Policy(RetryFields { retries, min_delay_ms, max_delay_ms }) => (retries, min_delay_ms, max_delay_ms),
    };
    let field = if counted { "retry" } else { "retry.retries" };
    let retries =
        retries.optional_int(field, RETRIES.min, RETRIES.max, RETRIES.says)?.map_or(default.retries, |n| n as u32);
    let min = min
        .optional_int("retry.minDelayMs", MIN_DELAY_MS.min, MIN_DELAY_MS.max, MIN_DELAY_MS.says)?
        .map_or(default.min_delay_ms, |n| n as u32);
    let max = max
        .optional_int("retry.maxDelayMs", MAX_DELAY_MS.min, MAX_DELAY_MS.max, MAX_DELAY_MS.says)?
        .map_or(default.max_delay_ms.max(min), |n| n as u32);
    if max < min {
        return Err(Error::invalid("retry.maxDelayMs", "must not be below retry.minDelayMs"));
    }
    Ok(RetryPolicy { retries, min_delay_ms: min, max_delay_ms: max })
}
