//! A method call as data, as the method files make it: [`Run`] and its readers live in the call group
//! ([`crate::core::call::run`]), which names no method; each method file implements [`Reader`] for its answers.

pub use crate::core::call::run::{Envelope, Finish, Json, Raw, Reader, Run};
