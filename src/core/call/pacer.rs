//! Pacing calls to a fixed rate: each send gets the next free slot, one interval after the last. No bursts,
//! so a fixed-window limit on the service's side is not crossed. The clock is an input. A bulk run changes
//! the rate as it learns the service's limit (`crate::core::call::pacing`); a simple sequence keeps it.

/// Spreads sends evenly at a rate per second.
#[derive(Debug, Clone, PartialEq)]
pub struct Pacer {
    interval_ms: f64,
    next_at_ms: f64,
}

/// The interval of `rate_per_second` (at least one send a minute).
fn interval_of(rate_per_second: f64) -> f64 {
    1000.0 / rate_per_second.max(1.0 / 60.0)
}

impl Pacer {
    /// A pacer for `rate_per_second` sends (at least one a minute).
    pub fn new(rate_per_second: f64) -> Pacer {
        Pacer { interval_ms: interval_of(rate_per_second), next_at_ms: f64::NEG_INFINITY }
    }

    /// Takes the next slot at or after `now_ms` and returns how long to wait for it.
    pub fn reserve(&mut self, now_ms: f64) -> f64 {
        let at = self.next_at_ms.max(now_ms);
        self.next_at_ms = at + self.interval_ms;
        at - now_ms
    }

    /// Spaces the slots taken from now on at `rate_per_second`; those already taken keep their time.
    pub fn set_rate(&mut self, rate_per_second: f64) {
        self.interval_ms = interval_of(rate_per_second);
    }

    /// Forgets the slots taken after `now_ms` (their takers reserve again): the next is one interval on.
    pub fn restart(&mut self, now_ms: f64) {
        self.next_at_ms = now_ms + self.interval_ms;
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
    fn a_new_rate_spaces_later_slots_and_a_restart_gives_taken_ones_back() {
        let mut p = Pacer::new(1000.0);
        assert_eq!([p.reserve(0.0), p.reserve(0.0), p.reserve(0.0)], [0.0, 1.0, 2.0]);
        p.set_rate(100.0);
        assert_eq!(p.rate_per_second(), 100.0);
        // The slot at 3 ms was taken at the old rate; the one after it is 10 ms on.
        assert_eq!([p.reserve(0.0), p.reserve(0.0)], [3.0, 13.0]);
        p.restart(1.0);
        assert_eq!(p.reserve(1.0), 10.0);
    }

    #[test]
    fn tiny_rates_are_bounded() {
        let mut p = Pacer::new(0.0);
        p.reserve(0.0);
        assert_eq!(p.reserve(0.0), 60_000.0);
    }
}
