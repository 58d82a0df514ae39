//! Waiting for a pacing slot (`crate::core::call::pacing::Pace` decides): the one wait of a paced send.

use super::transport::{self, Signal};
use crate::core::call::pacing::{Pace, Slot};
use std::cell::RefCell;

/// Waits for a send slot of `pace` and takes it; `None` when the signal aborted the wait.
pub async fn turn(pace: &RefCell<Pace>, signal: &Signal) -> Option<Slot> {
    loop {
        let (wait, slot) = pace.borrow_mut().reserve(transport::now_ms());
        if wait > 0.0 && !transport::sleep(wait, signal).await {
            return None;
        }
        if pace.borrow_mut().take(slot) {
            return Some(slot);
        }
    }
}
