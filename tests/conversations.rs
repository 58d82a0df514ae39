//! The recentcontact family beyond pinning: request bodies against JSON written by hand from the reference
//! (§4), answers read into the JS shapes (fixed JSON), and every validation rule with its field path.

#[path = "common/runs.rs"]
mod runs;

use runs::{j, json, refuse, refused, v};
use tencent_chat_admin::core::methods::run::{Finish, Run};
use tencent_chat_admin::core::methods::{delete, groups, list, marks};
use tencent_chat_admin::Result;

/// The bodies a run sends, each answered with the matching `answers` text (an OK envelope past them).
fn exchange(run: Result<Run>, answers: &[&str]) -> (String, Vec<String>, Finish) {
    let ok = r#"{"ActionStatus":"OK","ErrorCode":0}"#;
    let (command, bodies, finish, _) = runs::exchange(run, |i| answers.get(i).copied().unwrap_or(ok).to_owned());
    (command, bodies, finish)
}

/// The first body a run sends.
fn body(run: Result<Run>) -> String {
    let mut run = run.unwrap_or_else(|e| panic!("{e}"));
    run.next_body().unwrap_or_default()
}

#[test]
fn get_list_first_page_sends_assist_flags_63_and_zero_cursors() {
    let (command, bodies, _) = exchange(
        list::page(Some(&v(r#"{"fromAccount":"alice"}"#))),
        &[r#"{"ActionStatus":"OK","ErrorCode":0,"CompleteFlag":1,"SessionItem":[]}"#],
    );
    assert_eq!(command, "recentcontact/get_list");
    assert_eq!(
        bodies,
        [
            r#"{"From_Account":"alice","TimeStamp":0,"StartIndex":0,"TopTimeStamp":0,"TopStartIndex":0,"AssistFlags":63}"#
        ]
    );
}

#[test]
fn include_empty_false_clears_bit_1_and_true_keeps_it() {
    let off = body(list::page(Some(&v(r#"{"fromAccount":"a","includeEmpty":false}"#))));
    assert!(off.ends_with(r#""AssistFlags":61}"#), "{off}");
    let on = body(list::page(Some(&v(r#"{"fromAccount":"a","includeEmpty":true}"#))));
    assert!(on.ends_with(r#""AssistFlags":63}"#), "{on}");
}

#[test]
fn a_cursor_is_sent_back_verbatim() {
    let request = r#"{"fromAccount":"alice","cursor":{"timeStamp":1700000123,"startIndex":7,"topTimeStamp":1690000000,"topStartIndex":2}}"#;
    assert_eq!(
        body(list::page(Some(&v(request)))),
        r#"{"From_Account":"alice","TimeStamp":1700000123,"StartIndex":7,"TopTimeStamp":1690000000,"TopStartIndex":2,"AssistFlags":63}"#
    );
}

#[test]
fn a_page_is_read_into_the_js_shape() {
    let answer = r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","CompleteFlag":0,
        "TimeStamp":1700000123,"StartIndex":7,"TopTimeStamp":1690000000,"TopStartIndex":2,
        "SessionItem":[
          {"Type":1,"To_Account":"bob","MsgTime":1700000200,"TopFlag":1},
          {"Type":2,"GroupId":"g1","MsgTime":1700000100,"TopFlag":0,"StandardMark":"0101","CustomMark":"vip","ContactGroupId":[3,4]}
        ]}"#;
    let (_, _, finish) = exchange(list::page(Some(&v(r#"{"fromAccount":"alice"}"#))), &[answer]);
    assert_eq!(
        json(finish),
        j(r#"{"conversations":[
            {"type":"c2c","toAccount":"bob","msgTime":1700000200,"pinned":true},
            {"type":"group","groupId":"g1","msgTime":1700000100,"pinned":false,"standardMark":"0101","customMark":"vip","groupIds":[3,4]}
          ],"complete":false,
          "cursor":{"timeStamp":1700000123,"startIndex":7,"topTimeStamp":1690000000,"topStartIndex":2}}"#)
    );
    let last = r#"{"ActionStatus":"OK","ErrorCode":0,"CompleteFlag":1,"TimeStamp":5,"StartIndex":0,"TopTimeStamp":0,"TopStartIndex":0}"#;
    let (_, _, finish) = exchange(list::page(Some(&v(r#"{"fromAccount":"alice"}"#))), &[last]);
    assert_eq!(json(finish), j(r#"{"conversations":[],"complete":true,"cursor":null}"#));
}

#[test]
fn an_answer_without_complete_flag_is_a_decode_error() {
    let mut run = list::page(Some(&v(r#"{"fromAccount":"alice"}"#))).unwrap_or_else(|e| panic!("{e}"));
    run.next_body();
    let e = run.absorb(r#"{"ActionStatus":"OK","ErrorCode":0,"SessionItem":[]}"#).err().map(|e| e.kind.as_str());
    assert_eq!(e, Some("decode"));
}

#[test]
fn get_list_requests_are_checked() {
    refuse(list::page, r#"{}"#, "fromAccount", "is required");
    refuse(list::page, r#"{"fromAccount":"a","curser":{}}"#, "curser", "did you mean cursor?");
    refuse(list::page, r#"{"fromAccount":"a","includeEmpty":1}"#, "includeEmpty", "must be a boolean, not number");
    refuse(list::page, r#"{"fromAccount":"a","cursor":null}"#, "cursor", "must be an object");
    refuse(
        list::page,
        r#"{"fromAccount":"a","cursor":{"timeStamp":1,"startIndex":2,"topTimeStamp":3}}"#,
        "cursor.topStartIndex",
        "is required",
    );
    refuse(
        list::page,
        r#"{"fromAccount":"a","cursor":{"timeStamp":-1,"startIndex":2,"topTimeStamp":3,"topStartIndex":4}}"#,
        "cursor.timeStamp",
        "integer",
    );
    refuse(
        list::page,
        r#"{"fromAccount":"a","cursor":{"timeStamp":1,"startIndex":2,"topTimeStamp":3,"topStartIndex":4,"extra":1}}"#,
        "cursor.extra",
        "is not a field of",
    );
    refuse(list::page, r#"{"fromAccount":"123456789012345678901234567890123"}"#, "fromAccount", "at most 32 bytes");
    let (field, message) = refused(list::page(None));
    assert_eq!((field.as_str(), message.as_str()), ("request", "request is required"));
}

#[test]
fn delete_spells_the_group_id_to_groupid() {
    let (command, bodies, finish) = exchange(
        delete::run(Some(&v(
            r#"{"fromAccount":"alice","conversation":{"type":"group","groupId":"g1"},"clearMessages":true}"#,
        ))),
        &[],
    );
    assert_eq!(command, "recentcontact/delete");
    assert_eq!(bodies, [r#"{"From_Account":"alice","Type":2,"ToGroupid":"g1","ClearRamble":1}"#]);
    assert_eq!(finish, Finish::Envelope);
    let c2c = r#"{"fromAccount":"alice","conversation":{"type":"c2c","toAccount":"bob"}}"#;
    assert_eq!(body(delete::run(Some(&v(c2c)))), r#"{"From_Account":"alice","Type":1,"To_Account":"bob"}"#);
    let kept = r#"{"fromAccount":"alice","conversation":{"type":"c2c","toAccount":"bob"},"clearMessages":false}"#;
    assert_eq!(
        body(delete::run(Some(&v(kept)))),
        r#"{"From_Account":"alice","Type":1,"To_Account":"bob","ClearRamble":0}"#
    );
}

#[test]
fn conversations_are_checked_with_their_paths() {
    refuse(delete::run, r#"{"fromAccount":"a"}"#, "conversation", "is required");
    refuse(
        delete::run,
        r#"{"fromAccount":"a","conversation":{"type":"C2C","toAccount":"b"}}"#,
        "conversation.type",
        "must be 'c2c' or 'group'",
    );
    refuse(
        delete::run,
        r#"{"fromAccount":"a","conversation":{"type":"c2c","groupId":"b"}}"#,
        "conversation.groupId",
        "not allowed on a c2c",
    );
    refuse(
        delete::run,
        r#"{"fromAccount":"a","conversation":{"type":"group","groupID":"b"}}"#,
        "conversation.groupID",
        "did you mean conversation.groupId?",
    );
    refuse(
        delete::run,
        r#"{"fromAccount":"a","conversation":{"type":"group","groupId":""}}"#,
        "conversation.groupId",
        "must not be empty",
    );
    refuse(
        delete::run,
        r#"{"fromAccount":"a","conversation":{"type":"group","groupId":"1234567890123456789012345678901234567890123456789"}}"#,
        "conversation.groupId",
        "at most 48 bytes",
    );
    refuse(
        delete::run,
        r#"{"fromAccount":"a","conversation":{"type":"c2c","toAccount":"b"},"clearMessage":true}"#,
        "clearMessage",
        "did you mean clearMessages?",
    );
    refuse(
        delete::run,
        r#"{"fromAccount":"a","conversation":[]}"#,
        "conversation",
        "must be an object { type, toAccount | groupId }, not array",
    );
}

const ALICE_BOB_G1: &str = r#"[{"type":"c2c","toAccount":"bob"},{"type":"group","groupId":"g1"}]"#;

#[test]
fn create_contact_group_body_and_answer() {
    let request = format!(r#"{{"fromAccount":"alice","name":"work","conversations":{ALICE_BOB_G1}}}"#);
    let answer = r#"{"ActionStatus":"OK","ErrorCode":0,"GroupResultItem":[{"GroupItem":{"GroupName":"work","GroupId":7},
        "ResultItem":[{"ContactItem":{"Type":1,"To_Account":"bob"},"ResultCode":0,"ResultInfo":""},
                      {"ContactItem":{"Type":2,"ToGroupId":"g1"},"ResultCode":51008,"ResultInfo":"too many"}]}]}"#;
    let (command, bodies, finish) = exchange(groups::create(Some(&v(&request))), &[answer]);
    assert_eq!(command, "recentcontact/create_contact_group");
    assert_eq!(
        bodies,
        [
            r#"{"From_Account":"alice","GroupContactItem":[{"GroupName":"work","ContactItem":[{"Type":1,"To_Account":"bob"},{"Type":2,"ToGroupId":"g1"}]}]}"#
        ]
    );
    assert_eq!(
        json(finish),
        j(r#"{"name":"work","groupId":7,"results":[
            {"conversation":{"type":"c2c","toAccount":"bob"},"code":0,"info":""},
            {"conversation":{"type":"group","groupId":"g1"},"code":51008,"info":"too many"}]}"#)
    );
}

#[test]
fn update_contact_group_rename_and_members() {
    let rename = r#"{"fromAccount":"alice","name":"work","newName":"job"}"#;
    assert_eq!(
        body(groups::update(Some(&v(rename)))),
        r#"{"From_Account":"alice","UpdateType":1,"UpdateGroup":{"UpdateGroupType":1,"OldGroupName":"work","NewGroupName":"job"}}"#
    );
    let members = r#"{"fromAccount":"alice","name":"work","add":[{"type":"c2c","toAccount":"bob"}],"remove":[{"type":"group","groupId":"g1"}]}"#;
    let answer = r#"{"ActionStatus":"OK","ErrorCode":0,"UpdateType":1,"UpdateGroupResult":{"UpdateGroupType":2,"GroupName":"work","GroupId":7,"OldGroupName":"work",
        "ContactResultItem":[{"ContactOptType":1,"ContactItem":{"Type":1,"To_Account":"bob"},"ResultCode":0,"ResultInfo":""},
                             {"ContactOptType":2,"ContactItem":{"Type":2,"ToGroupId":"g1"},"ResultCode":0,"ResultInfo":""}]}}"#;
    let (command, bodies, finish) = exchange(groups::update(Some(&v(members))), &[answer]);
    assert_eq!(command, "recentcontact/update_contact_group");
    assert_eq!(
        bodies,
        [
            r#"{"From_Account":"alice","UpdateType":1,"UpdateGroup":{"UpdateGroupType":2,"OldGroupName":"work","ContactUpdateItem":[{"ContactOptType":1,"ContactItem":{"Type":1,"To_Account":"bob"}},{"ContactOptType":2,"ContactItem":{"Type":2,"ToGroupId":"g1"}}]}}"#
        ]
    );
    assert_eq!(
        json(finish),
        j(r#"{"name":"work","groupId":7,"results":[
            {"conversation":{"type":"c2c","toAccount":"bob"},"code":0,"info":""},
            {"conversation":{"type":"group","groupId":"g1"},"code":0,"info":""}]}"#)
    );
}

#[test]
fn group_requests_are_checked() {
    refuse(
        groups::create,
        r#"{"fromAccount":"a","name":"123456789012345678901234567890123","conversations":[]}"#,
        "name",
        "at most 32 bytes",
    );
    refuse(groups::create, r#"{"fromAccount":"a","name":"w"}"#, "conversations", "is required");
    let repeated = r#"{"fromAccount":"a","name":"w","conversations":[{"type":"c2c","toAccount":"b"},{"type":"c2c","toAccount":"b"}]}"#;
    refuse(groups::create, repeated, "conversations[1]", "repeats conversations[0]");
    refuse(
        groups::create,
        r#"{"fromAccount":"a","name":"w","conversations":[],"group":1}"#,
        "group",
        "is not a field of",
    );
    refuse(groups::update, r#"{"fromAccount":"a","name":"w"}"#, "newName", "or add or remove");
    refuse(groups::update, r#"{"fromAccount":"a","name":"w","add":[]}"#, "newName", "or add or remove");
    refuse(
        groups::update,
        r#"{"fromAccount":"a","name":"w","newName":"x","add":[]}"#,
        "add",
        "cannot be combined with newName",
    );
    refuse(
        groups::update,
        r#"{"fromAccount":"a","name":"w","newName":"123456789012345678901234567890123"}"#,
        "newName",
        "at most 32 bytes",
    );
    let both = r#"{"fromAccount":"a","name":"w","add":[{"type":"c2c","toAccount":"b"}],"remove":[{"type":"c2c","toAccount":"b"}]}"#;
    refuse(groups::update, both, "remove[0]", "repeats add[0]");
    refuse(groups::update, r#"{"fromAccount":"a","name":"w","rename":"x"}"#, "rename", "is not a field of");
    refuse(groups::delete, r#"{"fromAccount":"a","names":["w"]}"#, "names", "did you mean name?");
    let many: Vec<String> = (0..301).map(|i| format!(r#"{{"type":"c2c","toAccount":"u{i}"}}"#)).collect();
    let search = format!(r#"{{"fromAccount":"a","conversations":[{}]}}"#, many.join(","));
    refuse(groups::search, &search, "conversations", "at most 300");
    refuse(
        groups::search,
        r#"{"fromAccount":"a","conversations":[]}"#,
        "conversations",
        "must list 1 to 300 conversations, not 0",
    );
    let many: Vec<String> = (0..1001).map(|i| format!(r#"{{"type":"c2c","toAccount":"u{i}"}}"#)).collect();
    let create = format!(r#"{{"fromAccount":"a","name":"w","conversations":[{}]}}"#, many.join(","));
    refuse(groups::create, &create, "conversations", "at most 1000");
}

#[test]
fn del_contact_group_body_and_answer() {
    let answer = r#"{"ActionStatus":"OK","ErrorCode":0,"GroupItem":[{"GroupName":"work","GroupId":7}]}"#;
    let (command, bodies, finish) =
        exchange(groups::delete(Some(&v(r#"{"fromAccount":"alice","name":"work"}"#))), &[answer]);
    assert_eq!(command, "recentcontact/del_contact_group");
    assert_eq!(bodies, [r#"{"From_Account":"alice","GroupName":["work"]}"#]);
    assert_eq!(json(finish), j(r#"{"name":"work","groupId":7}"#));
}

#[test]
fn get_contact_group_reads_every_page_with_next_start_index() {
    let first = r#"{"ActionStatus":"OK","ErrorCode":0,"CompleteFlag":0,"NextStartIndex":2,
        "GroupItem":[{"GroupName":"work","GroupId":7}],
        "ContactItem":[{"Type":1,"To_Account":"bob","StandardMark":"1","CustomMark":"","ContactGroupId":[7],"Timestamp":1700000000},
                       {"Type":2,"ToGroupId":"g1","ContactGroupId":[7]}]}"#;
    let second = r#"{"ActionStatus":"OK","ErrorCode":0,"CompleteFlag":1,"NextStartIndex":0,
        "GroupItem":[{"GroupName":"work","GroupId":7},{"GroupName":"home","GroupId":8}],
        "ContactItem":[{"Type":1,"To_Account":"carol","ContactGroupId":[8]}]}"#;
    let (command, bodies, finish) = exchange(groups::get(Some(&v(r#"{"fromAccount":"alice"}"#))), &[first, second]);
    assert_eq!(command, "recentcontact/get_contact_group");
    assert_eq!(bodies, [r#"{"From_Account":"alice","StartIndex":0}"#, r#"{"From_Account":"alice","StartIndex":2}"#]);
    assert_eq!(
        json(finish),
        j(r#"{"groups":[{"name":"work","groupId":7},{"name":"home","groupId":8}],"conversations":[
            {"type":"c2c","toAccount":"bob","standardMark":"1","customMark":"","groupIds":[7],"timestamp":1700000000},
            {"type":"group","groupId":"g1","groupIds":[7]},
            {"type":"c2c","toAccount":"carol","groupIds":[8]}]}"#)
    );
}

#[test]
fn search_contact_group_body_and_answer() {
    let request = format!(r#"{{"fromAccount":"alice","conversations":{ALICE_BOB_G1}}}"#);
    let answer = r#"{"ActionStatus":"OK","ErrorCode":0,"GroupItem":[{"GroupName":"work","GroupId":7}],
        "ContactResultItem":[{"Type":1,"To_Account":"bob","ContactGroupId":[7]},{"Type":2,"ToGroupId":"g1","ContactGroupId":[]}]}"#;
    let (command, bodies, finish) = exchange(groups::search(Some(&v(&request))), &[answer]);
    assert_eq!(command, "recentcontact/search_contact_group");
    assert_eq!(
        bodies,
        [r#"{"From_Account":"alice","ContactItem":[{"Type":1,"To_Account":"bob"},{"Type":2,"ToGroupId":"g1"}]}"#]
    );
    assert_eq!(
        json(finish),
        j(r#"{"groups":[{"name":"work","groupId":7}],"conversations":[
            {"type":"c2c","toAccount":"bob","groupIds":[7]},{"type":"group","groupId":"g1","groupIds":[]}]}"#)
    );
}

#[test]
fn mark_contact_opt_type_follows_what_is_given() {
    let request = r#"{"fromAccount":"alice","marks":[
        {"conversation":{"type":"c2c","toAccount":"bob"},"set":[32,40],"clear":[33]},
        {"conversation":{"type":"group","groupId":"g1"},"customMark":"vip"},
        {"conversation":{"type":"c2c","toAccount":"carol"},"clear":[0],"customMark":""}]}"#;
    let answer = r#"{"ActionStatus":"OK","ErrorCode":0,"ResultItem":[
        {"OptType":1,"ContactItem":{"Type":1,"To_Account":"bob"},"ResultCode":0,"ResultInfo":""},
        {"OptType":2,"ContactItem":{"Type":2,"ToGroupId":"g1"},"ResultCode":51008,"ResultInfo":"limit"},
        {"OptType":3,"ContactItem":{"Type":1,"To_Account":"carol"},"ResultCode":0,"ResultInfo":""}]}"#;
    let (command, bodies, finish) = exchange(marks::run(Some(&v(request))), &[answer]);
    assert_eq!(command, "recentcontact/mark_contact");
    assert_eq!(
        bodies,
        [concat!(
            r#"{"From_Account":"alice","MarkItem":["#,
            r#"{"OptType":1,"ContactItem":{"Type":1,"To_Account":"bob"},"SetMark":[32,40],"ClearMark":[33]},"#,
            r#"{"OptType":2,"ContactItem":{"Type":2,"ToGroupId":"g1"},"CustomMark":"vip"},"#,
            r#"{"OptType":3,"ContactItem":{"Type":1,"To_Account":"carol"},"ClearMark":[0],"CustomMark":""}]}"#
        )]
    );
    assert_eq!(
        json(finish),
        j(r#"{"results":[
            {"conversation":{"type":"c2c","toAccount":"bob"},"code":0,"info":""},
            {"conversation":{"type":"group","groupId":"g1"},"code":51008,"info":"limit"},
            {"conversation":{"type":"c2c","toAccount":"carol"},"code":0,"info":""}]}"#)
    );
}

#[test]
fn mark_requests_are_checked() {
    let bob = r#"{"type":"c2c","toAccount":"bob"}"#;
    let mark = |rest: &str| format!(r#"{{"fromAccount":"a","marks":[{{"conversation":{bob}{rest}}}]}}"#);
    refuse(marks::run, &mark(""), "marks[0]", "must give set or clear");
    refuse(marks::run, &mark(r#","set":[]"#), "marks[0]", "must give set or clear");
    refuse(marks::run, &mark(r#","set":[64]"#), "marks[0].set[0]", "from 0 to 63");
    refuse(marks::run, &mark(r#","set":[1.5]"#), "marks[0].set[0]", "from 0 to 63");
    refuse(marks::run, &mark(r#","set":[40,40]"#), "marks[0].set[1]", "repeats");
    refuse(marks::run, &mark(r#","set":[40],"clear":[40]"#), "marks[0].clear[0]", "not both");
    refuse(marks::run, &mark(r#","customMark":7"#), "marks[0].customMark", "must be a string, not number");
    let long = "x".repeat(257);
    refuse(marks::run, &mark(&format!(r#","customMark":"{long}""#)), "marks[0].customMark", "at most 256 bytes");
    refuse(marks::run, &mark(r#","sett":[40]"#), "marks[0].sett", "did you mean marks[0].set?");
    refuse(marks::run, r#"{"fromAccount":"a","marks":[]}"#, "marks", "must list 1 to 100 marks, not 0");
    let twice = format!(
        r#"{{"fromAccount":"a","marks":[{{"conversation":{bob},"set":[40]}},{{"conversation":{bob},"set":[41]}}]}}"#
    );
    refuse(marks::run, &twice, "marks[1].conversation", "repeats marks[0].conversation");
    let many: Vec<String> =
        (0..101).map(|i| format!(r#"{{"conversation":{{"type":"c2c","toAccount":"u{i}"}},"set":[40]}}"#)).collect();
    refuse(marks::run, &format!(r#"{{"fromAccount":"a","marks":[{}]}}"#, many.join(",")), "marks", "at most 100");
    let exact = mark(&format!(r#","customMark":"{}""#, "é".repeat(128)));
    assert!(marks::run(Some(&v(&exact))).is_ok(), "256 bytes are allowed");
}

/// Reads `answers` in turn after the first body of `run` (each answer read after a `next_body`), giving the first
/// error's kind and message.
fn first_error(
    run: tencent_chat_admin::Result<tencent_chat_admin::core::methods::run::Run>,
    answers: &[&str],
) -> Option<(String, String)> {
    let mut run = run.unwrap_or_else(|e| panic!("{e}"));
    for a in answers {
        run.next_body()?;
        if let Err(e) = run.absorb(a) {
            return Some((e.kind.as_str().to_owned(), e.message));
        }
    }
    None
}

#[test]
fn an_incomplete_page_without_its_cursor_is_a_decode_error() {
    let request = || list::page(Some(&v(r#"{"fromAccount":"alice"}"#)));
    // Without the cursor the next page would be the first again, for ever.
    let no_cursor = r#"{"ActionStatus":"OK","ErrorCode":0,"CompleteFlag":0,"SessionItem":[]}"#;
    let e = first_error(request(), &[no_cursor]);
    assert_eq!(e.as_ref().map(|e| e.0.as_str()), Some("decode"), "{e:?}");
    let text_cursor = r#"{"ActionStatus":"OK","ErrorCode":0,"CompleteFlag":0,"SessionItem":[],
        "TimeStamp":"1","StartIndex":1,"TopTimeStamp":0,"TopStartIndex":0}"#;
    assert_eq!(first_error(request(), &[text_cursor]).map(|e| e.0), Some("decode".to_owned()));
    // A complete page needs none.
    let complete = r#"{"ActionStatus":"OK","ErrorCode":0,"CompleteFlag":1,"SessionItem":[]}"#;
    assert_eq!(first_error(request(), &[complete]), None);
}

#[test]
fn get_contact_group_pages_must_move_forward() {
    let request = || groups::get(Some(&v(r#"{"fromAccount":"alice"}"#)));
    let page = |next: &str| {
        format!(r#"{{"ActionStatus":"OK","ErrorCode":0,"CompleteFlag":0{next},"GroupItem":[],"ContactItem":[]}}"#)
    };
    // No NextStartIndex: asking for StartIndex 0 again would read the same page again and again.
    let missing = page("");
    assert_eq!(first_error(request(), &[&missing]).map(|e| e.0), Some("decode".to_owned()));
    // A NextStartIndex that does not move past the page asked for.
    let (two, again) = (page(r#","NextStartIndex":2"#), page(r#","NextStartIndex":2"#));
    let e = first_error(request(), &[&two, &again]);
    assert!(e.as_ref().is_some_and(|e| e.0 == "decode" && e.1.contains("NextStartIndex")), "{e:?}");
}

#[test]
fn a_conversation_group_is_created_with_at_least_one_conversation() {
    refuse(
        groups::create,
        r#"{"fromAccount":"a","name":"w","conversations":[]}"#,
        "conversations",
        "must list 1 to 1000 conversations, not 0",
    );
}

/// A `get_contact_group` page (not the last) listing `conversations` C2C conversations and `groups` group
/// entries, numbered from `from`, pointing at `next`.
fn contact_page(from: usize, conversations: usize, groups: usize, next: usize) -> String {
    let contacts: Vec<String> = (from..from + conversations)
        .map(|i| format!(r#"{{"Type":1,"To_Account":"u{i}","ContactGroupId":[1]}}"#))
        .collect();
    let entries: Vec<String> = (0..groups).map(|i| format!(r#"{{"GroupName":"g{i}","GroupId":{i}}}"#)).collect();
    format!(
        r#"{{"ActionStatus":"OK","ErrorCode":0,"CompleteFlag":0,"NextStartIndex":{next},"GroupItem":[{}],"ContactItem":[{}]}}"#,
        entries.join(","),
        contacts.join(",")
    )
}

#[test]
fn get_contact_group_stops_reading_past_10000_conversations() {
    let request = || groups::get(Some(&v(r#"{"fromAccount":"alice"}"#)));
    // Ten pages of 1,000 are read (10,000, ten times what a user can group); one more conversation is refused.
    let full: Vec<String> = (0..10).map(|p| contact_page(p * 1000, 1000, 1, (p + 1) * 1000)).collect();
    let answers: Vec<&str> = full.iter().map(String::as_str).collect();
    assert_eq!(first_error(request(), &answers), None);
    let one_more = contact_page(10_000, 1, 1, 10_001);
    let with_more: Vec<&str> = answers.iter().copied().chain([one_more.as_str()]).collect();
    let e = first_error(request(), &with_more);
    assert!(e.as_ref().is_some_and(|e| e.0 == "decode" && e.1.contains("more than 10,000 conversations")), "{e:?}");
    // All in one answer alike.
    let e = first_error(request(), &[&contact_page(0, 10_001, 1, 10_001)]);
    assert!(e.as_ref().is_some_and(|e| e.1.contains("10,000 conversations")), "{e:?}");
}

#[test]
fn get_contact_group_stops_reading_past_100_groups_or_10000_group_entries() {
    let request = || groups::get(Some(&v(r#"{"fromAccount":"alice"}"#)));
    assert_eq!(first_error(request(), &[&contact_page(0, 1, 100, 1)]), None);
    let e = first_error(request(), &[&contact_page(0, 1, 101, 1)]);
    assert!(e.as_ref().is_some_and(|e| e.0 == "decode" && e.1.contains("more than 100 groups")), "{e:?}");
    // The same 20 groups on every page: 500 pages are 10,000 entries, one page more is refused.
    let pages: Vec<String> = (0..501).map(|p| contact_page(p, 1, 20, p + 1)).collect();
    let answers: Vec<&str> = pages.iter().map(String::as_str).collect();
    assert_eq!(first_error(request(), &answers[..500]), None);
    let e = first_error(request(), &answers);
    assert!(e.as_ref().is_some_and(|e| e.1.contains("more than 10,000 group entries")), "{e:?}");
}

#[test]
fn only_runs_known_safe_to_repeat_are_repeated_after_an_attempt_that_may_have_been_applied() {
    let once = |run: Result<Run>| run.map(|r| r.once).unwrap_or_else(|e| panic!("{e}"));
    let alice = || v(r#"{"fromAccount":"alice"}"#);
    let bob = r#"{"type":"c2c","toAccount":"bob"}"#;
    // Deleting a conversation twice: the second may fail for what the first did; the group changes likewise.
    assert!(once(delete::run(Some(&v(&format!(r#"{{"fromAccount":"alice","conversation":{bob}}}"#))))));
    assert!(once(groups::create(Some(&v(&format!(
        r#"{{"fromAccount":"alice","name":"w","conversations":[{bob}]}}"#
    ))))));
    assert!(once(groups::update(Some(&v(r#"{"fromAccount":"alice","name":"w","newName":"x"}"#)))));
    assert!(once(groups::delete(Some(&v(r#"{"fromAccount":"alice","name":"w"}"#)))));
    // Reads and marks are.
    assert!(!once(list::page(Some(&alice()))));
    assert!(!once(groups::get(Some(&alice()))));
    assert!(!once(groups::search(Some(&v(&format!(r#"{{"fromAccount":"alice","conversations":[{bob}]}}"#))))));
    let mark = format!(r#"{{"fromAccount":"alice","marks":[{{"conversation":{bob},"set":[40]}}]}}"#);
    assert!(!once(marks::run(Some(&v(&mark)))));
}
