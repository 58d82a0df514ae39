//! Pacing a bulk run to a limit it has to find. The service's limit is per app, shared with the app's other
//! servers, so a run often meets a lower one than it was told. Sends are spread evenly at a rate (never above
//! the one asked for) that adapts as TCP's window does, additive increase and multiplicative decrease, with
//! the decrease taken from what the service let through rather than from how fast the run was going:
//! - a throttling answer cuts the rate to 90 % of the calls that went through in the last second (at most
//!   halving it at a time, so one quiet second cannot collapse it);
//! - one cut per congestion episode: answers to sends scheduled before the cut are from the same burst and
//!   count for nothing, and slots reserved before it are given back, so that waiting workers do not go on at
//!   the old rate;
//! - each call that goes through at the rate in force wins some of it back: 5 % of the rate the last cut
//!   found, per second of clean sending, up to the rate asked for.
//!
//! Pure: the clock is an input (`tests/pacing.rs` runs it against a simulated service on a simulated clock).

use crate::core::call::exchange::Verdict;
use crate::core::call::pacer::Pacer;

/// What "the last second" measures over: the service's limits are per second.
const WINDOW_MS: f64 = 1000.0;
/// The window is counted in buckets this long ...
const BUCKET_MS: f64 = 50.0;
/// ... as many as make a full window behind the current bucket, and the current one.
const BUCKETS: usize = (WINDOW_MS / BUCKET_MS) as usize + 1;
/// A cut goes to this fraction of the calls that went through in the last second.
const BACKOFF: f64 = 0.9;
/// A cut at most halves the rate.
const DEEPEST_CUT: f64 = 0.5;
/// Per second of clean sending the rate grows by this fraction of the rate the last cut found ...
const GROWTH: f64 = 0.05;
/// ... twice as much after each such stretch without a cut (probing: a limit that came back is found again).
const PROBE_MS: f64 = 2000.0;
/// The slowest a cut goes, per second (or the rate asked for, when lower).
const FLOOR: f64 = 1.0;

/// A send slot, and when it was handed out: before or after the last cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    epoch: u32,
}

/// The pacing of one bulk run, shared by its workers.
#[derive(Debug, Clone, PartialEq)]
pub struct AdaptivePacer {
    ceiling: f64,
    rate: f64,
    /// What the rate wins back per second of clean sending, at first.
    step: f64,
    /// When the last cut was (or the first call went through).
    cut_at_ms: f64,
    slots: Pacer,
    /// How many cuts there were.
    epoch: u32,
    /// Calls that went through, per bucket of the last window, the newest last.
    passed: [u32; BUCKETS],
    /// The newest bucket's number (time / bucket length).
    newest: i64,
}

impl AdaptivePacer {
    /// A pacing that starts at, and never goes above, `rate_per_second` (at least one send a minute).
    pub fn new(rate_per_second: f64) -> AdaptivePacer {
        let ceiling = rate_per_second.max(1.0 / 60.0);
        AdaptivePacer {
            ceiling,
            rate: ceiling,
            step: ceiling * GROWTH,
            cut_at_ms: f64::NAN,
            slots: Pacer::new(ceiling),
            epoch: 0,
            passed: [0; BUCKETS],
            newest: 0,
        }
    }

    /// Takes the next send slot at or after `now_ms`: how long to wait for it, and the slot.
    pub fn reserve(&mut self, now_ms: f64) -> (f64, Slot) {
        (self.slots.reserve(now_ms), Slot { epoch: self.epoch })
    }

    /// Whether `slot` still holds: a cut since it was reserved gives it back (reserve anew, at the new rate).
    pub fn current(&self, slot: Slot) -> bool {
        slot.epoch == self.epoch
    }

    /// The call sent in `slot` went through at `now_ms`.
    pub fn succeeded(&mut self, slot: Slot, now_ms: f64) {
        self.advance(now_ms);
        self.passed[BUCKETS - 1] = self.passed[BUCKETS - 1].saturating_add(1);
        if self.cut_at_ms.is_nan() {
            self.cut_at_ms = now_ms;
        }
        if self.current(slot) && self.rate < self.ceiling {
            // `rate` calls a second, each adding `step / rate`: `step` a second, doubled each PROBE_MS.
            let probing = 2f64.powi(((now_ms - self.cut_at_ms) / PROBE_MS).clamp(0.0, 16.0) as i32);
            self.rate = (self.rate + probing * self.step / self.rate).min(self.ceiling);
            self.slots.set_rate(self.rate);
        }
    }

