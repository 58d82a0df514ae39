//! The pacing of a bulk run, shared by its workers, and the requests it sent: `crate::core::call::pacing` decides, this
//! waits for the slots it hands out and tells it what came back.

use super::transport::{self, Signal};
use crate::core::call::exchange::Verdict;
use crate::core::call::pacing::{AdaptivePacer, Slot};
use std::cell::{Cell, RefCell};

pub struct Pace {
    pacer: RefCell<AdaptivePacer>,
    pub sent: Cell<u32>,
}

impl Pace {
    pub fn new(rate_per_second: f64) -> Pace {
        Pace { pacer: RefCell::new(AdaptivePacer::new(rate_per_second)), sent: Cell::new(0) }
    }

    /// Waits for a send slot and counts the send; a slot given back by a cut meanwhile is taken anew, at the
    /// new rate. `None` when the signal aborted the wait.
    pub async fn turn(&self, signal: &Signal) -> Option<Slot> {
        loop {
            let (wait, slot) = self.pacer.borrow_mut().reserve(transport::now_ms());
            if wait > 0.0 && !transport::sleep(wait, signal).await {
                return None;
            }
            if self.pacer.borrow().current(slot) {
                self.sent.set(self.sent.get() + 1);
                return Some(slot);
            }
        }
    }

    /// What came back for the call sent in `slot`: whether it went through or was throttled, whatever the call
    /// does next.
    pub fn heard(&self, slot: Slot, verdict: Verdict) {
        let mut pacer = self.pacer.borrow_mut();
        match verdict {
            Verdict::Passed => pacer.succeeded(slot, transport::now_ms()),
            Verdict::Throttled => {
                pacer.throttled(slot, transport::now_ms());
            }
            Verdict::Refused | Verdict::Unknown => {}
        }
    }
}
