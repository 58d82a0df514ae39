//! A method call as data: its command, the requests to send one after another, and the [`Reader`] of their
//! answers. The call engine ([`crate::core::call::engine`]) sends each body and hands its answer to the run;
//! each method file implements [`Reader`] for its own answers, so this file names no method.

use crate::core::call::repeat::safe_to_repeat;
use crate::core::error::Result;
use crate::core::input::loose::{answer, decode_error};
use crate::core::input::tree::Value;

/// How the answers of a run are read: each method's own, or one of the generic readers below.
pub trait Reader {
    /// Reads the answer (its text) to the body last sent: the next body to send when the answer asks for one
    /// (a paged method), `None` otherwise. An answer of another shape is a `decode` error.
    fn absorb(&mut self, text: &str) -> Result<Option<String>>;
    /// The result, once every body was sent and its answer read (asked once).
    fn finish(&mut self) -> Result<Finish>;
    /// What a run that stopped on a failure had done (JSON text, the error's `partial`); `None` by default.
    fn partial(&self) -> Option<String> {
        None
    }
}

/// What a finished run gives the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finish {
    /// The last call's result object (envelope fields and attempts).
    Envelope,
    /// JSON text of the result.
    Json(String),
}

/// The envelope only: the call's result object.
#[derive(Debug, Clone, Copy, Default)]
pub struct Envelope;

impl Reader for Envelope {
    fn absorb(&mut self, _: &str) -> Result<Option<String>> {
        Ok(None)
    }
    fn finish(&mut self) -> Result<Finish> {
        Ok(Finish::Envelope)
    }
}

/// The answer as it came (`request()`).
#[derive(Debug, Clone, Default)]
pub struct Raw(Option<String>);

impl Reader for Raw {
    fn absorb(&mut self, text: &str) -> Result<Option<String>> {
        self.0 = Some(text.to_owned());
        Ok(None)
    }
    fn finish(&mut self) -> Result<Finish> {
        read_something(self.0.take())
    }
}

/// One answer read as a JSON object into the result's JSON text by a method's function.
#[derive(Debug, Clone)]
pub struct Json {
    read: fn(&Value) -> Result<String>,
    json: Option<String>,
}

impl Json {
    pub fn new(read: fn(&Value) -> Result<String>) -> Json {
        Json { read, json: None }
    }
}

impl Reader for Json {
    fn absorb(&mut self, text: &str) -> Result<Option<String>> {
        self.json = Some((self.read)(&answer(text)?)?);
        Ok(None)
    }
    fn finish(&mut self) -> Result<Finish> {
        read_something(self.json.take())
    }
}

/// A reader that read nothing (no answer came, or it could not be read) has no result.
fn read_something(json: Option<String>) -> Result<Finish> {
    json.map(Finish::Json).ok_or_else(|| decode_error("no answer was read"))
}

/// A method call: its command, the bodies still to send, and the reader of their answers.
pub struct Run {
    pub command: String,
    /// Bodies to send, in order (a reader's next body goes last), and how many were taken.
    pending: Vec<String>,
    taken: usize,
    reader: Box<dyn Reader>,
    /// Whether the sends are paced (the account batch endpoints' 100 calls/s).
    pub paced: bool,
    /// Whether a request must not be repeated once it may have been applied: its endpoint is not known to be safe
    /// to repeat ([`crate::core::call::repeat`]); a repeat would do it twice, or fail for what the first did.
    pub once: bool,
    /// Said after "not retried" when a `once` run gave up after an attempt that may have been applied.
    pub advice: &'static str,
}

/// The command and the bodies still to send (a reader is not `Debug`: its formatting would be compiled in).
impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pending = self.pending.get(self.taken..);
        f.debug_struct("Run").field("command", &self.command).field("pending", &pending).finish_non_exhaustive()
    }
}

impl Run {
    /// A run of one request.
    pub fn one(command: &str, body: String, reader: impl Reader + 'static) -> Run {
        Run::new(command, vec![body], Box::new(reader))
    }

    /// The same run, repeated after an attempt that may have been applied (`true`) or not (`false`), whatever
    /// the list says of its endpoint.
    pub fn repeatable(mut self, repeatable: bool) -> Run {
        self.once = !repeatable;
        self
    }

    /// A run of several requests, sent in order.
    pub fn batches(command: &str, bodies: Vec<String>, reader: impl Reader + 'static) -> Run {
        Run::new(command, bodies, Box::new(reader))
    }

    /// One function for every reader's type: less code than one per type.
    fn new(command: &str, pending: Vec<String>, reader: Box<dyn Reader>) -> Run {
        Run {
            command: command.to_owned(),
            pending,
            taken: 0,
            reader,
            paced: false,
            once: !safe_to_repeat(command),
            advice: "",
        }
    }

    /// The next body to send, `None` when the run is done.
    pub fn next_body(&mut self) -> Option<String> {
        let body = self.pending.get_mut(self.taken).map(std::mem::take)?;
        self.taken += 1;
        Some(body)
    }

    /// Reads the answer (its text) to the body last sent; an answer of another shape is a `decode` error.
    pub fn absorb(&mut self, text: &str) -> Result<()> {
        if let Some(next) = self.reader.absorb(text)? {
            self.pending.push(next);
        }
        Ok(())
    }

    /// What a run that stopped on a failure had done: the reader's `partial` (the account methods say which
    /// batches were answered and which UserIDs are not known to be done). `None` for other runs.
    pub fn partial(&self) -> Option<String> {
        self.reader.partial()
    }

    /// The result, once [`Run::next_body`] gave `None`.
    pub fn finish(mut self) -> Result<Finish> {
        self.reader.finish()
    }

    /// The result, as [`Run::finish`] gives it, for the engine that holds the run.
    pub(crate) fn finish_in_place(&mut self) -> Result<Finish> {
        self.reader.finish()
    }
}
