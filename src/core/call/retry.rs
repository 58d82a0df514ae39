//! When to send a call again, and after how long. Pure: the attempt count and the random jitter are
//! inputs, so the schedule is tested exactly.

use crate::core::call::limits::{MAX_DELAY_MS, MIN_DELAY_MS, RETRIES};
use crate::core::error::Error;
use crate::core::usersig::EXPIRED;

/// Retries for one call: how many, and the bounds of the exponential backoff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = never retry).
    pub retries: u32,
    pub min_delay_ms: u32,
    pub max_delay_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: RETRIES.default as u32,
            min_delay_ms: MIN_DELAY_MS.default as u32,
            max_delay_ms: MAX_DELAY_MS.default as u32,
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Next {
    /// Give the error to the caller.
    Fail,
    /// Get a new UserSig and send again at once (the service said 70001; done once per call).
    Resign,
    /// Wait this many milliseconds, then send again.
    RetryAfter(f64),
}

impl RetryPolicy {
    pub const OFF: RetryPolicy = RetryPolicy { retries: 0, min_delay_ms: 0, max_delay_ms: 0 };

    /// Decides after attempt number `attempts` (1-based) failed with `err`. `resigned` says whether this
    /// call already got a new UserSig; `jitter` is a random number in `[0, 1)`.
    pub fn next(&self, err: &Error, attempts: u32, resigned: bool, jitter: f64) -> Next {
        if err.service_code() == Some(EXPIRED) {
            return if resigned { Next::Fail } else { Next::Resign };
        }
        if !err.retryable() || attempts > self.retries {
            return Next::Fail;
        }
        Next::RetryAfter(self.delay_ms(attempts, err.throttled(), jitter))
    }

    /// The wait before retry number `retry` (1-based). Full jitter over an exponentially growing cap
    /// (`min * 2^(retry-1)`, at most `max`); when throttled the cap is four times larger and the wait
    /// at least half of it, so a throttled client really slows down.
    pub fn delay_ms(&self, retry: u32, throttled: bool, jitter: f64) -> f64 {
        let jitter = jitter.clamp(0.0, 1.0);
        let growth = 2f64.powi(retry.saturating_sub(1).min(30) as i32);
        let max = f64::from(self.max_delay_ms);
        let mut cap = (f64::from(self.min_delay_ms) * growth).min(max);
        if throttled {
            cap = (cap * 4.0).min(max);
            return cap / 2.0 + jitter * cap / 2.0;
        }
        jitter * cap
    }
}
