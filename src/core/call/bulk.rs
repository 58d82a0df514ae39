//! Options of a bulk run: how fast, how many at once, how often to report progress (and each item's result).

pub use crate::core::call::limits::DEFAULT_RATE_PER_SECOND;
use crate::core::call::limits::{CONCURRENCY, MAX_RATE_PER_SECOND, PROGRESS_INTERVAL_MS};
use crate::core::error::{Error, Result};
use crate::core::input::keys::{check_keys, names};
use crate::core::input::loose::input;
use crate::core::input::tree::Value;
use crate::core::input::Input;
use crate::core::wire::conversation::Operation;
use serde::de::{Deserialize, Deserializer};

/// The names bulk options may have.
pub const BULK_KEYS: [&str; 9] = [
    "ratePerSecond",
    "concurrency",
    "operation",
    "onProgress",
    "onResult",
    "keepFailures",
    "progressIntervalMs",
    "total",
    "signal",
];

/// Checked bulk options.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BulkOptions {
    pub rate_per_second: f64,
    pub concurrency: u32,
    pub progress_interval_ms: f64,
    /// How many items an iterable is expected to give (progress reports it as `total`).
    pub total: Option<f64>,
    /// For items that do not say.
    pub operation: Operation,
    /// Whether the report lists each failed item (`failures`); when not, `onResult` alone is told of them and a
    /// run where every item fails stays flat in memory.
    pub keep_failures: bool,
}

/// Bulk options as given (`signal` is the binding's to read).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawBulkOptions {
    pub rate_per_second: Input,
    pub concurrency: Input,
    pub progress_interval_ms: Input,
    pub total: Input,
    pub operation: Input,
    pub on_progress: Input,
    pub on_result: Input,
}

impl RawBulkOptions {
    /// The options' fields read from the tree (none of an object's when it is not one).
    pub fn read(v: Option<&Value>) -> RawBulkOptions {
        let field = |key| input(v.and_then(|v| v.get(key)));
        RawBulkOptions {
            rate_per_second: field("ratePerSecond"),
            concurrency: field("concurrency"),
            progress_interval_ms: field("progressIntervalMs"),
            total: field("total"),
            operation: field("operation"),
            on_progress: field("onProgress"),
            on_result: field("onResult"),
        }
    }
}

impl<'de> Deserialize<'de> for RawBulkOptions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Value::deserialize(d).map(|v| RawBulkOptions::read(Some(&v)))
    }
}

impl BulkOptions {
    /// The options read from the tree (`None`: not given): a name that is not an option is refused with a
    /// suggestion, then every value is checked.
    pub fn read(v: Option<&Value>) -> Result<BulkOptions> {
        if let Some(Value::Object(map)) = v {
            check_keys(&names(map), &BULK_KEYS, "")?;
        }
        let keep_failures = input(v.and_then(|v| v.get("keepFailures")));
        BulkOptions::from_raw(RawBulkOptions::read(v), keep_failures)
    }

    pub fn from_raw(raw: RawBulkOptions, keep_failures: Input) -> Result<BulkOptions> {
        let rate = match raw.rate_per_second {
            Input::Num(n) if n.is_finite() && n > 0.0 && n <= MAX_RATE_PER_SECOND as f64 => n,
            Input::Missing => DEFAULT_RATE_PER_SECOND as f64,
            _ => return Err(Error::invalid("ratePerSecond", "must be a number above 0, at most 100000")),
        };
        let concurrency = raw
            .concurrency
            .optional_int("concurrency", CONCURRENCY.min, CONCURRENCY.max, CONCURRENCY.says)?
            .unwrap_or(CONCURRENCY.default);
        let progress = raw
            .progress_interval_ms
            .optional_int(
                "progressIntervalMs",
                PROGRESS_INTERVAL_MS.min,
                PROGRESS_INTERVAL_MS.max,
                PROGRESS_INTERVAL_MS.says,
            )?
            .unwrap_or(PROGRESS_INTERVAL_MS.default);
        let total = raw.total.optional_int("total", 0, u64::from(u32::MAX), "from 0 to 4294967295")?;
        raw.on_progress.optional_function("onProgress")?;
        let on_result = raw.on_result.optional_function("onResult")?;
        let keep_failures = keep_failures.optional_bool("keepFailures")?.unwrap_or(true);
        if !keep_failures && !on_result {
            return Err(Error::invalid("keepFailures", "can be false only with onResult (the failures would be lost)"));
        }
        Ok(BulkOptions {
            rate_per_second: rate,
            concurrency: concurrency as u32,
            progress_interval_ms: progress as f64,
            total: total.map(|t| t as f64),
            operation: Operation::parse(raw.operation)?,
            keep_failures,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Options from JSON text.
    fn read(json: &str) -> Result<BulkOptions> {
        let value: Option<Value> = serde_json::from_str(json).ok();
        BulkOptions::read(value.as_ref())
    }

    #[test]
    fn failures_are_kept_unless_on_result_is_told_of_them() {
        let function = format!(r#"["{}","function"]"#, crate::core::input::TYPE_MARKER.replace('\0', "\\u0000"));
        assert_eq!(read("{}").map(|o| o.keep_failures), Ok(true));
        let without = read(&format!(r#"{{"onResult":{function},"keepFailures":false}}"#));
        assert_eq!(without.map(|o| o.keep_failures), Ok(false));
        let err = read(r#"{"keepFailures":false}"#).err();
        assert_eq!(err.as_ref().and_then(|e| e.field.as_deref()), Some("keepFailures"));
        assert!(err.is_some_and(|e| e.message.contains("only with onResult")));
        assert_eq!(read(r#"{"keepFailures":"no"}"#).err().and_then(|e| e.field), Some("keepFailures".into()));
    }
}
