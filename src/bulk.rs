//! Options of a bulk run: how fast, how many at once, how often to report progress (and each item's result).

use crate::error::{Error, Result};
use crate::input::Input;
use crate::pin::Operation;
use serde::Deserialize;

/// The documented limit of each recentcontact endpoint: 200 calls per second per app.
pub const DEFAULT_RATE_PER_SECOND: u64 = 200;
/// Calls in flight at once; enough to keep 200/s going at 100 ms a call.
pub const DEFAULT_CONCURRENCY: u64 = 32;
/// How often `onProgress` is called at most (and once more at the end).
pub const DEFAULT_PROGRESS_INTERVAL_MS: u64 = 200;

/// The names bulk options may have.
pub const BULK_KEYS: [&str; 8] =
    ["ratePerSecond", "concurrency", "operation", "onProgress", "onResult", "progressIntervalMs", "total", "signal"];

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
}

/// Bulk options as given (`signal` is the binding's to read).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawBulkOptions {
    pub rate_per_second: Input,
    pub concurrency: Input,
    pub progress_interval_ms: Input,
    pub total: Input,
    pub operation: Input,
    pub on_progress: Input,
    pub on_result: Input,
}

impl BulkOptions {
    pub fn from_raw(raw: RawBulkOptions) -> Result<BulkOptions> {
        let rate = match raw.rate_per_second {
            Input::Num(n) if n.is_finite() && n > 0.0 && n <= 100_000.0 => n,
            Input::Missing => DEFAULT_RATE_PER_SECOND as f64,
            _ => return Err(Error::invalid("ratePerSecond", "must be a number above 0, at most 100000")),
        };
        let concurrency =
            raw.concurrency.optional_int("concurrency", 1, 1024, "from 1 to 1024")?.unwrap_or(DEFAULT_CONCURRENCY);
        let progress = raw
            .progress_interval_ms
            .optional_int("progressIntervalMs", 0, 60_000, "from 0 to 60000")?
            .unwrap_or(DEFAULT_PROGRESS_INTERVAL_MS);
        let total = raw.total.optional_int("total", 0, u64::from(u32::MAX), "from 0 to 4294967295")?;
        raw.on_progress.optional_function("onProgress")?;
        raw.on_result.optional_function("onResult")?;
        Ok(BulkOptions {
            rate_per_second: rate,
            concurrency: concurrency as u32,
            progress_interval_ms: progress as f64,
            total: total.map(|t| t as f64),
            operation: Operation::parse(raw.operation)?,
        })
    }
}
