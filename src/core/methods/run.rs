//! A method call as data: the requests to send, one after another, and how to read their answers into the
//! result. The binding runs every method beyond pinning through [`Run`] with one loop (`src/wasm/methods.rs`),
//! so that sending, retrying and pacing are written (and compiled) once.

use crate::core::call::repeat::safe_to_repeat;
use crate::core::error::Result;
use crate::core::input::loose::{answer, decode_error};
use crate::core::methods::accounts;
use crate::core::methods::{groups, list, marks};

/// How the answers of a run are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reader {
    /// The envelope only: the call's result object.
    Envelope,
    /// The answer as it came (`request()`).
    Raw,
    /// `get_list`: one page.
    Page,
    /// `create_contact_group`.
    Created,
    /// `update_contact_group`.
    Updated,
    /// `del_contact_group`.
    GroupDeleted,
    /// `get_contact_group`, page after page.
    Groups(String),
    /// `search_contact_group`.
    Search,
    /// `mark_contact`.
    Marks,
    /// `multiaccount_import`, `account_check`, `account_delete`, batch after batch.
    Accounts(accounts::Kind),
}

/// What a finished run gives the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finish {
    /// The last call's result object (envelope fields and attempts).
    Envelope,
    /// JSON text of the result.
    Json(String),
}

/// A method call: its command, the bodies still to send, and what was read so far.
#[derive(Debug)]
pub struct Run {
    pub command: String,
    /// Bodies to send, last first; with each, the user IDs of its batch (for the account methods).
    pending: Vec<(String, Vec<String>)>,
    reader: Reader,
    /// The user IDs of the batch in flight.
    batch: Vec<String>,
    json: Option<String>,
    pub(crate) accounts: accounts::Results,
    pub(crate) groups: groups::Collected,
    /// Whether the sends are paced (the account batch endpoints' 100 calls/s).
    pub paced: bool,
    /// Whether a request must not be repeated once it may have been applied: its endpoint is not known to be safe
    /// to repeat ([`crate::core::call::repeat`]); a repeat would do it twice, or fail for what the first did.
    pub once: bool,
    /// Said after "not retried" when a `once` run gave up after an attempt that may have been applied.
    pub advice: &'static str,
}

impl Run {
    /// A run of one request.
    pub fn one(command: &str, body: String, reader: Reader) -> Run {
        Run::batches(command, vec![(body, Vec::new())], reader)
    }

    /// The same run, repeated after an attempt that may have been applied (`true`) or not (`false`), whatever
    /// the list says of its endpoint.
    pub fn repeatable(mut self, repeatable: bool) -> Run {
        self.once = !repeatable;
        self
    }

    /// A run of several requests, sent in order.
    pub fn batches(command: &str, mut bodies: Vec<(String, Vec<String>)>, reader: Reader) -> Run {
        bodies.reverse();
        Run {
            command: command.to_owned(),
            pending: bodies,
            reader,
            batch: Vec::new(),
            json: None,
            accounts: accounts::Results::default(),
            groups: groups::Collected::default(),
            paced: false,
            once: !safe_to_repeat(command),
            advice: "",
        }
    }

    /// The next body to send, `None` when the run is done.
    pub fn next_body(&mut self) -> Option<String> {
        let (body, batch) = self.pending.pop()?;
        self.batch = batch;
        Some(body)
    }

    /// Reads the answer (its text) to the body last sent; an answer of another shape is a `decode` error.
    pub fn absorb(&mut self, text: &str) -> Result<()> {
        if matches!(self.reader, Reader::Envelope) {
            return Ok(());
        }
        if matches!(self.reader, Reader::Raw) {
            self.json = Some(text.to_owned());
            return Ok(());
        }
        let v = answer(text)?;
        self.json = match &self.reader {
            Reader::Page => Some(list::read_page(&v)?),
            Reader::Created => Some(groups::read_created(&v)?),
            Reader::Updated => Some(groups::read_updated(&v)?),
            Reader::GroupDeleted => Some(groups::read_deleted(&v)?),
            Reader::Search => Some(groups::read_search(&v)?),
            Reader::Marks => Some(marks::read_answer(&v)?),
            Reader::Groups(from) => {
                if let Some(next) = self.groups.absorb(&v)? {
                    self.pending.push((groups::page_body(from, next)?, Vec::new()));
                }
                None
            }
            Reader::Accounts(kind) => {
                self.accounts.absorb(*kind, &v, self.batch.clone())?;
                self.batch.clear();
                None
            }
            Reader::Envelope | Reader::Raw => None,
        };
        Ok(())
    }

    /// What an account run that stopped on a failure had done: `{ results, notDone }` as JSON text, `results`
    /// as the method resolves them for the batches answered, `notDone` the UserIDs of the batch that failed and of
    /// those never sent, in order (the failed batch may still have been applied). `None` for other runs.
    pub fn partial(&self) -> Option<String> {
        let Reader::Accounts(kind) = self.reader else { return None };
        let results = self.accounts.finish(kind).ok()?;
        let not_done: Vec<&String> =
            self.batch.iter().chain(self.pending.iter().rev().flat_map(|(_, ids)| ids)).collect();
        let not_done = serde_json::to_string(&not_done).ok()?;
        Some(["{\"results\":", &results, ",\"notDone\":", &not_done, "}"].concat())
    }

    /// The result, once [`Run::next_body`] gave `None`.
    pub fn finish(self) -> Result<Finish> {
        match self.reader {
            Reader::Envelope => Ok(Finish::Envelope),
            Reader::Groups(_) => self.groups.finish().map(Finish::Json),
            Reader::Accounts(kind) => self.accounts.finish(kind).map(Finish::Json),
            // A reader that read nothing (no answer came, or it could not be read) has no result.
            _ => self.json.map(Finish::Json).ok_or_else(|| decode_error("no answer was read")),
        }
    }
}
