// `bulk pin FILE` / `bulk unpin FILE`: the real binary against an in-process emulator. Rows end up pinned (the
// emulator's state), merged into fewer requests (the emulator's request history), bad rows are reported by line
// without stopping the others, a service failure names its lines, usage errors name the flag or the file line.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { useEmulator, useTempDir } from './cases.mjs';
import { KEY, cli } from './helpers.mjs';

const USERS = ['alice', 'bob', 'carol', 'dave'];
const suite = useEmulator({ accounts: USERS }, { reset: true });
const temp = useTempDir('bulk-test-');

const file = (name, text) => temp.file(name, text);
/** The pin calls the emulator answered (its history keeps the last 200; these tests send fewer). */
const topCalls = () => suite.emu.state().requests.filter((r) => r.path === '/v4/recentcontact/top');
/** A user's pins as "c2c:ID" / "group:ID", sorted. */
const pins = (user) => (suite.emu.state().pinned[user] ?? []).map((c) => (c.Type === 1 ? `c2c:${c.To_Account}` : `group:${c.GroupId}`)).sort();
const run = (args, options = {}) => cli(['bulk', ...args, '--progress', 'none'], { env: suite.env, ...options });

/** Rows for every user: `perUser` group conversations each, interleaved by user (as an export may list them). */
function csvRows(perUser) {
  const rows = [];
  for (let i = 0; i < perUser; i++) for (const user of USERS) rows.push(`${user},group,g${i}`);
  return rows;
}

