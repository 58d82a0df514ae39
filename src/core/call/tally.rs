//! The accounting of a bulk run: each item read is counted once, as succeeded, failed, in flight or not
//! attempted; the rules that stop a run (the signal, the input throwing, `onProgress` or `onResult` failing);
//! when progress is due. Generic over the binding's values (`V`: the items as given, their errors, what a hook
//! threw), so it is plain `cargo test` code; the binding pulls items, runs the workers and calls the hooks.

use crate::core::error::{Error, ErrorKind};

/// One item of the input: its index and the request as given.
#[derive(Debug, Clone, PartialEq)]
pub struct Item<V> {
    pub index: u32,
    pub request: V,
}

/// How an item ended, as `onResult` and the report tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Succeeded,
    Failed,
    /// Stopped after being sent at least once, before an answer said what became of it.
    InFlight,
    /// Never sent, or every answer refused it (as a throttled one does): it can be sent again.
    NotAttempted,
}

impl Status {
    /// The status of an item whose call ended with `result`: `Err` with the error and whether the engine found
    /// that none of its requests can have been applied (`engine::Failed::unapplied`).
    pub fn of(result: Result<(), (&Error, bool)>) -> Status {
        match result {
            Ok(()) => Status::Succeeded,
            // Stopped before it was sent (or with every answer refusing it), or after: pin and unpin are
            // idempotent, so it can be sent again.
            Err((_, true)) => Status::NotAttempted,
            Err((e, false)) if e.kind == ErrorKind::Aborted => Status::InFlight,
            Err(_) => Status::Failed,
        }
    }

    /// The word `onResult` is told.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "succeeded",
            Status::Failed => "failed",
            Status::InFlight => "inFlight",
            Status::NotAttempted => "notAttempted",
        }
    }
}

/// What stopped a run before its end, besides its signal: what the input, `onProgress` or `onResult` threw.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stops<V> {
    pub source: Option<V>,
    pub progress: Option<V>,
    /// With what the report says of it.
    pub result: Option<(V, &'static str)>,
}

/// What `onProgress` is told.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub done: u32,
    pub succeeded: u32,
    pub failed: u32,
    pub total: f64,
}

/// A bulk run's tally.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally<V> {
    /// Items read from the input.
    pub read: u32,
    pub succeeded: u32,
    pub failed: u32,
    /// Failed items with their errors, when failures are kept.
    pub failures: Vec<(Item<V>, V)>,
    pub not_attempted: Vec<Item<V>>,
    pub in_flight: Vec<Item<V>>,
    /// The input has no more items.
    pub exhausted: bool,
    pub stops: Stops<V>,
    keep_failures: bool,
    last_progress: f64,
}

/// What came of asking for the next item.
#[derive(Debug, Clone, PartialEq)]
pub enum Pulled<V> {
    /// Send it.
    Send(Item<V>),
    /// The run was stopped while it was being read: tell it as not attempted, then [`Tally::record`] it so.
    Skip(Item<V>),
    /// No more items.
    End,
}

impl<V> Tally<V> {
    pub fn new(keep_failures: bool) -> Tally<V> {
        Tally {
            read: 0,
            succeeded: 0,
            failed: 0,
            failures: Vec::new(),
            not_attempted: Vec::new(),
            in_flight: Vec::new(),
            exhausted: false,
            stops: Stops { source: None, progress: None, result: None },
            keep_failures,
            last_progress: f64::NEG_INFINITY,
        }
    }

    /// Whether the signal (`aborted`), the input, `onProgress` or `onResult` stopped the run before its end.
    pub fn cut_short(&self, aborted: bool) -> bool {
        aborted || self.stops.source.is_some() || self.stops.progress.is_some() || self.stops.result.is_some()
    }

    /// Whether no further item is to be read.
    pub fn stopped(&self, aborted: bool) -> bool {
        self.exhausted || self.cut_short(aborted)
    }

    /// What the input gave when asked for its next item: an item, its end, or what it threw (which stops the
    /// run). `aborted` is the signal's state once it gave it.
    pub fn pulled(&mut self, pulled: Result<Option<V>, V>, aborted: bool) -> Pulled<V> {
        match pulled {
            Ok(Some(request)) => {
                let item = Item { index: self.read, request };
                self.read += 1;
                if self.cut_short(aborted) {
                    Pulled::Skip(item)
                } else {
                    Pulled::Send(item)
                }
            }
            Ok(None) => {
                self.exhausted = true;
                Pulled::End
            }
            Err(thrown) => {
                self.stops.source.get_or_insert(thrown);
                Pulled::End
            }
        }
    }

    /// Counts how `item` ended (`error` for a failed one), once.
    pub fn record(&mut self, item: Item<V>, status: Status, error: Option<V>) {
        match (status, error) {
            (Status::Succeeded, _) => self.succeeded += 1,
            (Status::NotAttempted, _) => self.not_attempted.push(item),
            (Status::InFlight, _) => self.in_flight.push(item),
            (Status::Failed, error) => {
                self.failed += 1;
                // Without `keepFailures`, `onResult` (required then) was told, and the report only counts it.
                if let (true, Some(error)) = (self.keep_failures, error) {
                    self.failures.push((item, error));
                }
            }
        }
    }

    /// `onProgress` is due at `now_ms` when `last` (the run's end) or `interval_ms` has passed since it was
    /// last told, and it has not failed; then what to tell it. `total` is an array's length, or an iterable's
    /// `total` when given (never below the items read).
    pub fn progress(&mut self, now_ms: f64, interval_ms: f64, last: bool, total: Total) -> Option<Progress> {
        if self.stops.progress.is_some() || !last && now_ms - self.last_progress < interval_ms {
            return None;
        }
        self.last_progress = now_ms;
        let total = match total {
            Total::Length(length) => length,
            Total::Given(total) => total.max(f64::from(self.read)),
            Total::Unknown => f64::from(self.read),
        };
        let (succeeded, failed) = (self.succeeded, self.failed);
        Some(Progress { done: succeeded + failed, succeeded, failed, total })
    }
}

/// How many items the input has, as far as the run knows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Total {
    /// An array's length.
    Length(f64),
    /// An iterable's `total` option.
    Given(f64),
    Unknown,
}