    /// The call sent in `slot` was throttled, answered at `now_ms`. Returns whether this cut the rate: it
    /// does not when the send was scheduled before the last cut (the same episode).
    pub fn throttled(&mut self, slot: Slot, now_ms: f64) -> bool {
        if !self.current(slot) {
            return false;
        }
        self.advance(now_ms);
        let through: u32 = self.passed.iter().sum();
        let through_per_second = f64::from(through) * 1000.0 / WINDOW_MS;
        let cut = (BACKOFF * through_per_second).max(self.rate * DEEPEST_CUT).min(self.rate);
        self.rate = cut.max(FLOOR.min(self.ceiling));
        self.step = self.rate * GROWTH;
        self.cut_at_ms = now_ms;
        self.epoch = self.epoch.wrapping_add(1);
        self.slots.set_rate(self.rate);
        self.slots.restart(now_ms);
        true
    }

    /// The rate in force, per second.
    pub fn rate_per_second(&self) -> f64 {
        self.rate
    }

    /// Moves the window on to `now_ms`, emptying the buckets it leaves behind.
    fn advance(&mut self, now_ms: f64) {
        let bucket = (now_ms / BUCKET_MS).floor() as i64;
        let shift = bucket.saturating_sub(self.newest);
        if shift <= 0 {
            return;
        }
        let shift = shift.min(BUCKETS as i64) as usize;
        self.passed.rotate_left(shift);
        self.passed.iter_mut().rev().take(shift).for_each(|passed| *passed = 0);
        self.newest = bucket;
    }
}

/// A run's pacing and the requests it let through: what the binding's waits for a slot ask, and what each
/// answer tells it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pace {
    pacer: AdaptivePacer,
    /// Requests sent in a slot that held.
    pub sent: u32,
}

impl Pace {
    pub fn new(rate_per_second: f64) -> Pace {
        Pace { pacer: AdaptivePacer::new(rate_per_second), sent: 0 }
    }

    /// The next slot at or after `now_ms`, and how long to wait for it; then [`Pace::take`] it.
    pub fn reserve(&mut self, now_ms: f64) -> (f64, Slot) {
        self.pacer.reserve(now_ms)
    }

    /// Takes `slot` once its wait is over, counting the send; `false` when a cut gave it back meanwhile (reserve
    /// anew, at the new rate).
    pub fn take(&mut self, slot: Slot) -> bool {
        let current = self.pacer.current(slot);
        self.sent += u32::from(current);
        current
    }

