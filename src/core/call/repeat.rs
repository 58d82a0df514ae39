//! Which requests may be sent again after an attempt that may have been applied (a timeout, a dropped
//! connection, a 5xx without the envelope, an internal error): the one list, read by every method and by
//! `request()`. An endpoint not listed is sent again only after an answer that proves nothing was done (a
//! throttling code, an expired UserSig), unless the caller of `request()` says it is safe (`idempotent: true`).

/// Endpoints (without `v4/`) whose request, applied twice, leaves the service as applying it once does and is
/// answered alike: the read-only ones, and those that set a state rather than add or remove something (the
/// reference, `/work/shared/reference/chat-rest-api.md`, and the package's own documentation).
pub const SAFE_TO_REPEAT: [&str; 13] = [
    // Read-only.
    "recentcontact/get_list",
    "recentcontact/get_contact_group",
    "recentcontact/search_contact_group",
    "im_open_login_svc/account_check",
    "group_open_http_svc/get_group_info",
    "group_open_http_svc/get_group_member_info",
    "group_open_http_svc/get_specified_group_member_info",
    "profile/portrait_get",
    // A state set, the same after a second time: a pin or an unpin, marks set or cleared, an account imported
    // (the reference: "importing again is harmless"), a user logged out.
    "recentcontact/top",
    "recentcontact/mark_contact",
    "im_open_login_svc/account_import",
    "im_open_login_svc/multiaccount_import",
    "im_open_login_svc/kick",
];

/// Whether `command` (`service/command`, without `v4/`) is known to be safe to send again.
pub fn safe_to_repeat(command: &str) -> bool {
    SAFE_TO_REPEAT.contains(&command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_that_a_repeat_would_do_again_or_fail_for_are_not_listed() {
        for command in [
            "openim/sendmsg",
            "openim/batchsendmsg",
            "recentcontact/delete",
            "recentcontact/create_contact_group",
            "recentcontact/update_contact_group",
            "recentcontact/del_contact_group",
            "im_open_login_svc/account_delete",
            "group_open_http_svc/add_group_member",
            "recentcontact/Get_List",
        ] {
            assert!(!safe_to_repeat(command), "{command}");
        }
        assert!(safe_to_repeat("recentcontact/top"));
        assert!(safe_to_repeat("group_open_http_svc/get_group_info"));
    }
}
