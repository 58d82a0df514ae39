// `bulk pin|unpin --group-members GROUP` against the emulator: a group of 1,234 members pinned for each member once
// (checked in the emulator's state), a Community group paged with Next, the role and join-time filters, members at the
// 50-pin cap reported one by one, a group that does not exist, usage errors; and Ctrl-C mid-run with --journal: exit
// 130, stderr says how to resume, and the second run skips the members recorded.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { assertUsageErrors, useEmulator, useTempDir } from './cases.mjs';
import { CLI, cli } from './helpers.mjs';

const MEMBERS = Array.from({ length: 1234 }, (_, i) => `m${String(i).padStart(4, '0')}`);
const suite = useEmulator({}, { reset: true });
const temp = useTempDir('bulk-group-');

async function control(path, body) {
  const response = await fetch(`${suite.emu.url}/__emulator/${path}`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(response.ok, true, `${path}: ${await response.text()}`);
}
const seedGroup = (groupId, members, extra = {}) => control('groups', { groupId, members, ...extra });

/** The users with `groupId` pinned, from the emulator's state. */
function pinnedFor(groupId) {
  const { pinned } = suite.emu.state();
  return Object.entries(pinned).filter(([, items]) => items.some((i) => i.GroupId === groupId)).map(([user]) => user).sort();
}
const run = (args) => cli(['bulk', ...args, '--progress', 'none'], { env: suite.env });
/** The bodies of the get_group_member_info calls the emulator kept (its history holds the last 200 calls). */
const pageBodies = () => suite.emu.state().requests.filter((r) => r.path.endsWith('/get_group_member_info')).map((r) => r.body);

async function until(condition, what) {
  for (let i = 0; i < 600; i++) {
    if (condition()) return;
    await sleep(50);
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('bulk pin|unpin --group-members GROUP', () => {
  test('1,234 members: the group pinned in every member\'s list, each once; the report counts them', { timeout: 120_000 }, async () => {
    await seedGroup('big', MEMBERS);
    const before = suite.emu.state().requestCount;
    const r = await run(['pin', '--group-members', 'big', '--page-size', '200']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(
      [report.operation, report.group, report.memberNum, report.members, report.succeeded, report.failed, report.skipped, report.excluded, report.stopped],
      ['pin', 'big', 1234, 1234, 1234, 0, 0, 0, false],
    );
    assert.deepEqual(pinnedFor('big'), MEMBERS);
    assert.ok(Object.values(suite.emu.state().pinned).every((items) => items.length === 1));
    // Each member asked for once: 1,234 top requests and 7 pages of up to 200 reached the emulator, nothing else.
    assert.equal(suite.emu.state().requestCount - before, 1234 + 7);
    const tops = suite.emu.state().requests.filter((c) => c.path === '/v4/recentcontact/top');
    assert.ok(tops.every((c) => c.body.OperationType === 1 && c.body.RecentContactItem.length === 1 && c.body.RecentContactItem[0].GroupId === 'big'));
    const unpin = await run(['unpin', '--group-members', 'big']);
    assert.equal(unpin.code, 0, unpin.stderr);
    assert.deepEqual(pinnedFor('big'), []);
  });

  test('a Community group pages with Next; --exclude-roles and --joined-after leave members out', async () => {
    const members = MEMBERS.slice(0, 250).map((account, i) => ({ account, role: i === 0 ? 'Owner' : i < 5 ? 'Admin' : 'Member', joinTime: 1700000000 + i }));
    await seedGroup('@TGS#_town', members, { type: 'Community' });
    const r = await run(['pin', '--group-members', '@TGS#_town', '--exclude-roles', 'owner,admin', '--joined-after', '1700000100']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual([report.memberNum, report.members, report.succeeded, report.excluded], [250, 149, 149, 101]);
    assert.deepEqual(pinnedFor('@TGS#_town'), MEMBERS.slice(101, 250));
    const bodies = pageBodies();
    assert.deepEqual(bodies[0], { GroupId: '@TGS#_town', Limit: 100, Next: '' });
    assert.ok(bodies.length === 3 && bodies.slice(1).every((b) => typeof b.Next === 'string' && b.Next !== '' && !('Offset' in b)), JSON.stringify(bodies));
    // A date works as well as Unix seconds.
    await control('reset', {});
    await seedGroup('dated', members);
    const dated = await run(['pin', '--group-members', 'dated', '--joined-after', new Date(1700000200 * 1000).toISOString()]);
    assert.equal(JSON.parse(dated.stdout).succeeded, 49);
  });

  test('members at the 50-pin cap fail one by one (exit 1), named on stderr with what to do', async () => {
    await seedGroup('news', MEMBERS.slice(0, 4));
    // m0002 has 50 pinned conversations, pinned through the command line itself: one request of 50 groups.
    const full = Array.from({ length: 50 }, (_, i) => ({ type: 'group', groupId: `old${i}` }));
    const file = temp.file('full.jsonl', `${JSON.stringify({ fromAccount: MEMBERS[2], conversations: full })}\n`);
    assert.equal((await run(['pin', file])).code, 0);
    const r = await run(['pin', '--group-members', 'news']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual([report.succeeded, report.failed], [3, 1]);
    assert.equal(report.failures[0].member, MEMBERS[2]);
    assert.equal(report.failures[0].error.code, 50006);
    assert.match(r.stderr, new RegExp(`^member ${MEMBERS[2]}: service 50006: the user already has 50 pinned conversations, the most the service allows: unpin one of them first`, 'm'));
  });

  test('a group that does not exist: exit 1, nothing pinned', async () => {
    const r = await run(['pin', '--group-members', 'nope']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^tencent-chat-admin: service 10010: /m);
    assert.equal(r.stdout, '');
    assert.deepEqual(suite.emu.state().pinned, {});
  });

  test('usage errors', async () => {
    await assertUsageErrors(['bulk'], [
      [['pin', 'x.csv', '--group-members', 'g'], /give FILE or --group-members GROUP, not both/],
      [['pin', '--group-members', 'g', '--batch', '5'], /--batch applies to FILE only/],
      [['pin', '--group-members', 'g', '--dry-run'], /--dry-run applies to FILE only/],
      [['pin', 'x.csv', '--exclude-roles', 'owner'], /--exclude-roles applies to --group-members GROUP only/],
      [['pin', '--group-members', 'g', '--exclude-roles', 'boss'], /^tencent-chat-admin: --exclude-roles: excludeRoles\[0\] must be 'owner', 'admin' or 'member'/m],
      [['pin', '--group-members', 'g', '--joined-after', 'last week'], /--joined-after must be Unix seconds or a date/],
      [['pin', '--group-members', 'g', '--page-size', '500'], /--page-size/],
      [['pin', '--group-members', ''], /--group-members: groupId must not be empty/],
    ], suite.env);
    const help = await cli(['bulk', '--help']);
    assert.match(help.stdout, /bulk pin\|unpin --group-members GROUP/);
    assert.match(help.stdout, /--exclude-roles LIST/);
  });

  test('Ctrl-C mid-run with --journal: exit 130, how to resume; the second run skips the members recorded', { timeout: 120_000 }, async () => {
    await seedGroup('club', MEMBERS.slice(0, 40));
    const journal = join(temp.dir, 'club.journal');
    // One request at a time: m0000 to m0009 go through and are recorded, m0010's is held until the interrupt.
    await control('faults', { delayMs: 60_000, fromAccount: MEMBERS[10] });
    const args = ['bulk', 'pin', '--group-members', 'club', '--concurrency', '1', '--journal', journal, '--progress', 'none'];
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...suite.env }, stdio: 'pipe' });
    const out = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (d) => (out.stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (out.stderr += d));
    const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
    await until(() => suite.emu.state().faults.length === 0, "m0010's request to reach the emulator");
    child.kill('SIGINT');
    assert.equal(await exited, 130, out.stderr);
    const report = JSON.parse(out.stdout);
    assert.deepEqual([report.succeeded, report.stopped, report.inFlight], [10, true, [MEMBERS[10]]]);
    assert.match(out.stderr, /interrupted \(Ctrl-C\).*10 pinned, 0 failed, 0 skipped as done before.*1 in flight/);
    assert.match(out.stderr, new RegExp(`To resume, run the same command again with the same --journal ${journal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const recorded = readFileSync(journal, 'utf8').trim().split('\n').slice(1).map((line) => JSON.parse(line).member);
    assert.deepEqual(recorded.sort(), MEMBERS.slice(0, 10));

    await control('clear-faults', {});
    const before = suite.emu.state().requestCount;
    const second = await run(['pin', '--group-members', 'club', '--journal', journal]);
    assert.equal(second.code, 0, second.stderr);
    const resumed = JSON.parse(second.stdout);
    assert.deepEqual([resumed.skipped, resumed.succeeded], [10, 30]);
    const sent = suite.emu.state().requests.slice(-(suite.emu.state().requestCount - before)).filter((c) => c.path === '/v4/recentcontact/top');
    assert.deepEqual(sent.map((c) => c.body.From_Account).filter((m) => recorded.includes(m)), []);
    assert.deepEqual(pinnedFor('club'), MEMBERS.slice(0, 40));
    // A journal of this group is refused for another.
    const other = await run(['pin', '--group-members', 'other', '--journal', journal]);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /it records a run for the members of group "club", not a run for the members of group "other"/);
  });
});
