//! How a call is made: the client options and credentials, what an attempt's outcome means and what follows
//! (retry, re-sign, the repeat rule), the call engine that runs a method's requests (events in, actions out) and
//! the readers of their answers, pacing to the service's limit, and a bulk run's options and tally.

pub mod bulk;
pub mod credentials;
pub mod engine;
pub mod events;
pub mod exchange;
pub mod limits;
pub mod options;
pub mod pacer;
pub mod pacing;
pub mod repeat;
pub mod retry;
pub mod run;
pub mod tally;
