//! Accounts (`v4/im_open_login_svc/*`, reference §4b): import, check and delete any number of accounts in
//! batches of 100 (the documented most per call, sent one after another and paced at the batch endpoints'
//! 100 calls/s), and kick one user.

use crate::core::error::Result;
use crate::core::input::loose::{self, check_bytes, index, int, items, list, text, Obj};
use crate::core::input::tree::Value;
use crate::core::input::Input;
use crate::core::methods::pin::check_user_id;
use crate::core::methods::run::{Envelope, Finish, Reader, Run};
use crate::core::wire::request::to_json;
use serde::Serialize;

pub const IMPORT: &str = "im_open_login_svc/multiaccount_import";
pub const CHECK: &str = "im_open_login_svc/account_check";
pub const DELETE: &str = "im_open_login_svc/account_delete";
pub const KICK: &str = "im_open_login_svc/kick";
/// Accounts per call: the documented most.
pub const BATCH: usize = 100;
/// The batch endpoints' documented rate, calls per second.
pub const RATE_PER_SECOND: f64 = 100.0;
/// Accounts per method call at most: what one argument can carry (the binding copies arrays of up to
/// 10,000 items); split longer lists.
pub const MAX_ACCOUNTS: usize = crate::core::input::MAX_LIST_ITEMS;
/// A nickname or face URL is at most 500 bytes (40601 otherwise).
pub const MAX_FIELD_BYTES: usize = 500;

/// Which batch method a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Import,
    Check,
    Delete,
}

#[derive(Serialize)]
struct Account<'a> {
    #[serde(rename = "UserID")]
    user_id: &'a str,
    #[serde(rename = "Nick", skip_serializing_if = "Option::is_none")]
    nick: Option<&'a str>,
    #[serde(rename = "FaceUrl", skip_serializing_if = "Option::is_none")]
    face_url: Option<&'a str>,
}

/// One batch's body: `{ "<key>": [ {UserID, Nick?, FaceUrl?}, … ] }`.
#[derive(Serialize)]
struct Batch<'a> {
    #[serde(rename = "AccountList", skip_serializing_if = "Option::is_none")]
    import: Option<&'a [Account<'a>]>,
    #[serde(rename = "CheckItem", skip_serializing_if = "Option::is_none")]
    check: Option<&'a [Account<'a>]>,
    #[serde(rename = "DeleteItem", skip_serializing_if = "Option::is_none")]
    delete: Option<&'a [Account<'a>]>,
}

/// An account to send: its UserID, and for an import its nickname and face URL when given.
type Given = (String, Option<String>, Option<String>);

/// A UserID at `field`.
fn user_id(input: Input, field: &str) -> Result<String> {
    let id = input.required_str(field)?;
    check_user_id(field, &id)?;
    Ok(id)
}

/// Splits `accounts` into batches of 100: their bodies, and the UserIDs of each.
fn batches(kind: Kind, accounts: &[Given]) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let (mut bodies, mut batches) = (Vec::new(), Vec::new());
    for chunk in accounts.chunks(BATCH) {
        let mut wire = Vec::with_capacity(chunk.len());
        let mut ids = Vec::with_capacity(chunk.len());
        for (id, nick, face) in chunk {
            wire.push(Account { user_id: id, nick: nick.as_deref(), face_url: face.as_deref() });
            ids.push(id.clone());
        }
        let list = Some(wire.as_slice());
        let body = match kind {
            Kind::Import => Batch { import: list, check: None, delete: None },
            Kind::Check => Batch { import: None, check: list, delete: None },
            Kind::Delete => Batch { import: None, check: None, delete: list },
        };
        bodies.push(to_json(&body)?);
        batches.push(ids);
    }
    Ok((bodies, batches))
}

fn paced(kind: Kind, command: &str, accounts: &[Given]) -> Result<Run> {
    let (bodies, ids) = batches(kind, accounts)?;
    let reader = Batches { kind, ids, answered: 0, results: Results::default() };
    let mut run = Run::batches(command, bodies, reader);
    run.paced = true;
    // `deleteAccounts` sends a batch again after an attempt that may have been applied, which the raw endpoint is
    // not (`crate::core::call::repeat`): deleting twice deletes nothing more, and the method documents how to read what the
    // repeat answers for the accounts the first attempt deleted (70107).
    run.once &= kind != Kind::Delete;
    Ok(run)
}

