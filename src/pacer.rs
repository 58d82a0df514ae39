//! Pacing calls to a rate: each send gets the next free slot, one interval after the last. No bursts,
//! so a fixed-window limit on the service's side is not crossed. The clock is an input.

/// Spreads sends evenly at a rate per second, and pauses them all when the service says slow down.
#[derive(Debug, Clone, PartialEq)]
pub struct Pacer {
    interval_ms: f64,
    next_at_ms: f64,
}

impl Pacer {
    /// A pacer for `rate_per_second` sends (at least one a minute).
    pub fn new(rate_per_second: f64) -> Pacer {
        Pacer { interval_ms: 1000.0 / rate_per_second.max(1.0 / 60.0), next_at_ms: f64::NEG_INFINITY }
    }

    /// Takes the next slot at or after `now_ms` and returns how long to wait for it.
    pub fn reserve(&mut self, now_ms: f64) -> f64 {
        let at = self.next_at_ms.max(now_ms);
        self.next_at_ms = at + self.interval_ms;
        at - now_ms
    }

    /// Moves every later slot to at least `now_ms + pause_ms`.
    pub fn pause(&mut self, now_ms: f64, pause_ms: f64) {
        self.next_at_ms = self.next_at_ms.max(now_ms + pause_ms);
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
    fn pause_pushes_later_slots_back() {
        let mut p = Pacer::new(1000.0);
        p.reserve(0.0);
        p.pause(0.0, 250.0);
        assert_eq!(p.reserve(10.0), 240.0);
        assert_eq!(p.reserve(10.0), 241.0);
        // A pause shorter than the queue already waiting changes nothing.
        p.pause(10.0, 1.0);
        assert_eq!(p.reserve(10.0), 242.0);
    }

    #[test]
    fn tiny_rates_are_bounded() {
        let mut p = Pacer::new(0.0);
        p.reserve(0.0);
        assert_eq!(p.reserve(0.0), 60_000.0);
    }
}
