// The demo: the accounts and conversation lists an emulator starts with unless told not to (`demo: false`,
// `--no-demo`). `npm start`, the `tencent-chat-emulator` command and startEmulator() start with it alike, so that
// a first `pin` and `conversations` show something. Message times are fixed (November 2023), so what the
// commands print is the same on every run (the README's console session is checked against it).

/** The demo users, imported at start besides the admin. */
export const DEMO_ACCOUNTS = Object.freeze(['alice', 'bob', 'carol', 'dave']);

/** The demo's group IDs (any GroupId is accepted by top: these are the ones in the demo lists). */
export const DEMO_GROUPS = Object.freeze(['announcements', 'release-crew', 'support']);

/**
 * The demo's chat group with members (the `groups` option's shape, a new copy): what get_group_member_info lists
 * and "Pin for all members" pins. Its members join at fixed times, a day apart.
 */
export function demoGroups() {
  const joined = (days) => 1699000000 + days * 24 * 3600;
  return [
    {
      groupId: 'announcements',
      type: 'Public',
      name: 'Announcements',
      owner: 'alice',
      members: [{ account: 'bob', role: 'Admin', joinTime: joined(1) }, { account: 'carol', joinTime: joined(2) }, { account: 'dave', joinTime: joined(3) }],
    },
  ];
}

const NOW = 1700000000; // 2023-11-14T22:13:20Z, the last message of the demo
const HOUR = 3600;
const DAY = 24 * HOUR;

const c2c = (To_Account, ago) => ({ Type: 1, To_Account, MsgTime: NOW - ago });
const group = (GroupId, ago) => ({ Type: 2, GroupId, MsgTime: NOW - ago });
/** A conversation without messages: listed only with AssistFlags bit 1. */
const empty = (GroupId) => ({ Type: 2, GroupId, MsgTime: 0, NoMessages: true });

/** Each demo user's conversation list ({ UserID: [seed] }, the `conversations` option's shape), a new copy. */
export function demoConversations() {
  return {
    alice: [c2c('bob', 0), group('announcements', HOUR), c2c('carol', 2 * HOUR), group('release-crew', DAY), c2c('dave', 2 * DAY), empty('support')],
    bob: [c2c('alice', 0), group('announcements', HOUR)],
    carol: [c2c('alice', 2 * HOUR), group('announcements', HOUR), empty('support')],
    dave: [c2c('alice', 2 * DAY), group('release-crew', DAY)],
  };
}
