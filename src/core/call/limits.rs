//! The numeric bounds of the client's, a call's and a bulk run's options, each once: the readers check against
//! them, the messages say them (`says`, checked against the numbers by the tests below), and the package exports
//! them as `limits` (`crate::core::limits`), which the command line reads for its flags and help.

/// An integer option: its smallest and largest accepted values, its default, and how a message says the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    pub min: u64,
    pub max: u64,
    pub default: u64,
    /// The range in words, as messages give it after "must be an integer ".
    pub says: &'static str,
}

/// `timeoutMs`: a timer's longest delay in JS is 2^31 - 1 ms.
pub const TIMEOUT_MS: Bound = Bound { min: 1, max: 2_147_483_647, default: 10_000, says: "from 1 to 2147483647" };
/// `retry.retries` (and `retry` given as a number).
pub const RETRIES: Bound = Bound { min: 0, max: 10, default: 3, says: "from 0 to 10" };
/// `retry.minDelayMs`.
pub const MIN_DELAY_MS: Bound = Bound { min: 0, max: 60_000, default: 200, says: "from 0 to 60000" };
/// `retry.maxDelayMs`.
pub const MAX_DELAY_MS: Bound = Bound { min: 0, max: 300_000, default: 5_000, says: "from 0 to 300000" };
/// A bulk run's `concurrency`: 32 keeps 200 calls/s going at 100 ms a call.
pub const CONCURRENCY: Bound = Bound { min: 1, max: 1024, default: 32, says: "from 1 to 1024" };
/// A bulk run's `progressIntervalMs`: how often `onProgress` is called at most (and once more at the end).
pub const PROGRESS_INTERVAL_MS: Bound = Bound { min: 0, max: 60_000, default: 200, says: "from 0 to 60000" };
/// A bulk run's `ratePerSecond`: a number above 0 (fractions allowed), at most this; the default is the documented
/// limit of each recentcontact endpoint, 200 calls per second per app.
pub const MAX_RATE_PER_SECOND: u64 = 100_000;
pub const DEFAULT_RATE_PER_SECOND: u64 = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_message_says_its_numbers() {
        for b in [TIMEOUT_MS, RETRIES, MIN_DELAY_MS, MAX_DELAY_MS, CONCURRENCY, PROGRESS_INTERVAL_MS] {
            assert_eq!(b.says, format!("from {} to {}", b.min, b.max));
            assert!(b.min <= b.default && b.default <= b.max, "{b:?}");
        }
    }
}