    /// What came back at `now_ms` for the request sent in `slot`, whatever the call does next: a throttled last
    /// attempt cuts the rate too.
    pub fn heard(&mut self, slot: Slot, verdict: Verdict, now_ms: f64) {
        match verdict {
            Verdict::Passed => self.pacer.succeeded(slot, now_ms),
            Verdict::Throttled => {
                self.pacer.throttled(slot, now_ms);
            }
            Verdict::Refused | Verdict::Unknown => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` calls that went through, spread over the second before `end_ms`.
    fn pass(p: &mut AdaptivePacer, n: u32, end_ms: f64) {
        for i in 0..n {
            let (_, slot) = p.reserve(0.0);
            p.succeeded(slot, end_ms - 1000.0 + f64::from(i + 1) * 1000.0 / f64::from(n));
        }
    }

    /// A send reserved at `at_ms`, throttled at `now_ms`: whether it cut the rate.
    fn throttle(p: &mut AdaptivePacer, at_ms: f64, now_ms: f64) -> bool {
        let (_, slot) = p.reserve(at_ms);
        p.throttled(slot, now_ms)
    }

    #[test]
    fn a_cut_goes_to_what_went_through_at_most_halving_the_rate() {
        let mut p = AdaptivePacer::new(400.0);
        pass(&mut p, 100, 10_000.0);
        let (_, slot) = p.reserve(10_000.0);
        assert!(p.throttled(slot, 10_000.0));
        assert_eq!(p.rate_per_second(), 200.0);
        assert!(throttle(&mut p, 10_000.0, 10_010.0));
        assert_eq!(p.rate_per_second(), 100.0);
        assert!(throttle(&mut p, 10_010.0, 10_020.0));
        assert_eq!(p.rate_per_second(), 90.0);
        // Once there, more throttling in the same second does not push it lower: 90 % of 100 went through.
        assert!(throttle(&mut p, 10_020.0, 10_030.0));
        assert_eq!(p.rate_per_second(), 90.0);
    }

    #[test]
    fn a_burst_of_throttled_answers_counts_once() {
        let mut p = AdaptivePacer::new(400.0);
        pass(&mut p, 300, 5_000.0);
        let burst: Vec<Slot> = (0..32).map(|_| p.reserve(5_000.0).1).collect();
        let cuts = burst.iter().enumerate().filter(|(i, s)| p.throttled(**s, 5_010.0 + *i as f64)).count();
        assert_eq!(cuts, 1);
        assert_eq!(p.rate_per_second(), 270.0);
    }

    #[test]
    fn slots_reserved_before_a_cut_are_given_back() {
        let mut p = AdaptivePacer::new(1000.0);
        let (_, first) = p.reserve(0.0);
        let waiting: Vec<(f64, Slot)> = (0..9).map(|_| p.reserve(0.0)).collect();
        assert_eq!(waiting.last().map(|w| w.0), Some(9.0));
        assert!(p.throttled(first, 5.0));
        assert!(waiting.iter().all(|(_, s)| !p.current(*s)));
        // Nothing went through: the rate halves, and the next slot is one new interval after the cut.
        assert_eq!(p.rate_per_second(), 500.0);
        let (wait, slot) = p.reserve(5.0);
        assert_eq!(wait, 2.0);
        assert!(p.current(slot));
    }

    #[test]
    fn clean_sending_wins_the_rate_back_linearly_up_to_the_rate_asked_for() {
        let mut p = AdaptivePacer::new(200.0);
        pass(&mut p, 100, 1_000.0);
        assert!(throttle(&mut p, 1_000.0, 1_000.0));
        assert_eq!(p.rate_per_second(), 100.0);
        // 5 % of 100 a second: about 5 more after a second of sends at 100/s.
        for i in 0..100 {
            let (_, slot) = p.reserve(0.0);
            p.succeeded(slot, 1_000.0 + f64::from(i) * 10.0);
        }
        assert!((104.5..=105.0).contains(&p.rate_per_second()), "{}", p.rate_per_second());
        for i in 0..10_000 {
            let (_, slot) = p.reserve(0.0);
            p.succeeded(slot, 2_000.0 + f64::from(i) * 5.0);
        }
        assert_eq!(p.rate_per_second(), 200.0);
    }

    #[test]
    fn calls_from_before_a_cut_do_not_win_the_rate_back() {
        let mut p = AdaptivePacer::new(100.0);
        let stale = p.reserve(0.0).1;
        throttle(&mut p, 0.0, 0.0);
        assert_eq!(p.rate_per_second(), 50.0);
        p.succeeded(stale, 10.0);
        assert_eq!(p.rate_per_second(), 50.0);
    }

    #[test]
    fn the_window_forgets_what_went_through_more_than_a_second_ago() {
        let mut p = AdaptivePacer::new(1000.0);
        pass(&mut p, 500, 1_000.0);
        pass(&mut p, 100, 3_000.0);
        throttle(&mut p, 3_000.0, 3_000.0);
        assert_eq!(p.rate_per_second(), 500.0);
        throttle(&mut p, 3_000.0, 3_000.0);
        assert_eq!(p.rate_per_second(), 250.0);
        throttle(&mut p, 3_000.0, 3_000.0);
        assert_eq!(p.rate_per_second(), 125.0);
        throttle(&mut p, 3_000.0, 3_000.0);
        assert_eq!(p.rate_per_second(), 90.0);
    }

    #[test]
    fn cuts_stop_at_one_a_second_or_the_rate_asked_for() {
        let mut p = AdaptivePacer::new(100.0);
        for i in 0..20 {
            throttle(&mut p, 0.0, f64::from(i));
        }
        assert_eq!(p.rate_per_second(), 1.0);
        let mut slow = AdaptivePacer::new(0.5);
        throttle(&mut slow, 0.0, 0.0);
        throttle(&mut slow, 0.0, 0.0);
        assert_eq!(slow.rate_per_second(), 0.5);
    }
}