describe('bulk pin|unpin FILE', () => {
  test('a CSV file: every row pinned, a user\'s rows merged into one request (up to 50), report on stdout, exit 0', async () => {
    const rows = csvRows(5);
    rows.push('alice,c2c,bob', 'bob,c2c,alice');
    const r = await run(['pin', file('pins.csv', `fromAccount,type,id\n${rows.join('\n')}\n`)]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.rows, 22);
    assert.equal(report.succeeded, 22);
    assert.equal(report.failed + report.bad + report.skipped, 0);
    assert.equal(report.stopped, false);
    for (const user of USERS) assert.deepEqual(pins(user).filter((p) => p.startsWith('group:')), ['group:g0', 'group:g1', 'group:g2', 'group:g3', 'group:g4']);
    assert.deepEqual(pins('alice').filter((p) => p.startsWith('c2c:')), ['c2c:bob']);
    // One request per user: 4 requests for 22 rows.
    const calls = topCalls();
    assert.equal(calls.length, 4);
    assert.equal(report.requests, 4);
    assert.deepEqual(calls.map((c) => c.body.From_Account).sort(), USERS);
    assert.ok(calls.every((c) => c.body.OperationType === 1));
    assert.equal(r.stderr, '');
    assert.ok(!r.stdout.includes(KEY) && !r.stderr.includes(KEY));
  });

  test('more than 50 conversations of one user go into requests of 50; --batch 1 sends one row a request', async () => {
    // Unpinned: a user can have at most 50 pinned conversations, but unpins of any number are sent alike.
    const rows = Array.from({ length: 120 }, (_, i) => `carol,group,big${i}`);
    const path = file('big.csv', `fromAccount,type,id\n${rows.join('\n')}\n`);
    const r = await run(['unpin', path]);
    assert.equal(r.code, 0, r.stderr);
    // Sent concurrently: the order they arrive in is not fixed.
    assert.deepEqual(topCalls().map((c) => c.body.RecentContactItem.length).sort((a, b) => a - b), [20, 50, 50]);
    assert.ok(topCalls().every((c) => c.body.OperationType === 2));
    const sent = topCalls().flatMap((c) => c.body.RecentContactItem.map((item) => item.GroupId));
    assert.deepEqual(sent.sort(), rows.map((row) => row.split(',')[2]).sort());
    await fetch(`${suite.emu.url}/__emulator/reset`, { method: 'POST' });
    const single = await run(['pin', file('few.csv', 'fromAccount,type,id\ndave,group,a\ndave,group,b\ndave,group,c\n'), '--batch', '1']);
    assert.equal(single.code, 0, single.stderr);
    assert.deepEqual(topCalls().map((c) => c.body.RecentContactItem.length), [1, 1, 1]);
  });

  test('a row repeated for the same user is not sent twice in one request: counted as a duplicate, pinned once', async () => {
    const r = await run(['pin', file('dup.csv', 'fromAccount,type,id\nalice,group,g1\nalice,c2c,bob\nalice,group,g1\n')]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.succeeded, 3);
    assert.equal(report.duplicates, 1);
    assert.deepEqual(topCalls().map((c) => c.body.RecentContactItem), [[{ Type: 2, GroupId: 'g1' }, { Type: 1, To_Account: 'bob' }]]);
  });

  test('a JSON Lines file of pin requests, then bulk unpin of the same file', async () => {
    const lines = [
      { fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }, { type: 'group', groupId: 'g1' }] },
      { fromAccount: 'bob', conversations: [{ type: 'group', groupId: 'g2' }] },
    ];
    const path = file('pins.jsonl', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const pinned = await run(['pin', path]);
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.deepEqual(pins('alice'), ['c2c:bob', 'group:g1']);
    assert.deepEqual(pins('bob'), ['group:g2']);
    assert.equal(JSON.parse(pinned.stdout).format, 'jsonl');
    const unpinned = await run(['unpin', path]);
    assert.equal(unpinned.code, 0, unpinned.stderr);
    assert.deepEqual(suite.emu.state().pinned, {});
    assert.ok(topCalls().slice(-2).every((c) => c.body.OperationType === 2));
  });

  test('bulk unpin from a CSV file', async () => {
    const path = file('unpin.csv', 'fromAccount,type,id\nalice,group,g1\nalice,group,g2\nbob,c2c,alice\n');
    assert.equal((await run(['pin', path])).code, 0);
    assert.equal(Object.keys(suite.emu.state().pinned).length, 2);
    const r = await run(['unpin', path]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).operation, 'unpin');
    assert.deepEqual(suite.emu.state().pinned, {});
  });

  test('bad rows are reported with their line numbers (stderr and report), the other rows pinned, exit 2', async () => {
    const long = 'x'.repeat(33);
    const text = [
      'fromAccount,type,id', // 1
      'alice,group,ok1', // 2
      'alice,chat,g9', // 3: bad type
      'bob,group,', // 4: missing id
      'bob,group', // 5: wrong column count
      `${long},group,g1`, // 6: a UserID the package refuses (over 32 bytes)
      '', // 7: empty, skipped
      'alice,group,ok2', // 8
      `bob,c2c,${long}`, // 9: a peer the package refuses, merged with line 10's row at first
      'bob,group,ok3', // 10
    ].join('\n');
    const r = await run(['pin', file('bad.csv', `${text}\n`)]);
    assert.equal(r.code, 2, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.badRows.map((b) => b.line), [3, 4, 5, 6, 9]);
    assert.match(report.badRows[0].error, /type must be c2c or group, not "chat"/);
    assert.match(report.badRows[1].error, /id is empty/);
    assert.match(report.badRows[2].error, /expected 3 fields/);
    assert.match(report.badRows[3].error, /fromAccount must be at most 32 bytes/);
    // Named by its CSV column, not by the request's field (conversations[0].toAccount).
    assert.match(report.badRows[4].error, /^id must be at most 32 bytes/);
    for (const line of [3, 4, 5, 6, 9]) assert.match(r.stderr, new RegExp(`^line ${line}: `, 'm'));
    assert.equal(report.succeeded, 3);
    assert.deepEqual(pins('alice'), ['group:ok1', 'group:ok2']);
    assert.deepEqual(pins('bob'), ['group:ok3']);
    // Nothing was sent for a bad row.
    assert.ok(topCalls().every((c) => c.body.From_Account !== long && !c.body.RecentContactItem.some((i) => i.To_Account === long)));
  });

  test('a JSON Lines file with a line that is not JSON and one that names an operation: those lines reported, exit 2', async () => {
    const text = [
      JSON.stringify({ fromAccount: 'alice', conversations: [{ type: 'group', groupId: 'j1' }] }),
      '{"fromAccount": "bob", ',
      JSON.stringify({ fromAccount: 'bob', operation: 'unpin', conversations: [{ type: 'group', groupId: 'j2' }] }),
      JSON.stringify({ fromAccount: 'carol', conversations: [] }),
      JSON.stringify({ fromAccount: 'dave', conversations: [{ type: 'group', groupId: 'j4' }] }),
    ].join('\n');
    const r = await run(['pin', file('bad.jsonl', text)]);
    assert.equal(r.code, 2, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.badRows.map((b) => b.line), [2, 3, 4]);
    assert.match(report.badRows[0].error, /not JSON/);
    assert.match(report.badRows[1].error, /operation is not allowed/);
    assert.match(report.badRows[2].error, /conversations/);
    assert.deepEqual(pins('alice'), ['group:j1']);
    assert.deepEqual(pins('dave'), ['group:j4']);
  });

  test('stdin (-): CSV told by --format, and JSON Lines found from the first line', async () => {
    const csv = await run(['pin', '-', '--format', 'csv'], { input: 'fromAccount,type,id\nalice,group,s1\nbob,group,s2\n' });
    assert.equal(csv.code, 0, csv.stderr);
    assert.equal(JSON.parse(csv.stdout).file, 'stdin');
    const jsonl = await run(['pin', '-'], { input: `${JSON.stringify({ fromAccount: 'carol', conversations: [{ type: 'c2c', toAccount: 'dave' }] })}\n` });
    assert.equal(jsonl.code, 0, jsonl.stderr);
    assert.equal(JSON.parse(jsonl.stdout).format, 'jsonl');
    const sniffedCsv = await run(['pin', '-'], { input: 'fromAccount,type,id\ndave,group,s3\n' });
    assert.equal(sniffedCsv.code, 0, sniffedCsv.stderr);
    assert.deepEqual(suite.emu.state().pinned, {
      alice: [{ Type: 2, GroupId: 's1' }],
      bob: [{ Type: 2, GroupId: 's2' }],
      carol: [{ Type: 1, To_Account: 'dave' }],
      dave: [{ Type: 2, GroupId: 's3' }],
    });
  });

  test('a service failure (a user not imported, 50001): exit 1, its lines with kind and code in the report', async () => {
    const r = await run(['pin', file('fail.csv', 'fromAccount,type,id\nalice,group,f1\nnobody,group,f2\nnobody,group,f3\nbob,group,f4\n')]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.succeeded, 2);
    assert.equal(report.failed, 2);
    assert.equal(report.failures.length, 1);
    assert.deepEqual(report.failures[0].lines, [3, 4]);
    assert.equal(report.failures[0].error.kind, 'service');
    assert.equal(report.failures[0].error.code, 50001);
    assert.match(r.stderr, /^lines 3,4: service 50001: /m);
    assert.deepEqual(pins('alice'), ['group:f1']);
    assert.deepEqual(pins('bob'), ['group:f4']);
  });

  test('wrong credentials (70009) on the first 3 answers, none succeeding: the run stops, exit 1, stopReason; not every row is sent', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `alice,group,w${i}`);
    const r = await cli(['bulk', 'pin', file('wrongkey.csv', `fromAccount,type,id\n${rows.join('\n')}\n`), '--batch', '1', '--concurrency', '1', '--progress', 'none'], { env: { ...suite.env, TENCENT_CHAT_SECRET_KEY: 'ab'.repeat(32) } });
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.stopped, true);
    assert.match(report.stopReason, /refused the credentials \(code 70009\) on the first 3 requests answered/);
    assert.match(r.stderr, /stopped: the service refused the credentials/);
    // One at a time: the run stops before the 4th request is sent.
    assert.equal(suite.emu.state().requestCount, 3);
    assert.equal(report.failed, 3);
    assert.ok(!r.stdout.includes('ab'.repeat(32)) && !r.stderr.includes('ab'.repeat(32)));
  });

  test('--dry-run refuses the rows the real run refuses (the package\'s own rules), by line, and needs no credentials', async () => {
    const long = 'x'.repeat(33);
    const text = [
      'fromAccount,type,id', // 1
      'alice,group,ok1', // 2
      'alice,chat,g9', // 3: bad type (the file's shape)
      `${long},group,g1`, // 4: a UserID over 32 bytes (the package's rule)
      'alice,group,ok2', // 5
      `bob,c2c,${long}`, // 6: a peer over 32 bytes, merged with line 7's row at first
      'bob,group,ok3', // 7
    ].join('\n');
    // No credentials at all: nothing is signed or sent.
    const env = Object.fromEntries(Object.entries(suite.env).filter(([name]) => !/SECRET|SIG/.test(name)));
    const r = await cli(['bulk', 'pin', file('drybad.csv', `${text}\n`), '--dry-run', '--progress', 'none'], { env });
    assert.equal(r.code, 2, r.stderr);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const report = out.at(-1);
    assert.deepEqual(report.badRows.map((b) => b.line), [3, 4, 6]);
    assert.match(report.badRows[1].error, /^fromAccount must be at most 32 bytes/);
    assert.match(report.badRows[2].error, /^id must be at most 32 bytes/);
    for (const line of [3, 4, 6]) assert.match(r.stderr, new RegExp(`^line ${line}: `, 'm'));
    assert.deepEqual(out.slice(0, -1).map((o) => o.lines).sort(), [[2, 5], [7]]);
    assert.deepEqual(out.find((o) => o.lines[0] === 7).request, { fromAccount: 'bob', conversations: [{ type: 'group', groupId: 'ok3' }] });
    assert.equal(suite.emu.state().requestCount, 0);
  });

  test('many bad rows: the report lists the first 1,000 and counts them all (badRowsTruncated); stderr names every one', async () => {
    const rows = Array.from({ length: 1005 }, (_, i) => `alice,grp,m${i}`);
    const r = await run(['pin', file('manybad.csv', `fromAccount,type,id\n${rows.join('\n')}\nalice,group,m\n`), '--dry-run']);
    assert.equal(r.code, 2);
    const report = JSON.parse(r.stdout.trim().split('\n').at(-1));
    assert.equal(report.bad, 1005);
    assert.equal(report.badRows.length, 1000);
    assert.equal(report.badRowsTruncated, true);
    assert.equal(report.failuresTruncated, false);
    assert.deepEqual(report.badRows.map((b) => b.line), Array.from({ length: 1000 }, (_, i) => i + 2));
    assert.equal(r.stderr.split('\n').filter((l) => /^line \d+: type must be/.test(l)).length, 1005);
  });

  test('--progress json (the default off a terminal): JSON lines on stderr, the last with the final counts and the total', async () => {
    const r = await cli(['bulk', 'pin', file('progress.csv', 'fromAccount,type,id\nalice,group,p1\nbob,group,p2\nbob,chat,p3\n')], { env: suite.env });
    assert.equal(r.code, 2);
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.filter((l) => l.badRow), [{ badRow: { line: 4, error: 'type must be c2c or group, not "chat"' } }]);
    const last = lines.at(-1);
    assert.deepEqual({ ...last, ratePerSecond: 0 }, { done: 3, succeeded: 2, failed: 0, bad: 1, skipped: 0, total: 3, ratePerSecond: 0 });
  });

  test('--dry-run prints the requests it would send and sends nothing', async () => {
    const r = await run(['pin', file('dry.csv', 'fromAccount,type,id\nalice,group,d1\nbob,group,d2\nalice,c2c,bob\n'), '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    const [first, second, ...rest] = r.stdout.split('\n');
    assert.deepEqual(JSON.parse(first), { lines: [2, 4], request: { fromAccount: 'alice', conversations: [{ type: 'group', groupId: 'd1' }, { type: 'c2c', toAccount: 'bob' }] } });
    assert.deepEqual(JSON.parse(second), { lines: [3], request: { fromAccount: 'bob', conversations: [{ type: 'group', groupId: 'd2' }] } });
    assert.equal(JSON.parse(rest.join('\n')).dryRun, true);
    assert.equal(suite.emu.state().requestCount, 0);
  });

  test('usage errors exit 2 naming the file line or the flag: a wrong header, an unknown flag, a missing file, a bad value', async () => {
    const header = await run(['pin', file('header.csv', 'user,type,id\nalice,group,g1\n')]);
    assert.equal(header.code, 2);
    assert.match(header.stderr, /header\.csv line 1: the CSV header must be fromAccount,type,id \(names in any case; delimiter , ; or tab\), not "user,type,id"/);
    const flag = await run(['pin', file('ok.csv', 'fromAccount,type,id\n'), '--rates', '5']);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /unknown flag --rates; did you mean --rate\?/);
    const missing = await run(['pin', join(temp.dir, 'nope.csv')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.csv: no such file/);
    const rate = await run(['pin', file('ok.csv', 'fromAccount,type,id\n'), '--rate', '0']);
    assert.equal(rate.code, 2);
    assert.match(rate.stderr, /--rate must be a whole number from 1 to 100000/);
    const stdinHeader = await run(['pin', '-'], { input: 'fromAccount|type|id\nalice|group|g1\n' });
    assert.equal(stdinHeader.code, 2);
    assert.match(stdinHeader.stderr, /stdin line 1: the CSV header must be fromAccount,type,id /);
    const op = await run(['pinn', file('ok.csv', 'fromAccount,type,id\n')]);
    assert.equal(op.code, 2);
    assert.match(op.stderr, /the first argument must be pin or unpin, not "pinn"/);
    for (const r of [header, flag, missing, rate, stdinHeader, op]) assert.equal(r.stdout, '');
    assert.equal(suite.emu.state().requestCount, 0);
  });
});
