// pinGroupForMembers against the emulator: a group of 1,234 members under the documented 200/s limit gets the group
// pinned in every member's list, each member once and nothing lost (the emulator's state, and the requests it
// received); a Community group pages with Next; the role and join-time filters; members at the 50-pin cap fail alone;
// a signal stops the run with what was in flight and what was never sent apart, and the rest can be sent again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until } from '../js/helpers.mjs';
import { client, emulator } from './helpers.mjs';

const MEMBERS = Array.from({ length: 1234 }, (_, i) => `m${String(i).padStart(4, '0')}`);
const FAST_RETRY = { retries: 10, minDelayMs: 1, maxDelayMs: 20 };

/** The users with `groupId` pinned, in the emulator's state. */
function pinnedFor(emu, groupId) {
  return Object.entries(emu.state().pinned).filter(([, items]) => items.some((i) => i.GroupId === groupId)).map(([user]) => user).sort();
}

test('1,234 members at the 200/s limit: the group pinned for each, once, nothing lost', { timeout: 120_000 }, async () => {
  const emu = await emulator({ rateLimit: 200 });
  try {
    await emu.control('groups', { groupId: 'announcements', members: MEMBERS });
    const tops = [];
    const fetch = (url, init) => {
      if (String(url).includes('/recentcontact/top')) tops.push(JSON.parse(init.body).From_Account);
      return globalThis.fetch(url, init);
    };
    const report = await client(emu.url, { retry: FAST_RETRY, fetch }).pinGroupForMembers({ groupId: 'announcements' });
    assert.deepEqual([report.memberNum, report.total, report.succeeded, report.failed, report.stopped], [1234, 1234, 1234, 0, false]);
    assert.deepEqual([report.inFlight, report.notAttempted, report.failures], [[], [], []]);
    assert.deepEqual(pinnedFor(emu, 'announcements'), MEMBERS);
    // Each member's request went out until it was not throttled: a member is asked for once, and each throttled
    // answer costs exactly one more attempt.
    assert.deepEqual([...new Set(tops)].sort(), MEMBERS);
    assert.equal(report.attempts, tops.length);
    assert.ok(Object.values(emu.state().pinned).every((items) => items.length === 1));
  } finally {
    await emu.close();
  }
});

test('a Community group pages with Next; excludeRoles and joinedAfter leave members out', async () => {
  const emu = await emulator();
  try {
    const members = MEMBERS.slice(0, 450).map((account, i) => ({ account, role: i === 0 ? 'Owner' : i < 10 ? 'Admin' : 'Member', joinTime: 1700000000 + i }));
    await emu.control('groups', { groupId: '@TGS#_plaza', type: 'Community', members });
    const admin = client(emu.url);
    const listed = [];
    for await (const m of admin.listGroupMembers({ groupId: '@TGS#_plaza', pageSize: 200 })) listed.push(m);
    assert.deepEqual(listed.map((m) => m.userId), MEMBERS.slice(0, 450));
    assert.deepEqual([listed[0].role, listed[5].role, listed[10].role, listed[449].joinTime], ['owner', 'admin', 'member', 1700000449]);
    const pages = emu.state().requests.filter((r) => r.path.endsWith('/get_group_member_info')).map((r) => r.body);
    assert.deepEqual(pages.map((b) => ('Next' in b) && !('Offset' in b)), [true, true, true]);
    assert.equal(pages[0].Next, '');

    const report = await admin.pinGroupForMembers({ groupId: '@TGS#_plaza' }, { excludeRoles: ['owner', 'admin'], joinedAfter: 1700000099 });
    assert.deepEqual([report.succeeded, report.skipped], [350, 100]);
    assert.deepEqual(pinnedFor(emu, '@TGS#_plaza'), MEMBERS.slice(100, 450));
  } finally {
    await emu.close();
  }
});

test('members at the 50-pin cap fail alone, with what to do; a member who has the group pinned already succeeds', async () => {
  const emu = await emulator();
  try {
    await emu.control('groups', { groupId: 'news', members: MEMBERS.slice(0, 6) });
    const admin = client(emu.url);
    const fifty = Array.from({ length: 50 }, (_, i) => ({ type: 'group', groupId: `g${i}` }));
    const full = [MEMBERS[1], MEMBERS[4]];
    const filled = await admin.pinConversationsBulk(full.map((fromAccount) => ({ fromAccount, conversations: fifty })));
    assert.equal(filled.succeeded, 2);
    // m0002 is at the cap with the group among its 50.
    await admin.pinConversations({ fromAccount: MEMBERS[2], conversations: [...fifty.slice(0, 49), { type: 'group', groupId: 'news' }] });
    const report = await admin.pinGroupForMembers({ groupId: 'news' });
    assert.deepEqual([report.succeeded, report.failed], [4, 2]);
    assert.deepEqual(report.failures.map((f) => f.request.fromAccount).sort(), full);
    for (const f of report.failures) {
      assert.equal(f.error.code, 50006);
      assert.match(f.error.message, /^the user already has 50 pinned conversations, the most the service allows: unpin one of them first/);
    }
    assert.deepEqual(pinnedFor(emu, 'news'), [MEMBERS[0], MEMBERS[2], MEMBERS[3], MEMBERS[5]]);
  } finally {
    await emu.close();
  }
});

test('a signal stops the run: in flight and not attempted apart; sending them again pins everyone', async () => {
  const emu = await emulator();
  try {
    await emu.control('groups', { groupId: 'club', members: MEMBERS.slice(0, 30) });
    // m0005's request is held; one worker, so m0006 onwards wait.
    await emu.faults([{ delayMs: 60_000, fromAccount: MEMBERS[5] }]);
    const controller = new AbortController();
    const admin = client(emu.url);
    const run = admin.pinGroupForMembers({ groupId: 'club' }, { concurrency: 1, signal: controller.signal });
    // Aborted once m0005's request reached the emulator (the fault is taken then).
    await until(() => emu.state().faults.length === 0, "m0005's request to reach the emulator");
    controller.abort();
    const report = await run;
    assert.equal(report.stopped, true);
    assert.deepEqual(report.inFlight.map((i) => i.request.fromAccount), [MEMBERS[5]]);
    const done = pinnedFor(emu, 'club');
    assert.deepEqual(done, MEMBERS.slice(0, 5));
    assert.ok(report.notAttempted.every((i) => !done.includes(i.request.fromAccount)));
    await emu.control('clear-faults', {});
    const again = await admin.pinConversationsBulk([...report.inFlight, ...report.notAttempted].map((i) => i.request));
    assert.equal(again.failed, 0);
    // The members never read (the paging stopped with the run) are pinned by a second group run.
    const rest = await admin.pinGroupForMembers({ groupId: 'club' });
    assert.equal(rest.failed, 0);
    assert.deepEqual(pinnedFor(emu, 'club'), MEMBERS.slice(0, 30));
  } finally {
    await emu.close();
  }
});
