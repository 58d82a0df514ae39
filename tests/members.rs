//! A group's members (`get_group_member_info`, reference §4d): request bodies against JSON written by hand from the
//! reference, the paging decisions (Offset pages, Community `Next` pages, the switch to `Next`, the end, and paging
//! that does not move on), members read into the JS shape once each, and a group pin's filters and options.

use tencent_chat_admin::core::input::tree::Value;
use tencent_chat_admin::core::methods::members::filter::{read_options, MemberFilter};
use tencent_chat_admin::core::methods::members::paging::{MemberPaging, Page};
use tencent_chat_admin::core::methods::members::{read_list, read_pin, Role};
use tencent_chat_admin::{Error, ErrorKind};

/// JSON text as the core reads it.
fn v(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

/// JSON text as serde_json's own value (objects compare whatever their key order).
fn j(json: &str) -> serde_json::Value {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

/// A member of the answer: `Member_Account` `id`, the role and join time given.
fn member(id: &str, role: &str, join: u64) -> String {
    format!(
        r#"{{"Member_Account":"{id}","Role":"{role}","JoinTime":{join},"MsgSeq":1,"MsgFlag":"AcceptAndNotify","LastSendMsgTime":0,"MuteUntil":0,"NameCard":""}}"#
    )
}

/// Members `from..to` as plain members (`m0001`, …) joined at 1700000000 + i.
fn members(from: u32, to: u32) -> Vec<String> {
    (from..to).map(|i| member(&format!("m{i:04}"), "Member", 1_700_000_000 + u64::from(i))).collect()
}

/// An answer with `MemberNum` `num`, the members, and `Next` when given.
fn answer(num: u64, list: &[String], next: Option<&str>) -> String {
    let next = next.map(|n| format!(r#","Next":"{n}""#)).unwrap_or_default();
    format!(r#"{{"ActionStatus":"OK","ErrorCode":0,"MemberNum":{num},"MemberList":[{}]{next}}}"#, list.join(","))
}

fn paging(request: &str, filter: MemberFilter) -> MemberPaging {
    let query = read_list(Some(&v(request))).unwrap_or_else(|e| panic!("{request}: {e}"));
    MemberPaging::new(query, filter)
}

/// Asks for pages until the last, answering the i-th with `answers[i]`: the bodies sent and the pages read, or the
/// error that stopped it (with the bodies sent until then).
fn walk(mut p: MemberPaging, answers: &[String]) -> (Vec<String>, Result<Vec<Page>, Error>) {
    let (mut bodies, mut pages) = (Vec::new(), Vec::new());
    while !p.done() {
        let body = p.next_body().unwrap_or_else(|e| panic!("{e}"));
        let Some(text) = answers.get(bodies.len()) else { panic!("asked for a page past the answers: {body}") };
        bodies.push(body);
        match p.read(&v(text)) {
            Ok(page) => pages.push(page),
            Err(e) => return (bodies, Err(e)),
        }
    }
    (bodies, Ok(pages))
}

fn accounts(pages: &[Page]) -> Vec<String> {
    pages.iter().flat_map(|p| p.members.iter().map(|m| m.user_id.clone())).collect()
}

/// The `decode` error's message.
fn stuck(result: Result<Vec<Page>, Error>) -> String {
    match result {
        Ok(_) => panic!("the paging went through"),
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::Decode, "{e}");
            e.message
        }
    }
}

#[test]
fn the_first_page_asks_for_limit_members_without_offset_and_a_community_group_with_next() {
    let body = |request: &str| paging(request, MemberFilter::default()).next_body().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body(r#"{"groupId":"g1"}"#), r#"{"GroupId":"g1","Limit":100}"#);
    assert_eq!(
        body(r#"{"groupId":"g1","pageSize":200,"roles":["owner","admin"]}"#),
        r#"{"GroupId":"g1","MemberRoleFilter":["Owner","Admin"],"Limit":200}"#
    );
    assert_eq!(body(r#"{"groupId":"@TGS#_cafe"}"#), r#"{"GroupId":"@TGS#_cafe","Limit":100,"Next":""}"#);
    assert_eq!(body(r#"{"groupId":"g2","community":true,"pageSize":1}"#), r#"{"GroupId":"g2","Limit":1,"Next":""}"#);
    assert_eq!(body(r#"{"groupId":"@TGS#_cafe","community":false}"#), r#"{"GroupId":"@TGS#_cafe","Limit":100}"#);
}

#[test]
fn offset_pages_go_on_by_limit_until_a_short_page() {
    let (bodies, pages) = walk(
        paging(r#"{"groupId":"g1"}"#, MemberFilter::default()),
        &[
            answer(250, &members(0, 100), None),
            answer(250, &members(100, 200), None),
            answer(250, &members(200, 250), None),
        ],
    );
    assert_eq!(
        bodies,
        [
            r#"{"GroupId":"g1","Limit":100}"#,
            r#"{"GroupId":"g1","Limit":100,"Offset":100}"#,
            r#"{"GroupId":"g1","Limit":100,"Offset":200}"#
        ]
    );
    let pages = pages.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(accounts(&pages), (0..250).map(|i| format!("m{i:04}")).collect::<Vec<_>>());
    assert_eq!(pages.iter().map(|p| p.done).collect::<Vec<_>>(), [false, false, true]);
    assert_eq!(pages.iter().map(|p| p.member_num).collect::<Vec<_>>(), [250, 250, 250]);
}

#[test]
fn a_full_page_that_reaches_member_num_is_the_last() {
    let (bodies, pages) = walk(
        paging(r#"{"groupId":"g1","pageSize":2}"#, MemberFilter::default()),
        &[answer(4, &members(0, 2), None), answer(4, &members(2, 4), None)],
    );
    assert_eq!(bodies.len(), 2);
    assert_eq!(accounts(&pages.unwrap_or_else(|e| panic!("{e}"))).len(), 4);
}

#[test]
fn with_a_role_filter_member_num_does_not_end_the_paging_and_an_empty_page_does() {
    let (bodies, pages) = walk(
        paging(r#"{"groupId":"g1","pageSize":2,"roles":["admin"]}"#, MemberFilter::default()),
        &[answer(1000, &[member("a1", "Admin", 1), member("a2", "Admin", 2)], None), answer(1000, &[], None)],
    );
    assert_eq!(bodies[1], r#"{"GroupId":"g1","MemberRoleFilter":["Admin"],"Limit":2,"Offset":2}"#);
    assert_eq!(accounts(&pages.unwrap_or_else(|e| panic!("{e}"))), ["a1", "a2"]);
}

#[test]
fn an_empty_offset_page_while_member_num_says_more_stops_the_paging() {
    let (bodies, result) = walk(
        paging(r#"{"groupId":"g1"}"#, MemberFilter::default()),
        &[answer(300, &members(0, 100), None), answer(300, &[], None)],
    );
    assert_eq!(bodies.len(), 2);
    assert_eq!(
        stuck(result),
        "get_group_member_info paging does not move on: the page at Offset 100 is empty while MemberNum says 300 members; stopped rather than ask again"
    );
}

#[test]
fn a_page_of_members_listed_before_stops_the_paging_and_a_member_listed_twice_is_given_once() {
    // The second page repeats the first (a service that ignores Offset).
    let (bodies, result) = walk(
        paging(r#"{"groupId":"g1","pageSize":3}"#, MemberFilter::default()),
        &[answer(9, &members(0, 3), None), answer(9, &members(0, 3), None)],
    );
    assert_eq!(bodies.len(), 2);
    assert!(stuck(result).contains("the page at Offset 3 listed only members listed before"));
    // A member listed again on the next page (someone left: the offsets moved) is given once, counted as repeated.
    let (_, pages) = walk(
        paging(r#"{"groupId":"g1","pageSize":3}"#, MemberFilter::default()),
        &[answer(5, &members(0, 3), None), answer(5, &members(2, 5), None)],
    );
    let pages = pages.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(accounts(&pages), ["m0000", "m0001", "m0002", "m0003", "m0004"]);
    assert_eq!(pages.iter().map(|p| p.repeated).collect::<Vec<_>>(), [0, 1]);
}

#[test]
fn community_pages_send_back_each_next_until_it_is_empty() {
    let (bodies, pages) = walk(
        paging(r#"{"groupId":"@TGS#_c1","pageSize":2}"#, MemberFilter::default()),
        &[
            answer(5, &members(0, 2), Some("n1")),
            answer(5, &members(2, 4), Some("n2")),
            answer(5, &members(4, 5), Some("")),
        ],
    );
    assert_eq!(
        bodies,
        [
            r#"{"GroupId":"@TGS#_c1","Limit":2,"Next":""}"#,
            r#"{"GroupId":"@TGS#_c1","Limit":2,"Next":"n1"}"#,
            r#"{"GroupId":"@TGS#_c1","Limit":2,"Next":"n2"}"#
        ]
    );
    assert_eq!(accounts(&pages.unwrap_or_else(|e| panic!("{e}"))).len(), 5);
}

#[test]
fn an_answer_that_carries_next_switches_the_paging_to_next() {
    let (bodies, pages) = walk(
        paging(r#"{"groupId":"big","pageSize":2}"#, MemberFilter::default()),
        &[answer(3, &members(0, 2), Some("t1")), answer(3, &members(2, 3), Some(""))],
    );
    assert_eq!(bodies, [r#"{"GroupId":"big","Limit":2}"#, r#"{"GroupId":"big","Limit":2,"Next":"t1"}"#]);
    assert_eq!(accounts(&pages.unwrap_or_else(|e| panic!("{e}"))).len(), 3);
}

#[test]
fn a_next_answered_before_stops_the_paging() {
    let again = "get_group_member_info paging does not move on: the service's Next came back to one answered before; stopped rather than ask again";
    let (bodies, result) = walk(
        paging(r#"{"groupId":"@TGS#_c1","pageSize":2}"#, MemberFilter::default()),
        &[answer(9, &members(0, 2), Some("n1")), answer(9, &members(2, 4), Some("n1"))],
    );
    assert_eq!(bodies.len(), 2);
    assert_eq!(stuck(result), again);
    // A, B, A: not only a Next repeated in a row.
    let (bodies, result) = walk(
        paging(r#"{"groupId":"@TGS#_c1","pageSize":2}"#, MemberFilter::default()),
        &[
            answer(9, &members(0, 2), Some("A")),
            answer(9, &members(2, 4), Some("B")),
            answer(9, &members(4, 6), Some("A")),
        ],
    );
    assert_eq!(bodies.len(), 3);
    assert_eq!(stuck(result), again);
}

#[test]
fn a_next_page_without_next_ends_only_when_member_num_says_so() {
    let (_, result) = walk(
        paging(r#"{"groupId":"g1","community":true,"pageSize":2}"#, MemberFilter::default()),
        &[answer(10, &members(0, 2), None)],
    );
    assert!(stuck(result).contains("no Next while MemberNum says there are more members: is this a Community group?"));
    let (_, pages) = walk(
        paging(r#"{"groupId":"g1","community":true}"#, MemberFilter::default()),
        &[answer(2, &members(0, 2), None)],
    );
    assert_eq!(accounts(&pages.unwrap_or_else(|e| panic!("{e}"))).len(), 2);
}

#[test]
fn members_are_read_into_the_js_shape() {
    let mut p = paging(r#"{"groupId":"g1"}"#, MemberFilter::default());
    p.next_body().unwrap_or_else(|e| panic!("{e}"));
    let text = r#"{"ActionStatus":"OK","ErrorCode":0,"MemberNum":2,"MemberList":[
        {"Member_Account":"alice","Role":"Owner","JoinTime":1700000000,"MsgSeq":12,"MsgFlag":"AcceptAndNotify",
         "LastSendMsgTime":1700000500,"MuteUntil":0,"NameCard":"Al","OnlineStatus":"Online",
         "AppMemberDefinedData":[{"Key":"level","Value":"3"}]},
        {"Member_Account":"bob","Role":"Member","JoinTime":1700000100,"MsgSeq":3,"MsgFlag":"Discard",
         "LastSendMsgTime":0,"MuteUntil":1800000000,"NameCard":""}]}"#;
    let page = p.absorb(text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        j(&page),
        j(r#"{"members":[
            {"userId":"alice","role":"owner","joinTime":1700000000,"msgSeq":12,"msgFlag":"AcceptAndNotify",
             "lastSendMsgTime":1700000500,"muteUntil":0,"nameCard":"Al","onlineStatus":"Online",
             "appMemberDefinedData":[{"key":"level","value":"3"}]},
            {"userId":"bob","role":"member","joinTime":1700000100,"msgSeq":3,"msgFlag":"Discard",
             "lastSendMsgTime":0,"muteUntil":1800000000,"nameCard":""}],
          "memberNum":2,"skipped":0,"repeated":0,"done":true}"#)
    );
}

#[test]
fn answers_that_are_not_the_documented_shape_are_decode_errors() {
    for (text, says) in [
        (r#"{"MemberList":[]}"#.to_owned(), "has no MemberNum"),
        (answer(1, &[member("x", "Guest", 1)], None), r#"member x has the role "Guest", not Owner, Admin or Member"#),
        (answer(1, &[r#"{"Role":"Member"}"#.to_owned()], None), "a member in the answer has no Member_Account"),
        (r#"{"MemberNum":1,"MemberList":[],"Next":7}"#.to_owned(), "Next is not a string"),
    ] {
        let mut p = paging(r#"{"groupId":"g1"}"#, MemberFilter::default());
        p.next_body().unwrap_or_else(|e| panic!("{e}"));
        let err = p.absorb(&text).err().unwrap_or_else(|| panic!("{text} was read"));
        assert_eq!(err.kind, ErrorKind::Decode);
        assert!(err.message.contains(says), "{text}: {}", err.message);
    }
}

#[test]
fn a_filter_leaves_out_roles_and_members_who_joined_at_or_before_a_time() {
    let filter = MemberFilter { exclude: vec![Role::Owner, Role::Admin], joined_after: Some(100) };
    let list = [
        member("owner", "Owner", 500),
        member("admin", "Admin", 500),
        member("early", "Member", 99),
        member("exact", "Member", 100),
        member("late", "Member", 101),
    ];
    let (_, pages) = walk(paging(r#"{"groupId":"g1"}"#, filter), &[answer(5, &list, None)]);
    let pages = pages.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(accounts(&pages), ["late"]);
    assert_eq!(pages[0].skipped, 4);
}

#[test]
fn group_pin_options_are_the_bulk_options_and_the_filters() {
    let read = |json: &str| read_options(Some(&v(json)));
    let Ok((bulk, filter)) = read(r#"{"excludeRoles":["owner"],"joinedAfter":1700000000,"concurrency":4}"#) else {
        panic!("refused")
    };
    assert_eq!((bulk.concurrency, filter.exclude, filter.joined_after), (4, vec![Role::Owner], Some(1_700_000_000)));
    for (json, field, says) in [
        (r#"{"operation":"unpin"}"#, "operation", "pinGroupForMembers pins, unpinGroupForMembers unpins"),
        (r#"{"total":5}"#, "total", "the group says how many members it has"),
        (r#"{"excludeRole":["owner"]}"#, "excludeRole", "did you mean excludeRoles?"),
        (r#"{"joinedAfter":1700000000000}"#, "joinedAfter", "a larger number is milliseconds"),
        (r#"{"joinedAfter":"yesterday"}"#, "joinedAfter", "must be a number"),
        (r#"{"excludeRoles":["owner","admin","member"]}"#, "excludeRoles", "every role"),
        (r#"{"excludeRoles":["guest"]}"#, "excludeRoles[0]", "must be 'owner', 'admin' or 'member'"),
        (r#"{"excludeRoles":["admin","admin"]}"#, "excludeRoles[1]", "repeats a role"),
        (r#"{"concurrency":0}"#, "concurrency", "from 1 to 1024"),
        (r#"{"filter":true}"#, "filter", "must be a function"),
    ] {
        let err = read(json).err().unwrap_or_else(|| panic!("{json} was accepted"));
        assert_eq!(err.field.as_deref(), Some(field), "{json}: {}", err.message);
        assert!(err.message.contains(says), "{json}: {}", err.message);
    }
}

#[test]
fn bad_requests_are_refused_with_the_field_path() {
    for (json, field, says) in [
        (r#"{}"#, "groupId", "is required"),
        (r#"{"groupId":""}"#, "groupId", "must not be empty"),
        (r#"{"groupId":"g","pageSize":201}"#, "pageSize", "from 1 to 200"),
        (r#"{"groupId":"g","pageSize":0}"#, "pageSize", "from 1 to 200"),
        (r#"{"groupId":"g","community":"yes"}"#, "community", "must be a boolean"),
        (r#"{"groupId":"g","roles":[]}"#, "roles", "must list 1 to 3 roles"),
        (r#"{"groupId":"g","roles":["Owner"]}"#, "roles[0]", "'owner', 'admin' or 'member'"),
        (r#"{"groupId":"g","roles":[1]}"#, "roles[0]", "not number"),
        (r#"{"groupID":"g"}"#, "groupID", "did you mean groupId?"),
    ] {
        let err = read_list(Some(&v(json))).err().unwrap_or_else(|| panic!("{json} was accepted"));
        assert_eq!(err.field.as_deref(), Some(field), "{json}: {}", err.message);
        assert!(err.message.contains(says), "{json}: {}", err.message);
    }
    // A group pin's request has no roles: its filter is the excludeRoles option.
    let err = read_pin(Some(&v(r#"{"groupId":"g","roles":["owner"]}"#))).err();
    assert_eq!(err.and_then(|e| e.field), Some("roles".into()));
}
