// Helpers of the method suites (`tests/conversations.rs`, `tests/accounts.rs`): JSON text in, a run's
// result and refusals out.

use tencent_chat_admin::core::input::tree::Value;
use tencent_chat_admin::core::methods::run::{Finish, Run};
use tencent_chat_admin::Result;

/// JSON text as the core reads requests.
pub fn v(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

/// Sends every body of `run`, answering the i-th with `answer(i)`: the command, the bodies, the result and
/// whether the sends are paced.
pub fn exchange(run: Result<Run>, answer: impl Fn(usize) -> String) -> (String, Vec<String>, Finish, bool) {
    let mut run = run.unwrap_or_else(|e| panic!("{e}"));
    let (command, paced) = (run.command.clone(), run.paced);
    let mut bodies = Vec::new();
    while let Some(body) = run.next_body() {
        run.absorb(&answer(bodies.len())).unwrap_or_else(|e| panic!("{e}"));
        bodies.push(body);
    }
    (command, bodies, run.finish().unwrap_or_else(|e| panic!("{e}")), paced)
}

/// JSON text as serde_json's own value, whose objects compare whatever their key order: for results.
pub fn j(json: &str) -> serde_json::Value {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

/// The JSON a run finishes with, parsed (compared as data, so key order in the fixed text is free).
pub fn json(finish: Finish) -> serde_json::Value {
    match finish {
        Finish::Json(text) => j(&text),
        Finish::Envelope => serde_json::Value::Null,
    }
}

/// The field and message of the error a request gets.
pub fn refused(run: Result<Run>) -> (String, String) {
    match run {
        Ok(_) => panic!("accepted"),
        Err(e) => (e.field.unwrap_or_default(), e.message),
    }
}

/// Asserts that `f` refuses `request` naming `field`, with a message containing `says`.
pub fn refuse(f: fn(Option<&Value>) -> Result<Run>, request: &str, field: &str, says: &str) {
    let (got_field, message) = refused(f(Some(&v(request))));
    assert_eq!(got_field, field, "{request}: {message}");
    assert!(message.contains(says), "{request}: {message}");
}