/// `importAccounts(accounts)`: each a UserID string or `{ userId, nick?, faceUrl? }`.
pub fn import(v: Option<&Value>) -> Result<Run> {
    let given = list(v, "accounts", 0, MAX_ACCOUNTS, "accounts (split longer lists)")?;
    let mut accounts = Vec::with_capacity(given.len());
    for (i, a) in given.iter().enumerate() {
        let path = index("accounts", i);
        if a.is_string() {
            accounts.push((user_id(loose::input(Some(a)), &path)?, None, None));
            continue;
        }
        let o =
            Obj::new(Some(a), &path, &["userId", "nick", "faceUrl"], "{ userId, nick?, faceUrl? } or a UserID string")?;
        let id = user_id(o.input("userId"), &o.field("userId"))?;
        let text = |key: &str| -> Result<Option<String>> {
            let s = o.opt_str(key)?;
            if let Some(s) = &s {
                check_bytes(&o.field(key), s, MAX_FIELD_BYTES)?;
            }
            Ok(s)
        };
        let nick = text("nick")?;
        let face = text("faceUrl")?;
        accounts.push((id, nick, face));
    }
    paced(Kind::Import, IMPORT, &accounts)
}

/// The UserIDs of `checkAccounts` and `deleteAccounts`.
fn user_ids(v: Option<&Value>) -> Result<Vec<Given>> {
    let given = list(v, "userIds", 0, MAX_ACCOUNTS, "UserIDs (split longer lists)")?;
    let mut out = Vec::with_capacity(given.len());
    for (i, id) in given.iter().enumerate() {
        out.push((user_id(loose::input(Some(id)), &index("userIds", i))?, None, None));
    }
    Ok(out)
}

/// `checkAccounts(userIds)`.
pub fn check(v: Option<&Value>) -> Result<Run> {
    paced(Kind::Check, CHECK, &user_ids(v)?)
}

/// `deleteAccounts(userIds)`.
pub fn delete(v: Option<&Value>) -> Result<Run> {
    paced(Kind::Delete, DELETE, &user_ids(v)?)
}

#[derive(Serialize)]
struct KickBody<'a> {
    #[serde(rename = "UserID")]
    user_id: &'a str,
}

/// `kick(userId)`.
pub fn kick(v: Option<&Value>) -> Result<Run> {
    let id = user_id(loose::input(v), "userId")?;
    Ok(Run::one(KICK, to_json(&KickBody { user_id: &id })?, Envelope))
}

/// One account's result, as JS gets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountResult {
    pub user_id: String,
    /// `account_check` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported: Option<bool>,
    pub code: i64,
    pub info: String,
}

/// What the batches of a run said.
#[derive(Debug, Default, Serialize)]
pub struct Results {
    imported: Vec<String>,
    failed: Vec<String>,
    #[serde(skip)]
    each: Vec<AccountResult>,
}

impl Results {
    /// Reads the answer to the batch of `batch` (its UserIDs in order).
    pub fn absorb(&mut self, kind: Kind, v: &Value, batch: Vec<String>) -> Result<()> {
        if kind == Kind::Import {
            let failed: Vec<&str> = items(v, "FailAccounts").iter().filter_map(Value::as_str).collect();
            for id in batch {
                if failed.contains(&id.as_str()) {
                    self.failed.push(id);
                } else {
                    self.imported.push(id);
                }
            }
            return Ok(());
        }
        for r in items(v, "ResultItem") {
            let imported = match (kind, text(r, "AccountStatus")) {
                (Kind::Check, "Imported") => Some(true),
                (Kind::Check, _) => Some(false),
                _ => None,
            };
            self.each.push(AccountResult {
                user_id: text(r, "UserID").to_owned(),
                imported,
                code: int(r, "ResultCode"),
                info: text(r, "ResultInfo").to_owned(),
            });
        }
        Ok(())
    }

    /// `{ imported, failed }` for an import, the list of results otherwise (JSON text).
    pub fn finish(&self, kind: Kind) -> Result<String> {
        match kind {
            Kind::Import => to_json(self),
            _ => to_json(&self.each),
        }
    }
}

/// `multiaccount_import`, `account_check`, `account_delete`, batch after batch: the UserIDs of each batch not
/// answered yet (from `answered` on; the first is the one in flight), and what the answered ones said.
#[derive(Debug)]
struct Batches {
    kind: Kind,
    ids: Vec<Vec<String>>,
    answered: usize,
    results: Results,
}

impl Reader for Batches {
    fn absorb(&mut self, text: &str) -> Result<Option<String>> {
        let v = loose::answer(text)?;
        let batch = self.ids.get_mut(self.answered).map(std::mem::take).unwrap_or_default();
        self.answered += 1;
        self.results.absorb(self.kind, &v, batch)?;
        Ok(None)
    }

    fn finish(&mut self) -> Result<Finish> {
        self.results.finish(self.kind).map(Finish::Json)
    }

    /// `{ results, notDone }` as JSON text: `results` as the method resolves them for the batches answered,
    /// `notDone` the UserIDs of the batch that failed and of those never sent, in order (the failed batch may
    /// still have been applied).
    fn partial(&self) -> Option<String> {
        let results = self.results.finish(self.kind).ok()?;
        let not_done: Vec<&String> = self.ids.iter().skip(self.answered).flatten().collect();
        let not_done = serde_json::to_string(&not_done).ok()?;
        Some(["{\"results\":", &results, ",\"notDone\":", &not_done, "}"].concat())
    }
}
