//! Pacing calls to a rate: each send gets the next free slot, one interval after the last. No bursts,
//! so a fixed-window limit on the service's side is not crossed. When the service still says "too
//! many", the rate is halved and every later slot held back; each call that goes through wins a little
//! of the rate back (additive-increase, multiplicative-decrease, as TCP does). The clock is an input.

/// Spreads sends evenly at a rate per second, adapting to the service's throttling answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Pacer {
    /// The interval of the rate asked for: the fastest the pacer goes.
    base_ms: f64,
    /// The interval in force.
    interval_ms: f64,
    next_at_ms: f64,
}

/// The slowest a throttled pacer goes, as a multiple of the asked-for interval.
const MAX_SLOWDOWN: f64 = 64.0;
/// What each call that goes through wins back: the interval shrinks by this factor.
const RECOVERY: f64 = 1.02;

impl Pacer {
    /// A pacer for `rate_per_second` sends (at least one a minute).
    pub fn new(rate_per_second: f64) -> Pacer {
        let base_ms = 1000.0 / rate_per_second.max(1.0 / 60.0);
        Pacer { base_ms, interval_ms: base_ms, next_at_ms: f64::NEG_INFINITY }
    }

    /// Takes the next slot at or after `now_ms` and returns how long to wait for it.
    pub fn reserve(&mut self, now_ms: f64) -> f64 {
        let at = self.next_at_ms.max(now_ms);
        self.next_at_ms = at + self.interval_ms;
        at - now_ms
    }

    /// The service said slow down: halve the rate and hold every later slot until `now_ms + pause_ms`.
    pub fn throttled(&mut self, now_ms: f64, pause_ms: f64) {
        self.interval_ms = (self.interval_ms * 2.0).min(self.base_ms * MAX_SLOWDOWN);
        self.next_at_ms = self.next_at_ms.max(now_ms + pause_ms);
    }

    /// A call went through: win back a little of the rate, up to the one asked for.
    pub fn succeeded(&mut self) {
        self.interval_ms = (self.interval_ms / RECOVERY).max(self.base_ms);
    }

    /// The rate in force, per second.
    pub fn rate_per_second(&self) -> f64 {
        1000.0 / self.interval_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreads_sends_evenly() {
        let mut p = Pacer::new(200.0);
        assert_eq!(p.reserve(1000.0), 0.0);
        assert_eq!(p.reserve(1000.0), 5.0);
        assert_eq!(p.reserve(1001.0), 9.0);
        // After a quiet spell there is no burst credit: the next slot is now, then one interval on.
        assert_eq!(p.reserve(5000.0), 0.0);
        assert_eq!(p.reserve(5000.0), 5.0);
    }

    #[test]
    fn throttling_halves_the_rate_and_holds_later_slots() {
        let mut p = Pacer::new(1000.0);
        p.reserve(0.0);
        p.throttled(0.0, 250.0);
        assert_eq!(p.rate_per_second(), 500.0);
        assert_eq!(p.reserve(10.0), 240.0);
        assert_eq!(p.reserve(10.0), 242.0);
        // A pause shorter than the queue already waiting moves nothing.
        p.throttled(10.0, 1.0);
        assert_eq!(p.reserve(10.0), 244.0);
        for _ in 0..20 {
            p.throttled(10.0, 0.0);
        }
        assert_eq!(p.rate_per_second(), 1000.0 / 64.0);
    }

    #[test]
    fn successes_win_the_rate_back_up_to_the_one_asked_for() {
        let mut p = Pacer::new(100.0);
        p.throttled(0.0, 0.0);
        assert_eq!(p.rate_per_second(), 50.0);
        for _ in 0..35 {
            p.succeeded();
        }
        assert!(p.rate_per_second() > 99.0 && p.rate_per_second() <= 100.0, "{}", p.rate_per_second());
        for _ in 0..100 {
            p.succeeded();
        }
        assert_eq!(p.rate_per_second(), 100.0);
    }

    #[test]
    fn tiny_rates_are_bounded() {
        let mut p = Pacer::new(0.0);
        p.reserve(0.0);
        assert_eq!(p.reserve(0.0), 60_000.0);
    }
}
