// `bulk pin - --journal FILE`: an interrupted run (SIGINT, as Ctrl-C sends) stops cleanly with exit 130, its
// journal intact, and stderr says how many rows were done and how to resume; a second run with the same journal and the whole input sends no row the first recorded done,
// and every row ends pinned. Deterministic: the test writes stdin itself, waits (by polling the journal file)
// until the rows it wrote so far are recorded, and interrupts while the rest is still unwritten. csv-parse reads
// a character ahead, so the last row written is parsed only when the next line begins: of the 15 rows written,
// 14 are read, sent and recorded before the interrupt, and the 15th is sent by the second run.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { startEmulator } from '../../emulator/server.mjs';
import { CLI, cli, emulatorEnv } from './helpers.mjs';

const USERS = ['u0', 'u1', 'u2', 'u3', 'u4'];
let emu;
let dir;

before(async () => {
  emu = await startEmulator({ accounts: USERS });
  dir = mkdtempSync(join(tmpdir(), 'bulk-journal-'));
});
after(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The journal's entries ({ line, row }), after its header line. */
const entries = (path) => readFileSync(path, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => JSON.parse(l));

async function until(condition, what) {
  for (let i = 0; i < 1500 && !condition(); i++) await sleep(20);
  assert.ok(condition(), `waited for ${what}`);
}

describe('bulk --journal', () => {
  test('an interrupted run resumes from its journal: nothing recorded done is sent again, nothing is lost', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${USERS[i % USERS.length]},group,r${i}`);
    const journal = join(dir, 'run.journal');
    const env = emulatorEnv(emu.url);
    const args = ['bulk', 'pin', '-', '--format', 'csv', '--journal', journal, '--progress', 'none', '--concurrency', '2'];

    // First run: the header and 15 rows, then wait until the journal records the 14 read, then Ctrl-C.
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    child.stdin.write(`fromAccount,type,id\n${rows.slice(0, 15).join('\n')}\n`);
    await until(() => {
      try {
        return entries(journal).length === 14;
      } catch {
        return false;
      }
    }, 'the journal to record the first 14 rows');
    child.kill('SIGINT');
    const { code } = await Promise.race([exited, sleep(30_000, undefined, { ref: false }).then(() => child.kill('SIGKILL') && { code: 'killed after 30 s' })]);
    assert.equal(code, 130);
    const report = JSON.parse(stdout);
    assert.equal(report.stopped, true);
    assert.equal(report.succeeded, 14);
    // stderr says what was done and how to resume: the same command with the same --journal (what runs below).
    assert.equal(stderr, [
      'tencent-chat-admin: interrupted (Ctrl-C): 14 of the 14 rows read are done (14 pinned, 0 failed, 0 bad, 0 skipped as done before).',
      `To resume, run the same command again with the same --journal ${journal}: the rows it records as done are skipped, the others sent (a pin or unpin repeated does no harm).`,
      '',
    ].join('\n'));
    const first = entries(journal);
    assert.deepEqual(first.map((e) => e.line).sort((a, b) => a - b), Array.from({ length: 14 }, (_, i) => i + 2));
    assert.deepEqual(first.map((e) => e.row).sort(), rows.slice(0, 14).sort());
    const sentBefore = emu.state().requestCount;

    // Second run: the whole input, the same journal.
    const second = await cli(args, { env, input: `fromAccount,type,id\n${rows.join('\n')}\n` });
    assert.equal(second.code, 0, second.stderr);
    const resumed = JSON.parse(second.stdout);
    assert.equal(resumed.skipped, 14);
    assert.equal(resumed.succeeded, 26);
    const sent = emu.state().requests.slice(-(emu.state().requestCount - sentBefore));
    const sentAgain = sent.flatMap((r) => r.body.RecentContactItem.map((c) => `${r.body.From_Account},group,${c.GroupId}`));
    assert.deepEqual(sentAgain.filter((row) => rows.slice(0, 14).includes(row)), []);
    assert.deepEqual(sentAgain.sort(), rows.slice(14).sort());
    const pinned = Object.entries(emu.state().pinned).flatMap(([user, list]) => list.map((c) => `${user},group,${c.GroupId}`));
    assert.deepEqual(pinned.sort(), [...rows].sort());
    assert.equal(entries(journal).length, 40);

    // A third run has nothing left to send.
    const third = await cli(args, { env, input: `fromAccount,type,id\n${rows.join('\n')}\n` });
    assert.equal(third.code, 0);
    assert.equal(JSON.parse(third.stdout).skipped, 40);
    assert.equal(JSON.parse(third.stdout).requests, 0);
  });

  /**
   * `bulk pin -` (`extra` flags, one request at a time, a row a request) fed `rows`, u1's request held by the
   * emulator (answered after 60 s, or dropped when the client gives up), then Ctrl-C: { code, stdout, stderr }.
   */
  async function interruptedInFlight(rows, extra) {
    const args = ['bulk', 'pin', '-', '--format', 'csv', ...extra, '--progress', 'none', '--concurrency', '1', '--batch', '1'];
    await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ delayMs: 60_000, fromAccount: 'u1' }) });
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...emulatorEnv(emu.url) }, stdio: 'pipe' });
    const run = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (d) => (run.stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (run.stderr += d));
    const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
    // Lines 2-4 are read (line 5 waits for the next character); one request at a time: u0's succeeds, then u1's is
    // sent and held, u2's waits.
    child.stdin.write(`fromAccount,type,id\n${rows.join('\n')}\n`);
    await until(() => emu.state().faults.length === 0, "u1's request to reach the emulator");
    child.kill('SIGINT');
    run.code = await exited;
    child.stdin.destroy();
    return run;
  }

  test('Ctrl-C with a request in flight: its rows are listed in inFlight, not journalled, and the next run sends them', async () => {
    const journal = join(dir, 'inflight.journal');
    const env = emulatorEnv(emu.url);
    const args = ['bulk', 'pin', '-', '--format', 'csv', '--journal', journal, '--progress', 'none', '--concurrency', '1', '--batch', '1'];
    const rows = ['u0,group,h1', 'u1,group,h2', 'u2,group,h3', 'u3,group,h4'];
    const { code, stdout, stderr } = await interruptedInFlight(rows, ['--journal', journal]);
    assert.equal(code, 130);
    assert.match(stderr, /^tencent-chat-admin: interrupted \(Ctrl-C\): 1 of the 3 rows read is done \(1 pinned, 0 failed, 0 bad, 0 skipped as done before\); 1 in flight \(it may have been applied\), 1 not sent\.\nTo resume, run the same command again with the same --journal /);
    const report = JSON.parse(stdout);
    assert.equal(report.stopped, true);
    assert.equal(report.succeeded, 1);
    assert.deepEqual(report.inFlight, [3]);
    assert.deepEqual(report.notAttempted, [4]);
    assert.deepEqual(entries(journal), [{ line: 2, row: 'u0,group,h1' }]);

    const second = await cli(args, { env, input: `fromAccount,type,id\n${rows.join('\n')}\n` });
    assert.equal(second.code, 0, second.stderr);
    const resumed = JSON.parse(second.stdout);
    assert.equal(resumed.skipped, 1);
    assert.equal(resumed.succeeded, 3);
    assert.deepEqual(entries(journal).map((e) => e.line).sort(), [2, 3, 4, 5]);
    for (const [user, id] of rows.map((r) => r.split(',group,'))) assert.ok(emu.state().pinned[user]?.some((c) => c.GroupId === id), `${user} ${id}`);
  });

  test('Ctrl-C without --journal: stderr says so, and how to make a run resumable', async () => {
    const { code, stdout, stderr } = await interruptedInFlight(['u0,group,n1', 'u1,group,n2', 'u2,group,n3', 'u3,group,n4'], []);
    assert.equal(code, 130);
    assert.equal(JSON.parse(stdout).stopped, true);
    assert.equal(stderr, [
      'tencent-chat-admin: interrupted (Ctrl-C): 1 of the 3 rows read is done (1 pinned, 0 failed, 0 bad, 0 skipped as done before); 1 in flight (it may have been applied), 1 not sent.',
      'No --journal was given: the same command again sends every row again (a pin or unpin repeated does no harm). Give --journal FILE to make a run resumable.',
      '',
    ].join('\n'));
  });

  test('a journal of another operation is refused (exit 2); a torn last line is ignored; a changed row is sent again', async () => {
    const journal = join(dir, 'torn.journal');
    const csv = join(dir, 'rows.csv');
    writeFileSync(csv, 'fromAccount,type,id\nu0,group,t1\nu1,group,t2\nu2,group,t3\n');
    const env = emulatorEnv(emu.url);
    writeFileSync(journal, `${JSON.stringify({ journal: 'tencent-chat-admin bulk journal', operation: 'pin' })}\n{"line":2,"row":"u0,group,t1"}\n{"line":3,"row":"u1,group,CHANGED"}\n{"line":4,"ro`);
    const unpin = await cli(['bulk', 'unpin', csv, '--journal', journal, '--progress', 'none'], { env });
    assert.equal(unpin.code, 2);
    assert.match(unpin.stderr, /--journal .*torn\.journal: it records a bulk pin run, not bulk unpin/);
    const before = emu.state().requestCount;
    const r = await cli(['bulk', 'pin', csv, '--journal', journal, '--progress', 'none'], { env });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.skipped, 1);
    assert.equal(report.changedSinceJournal, 1);
    assert.match(r.stderr, /^1 row changed since the journal recorded its line: sent again \(changedSinceJournal\)$/m);
    assert.equal(report.succeeded, 2);
    const sent = emu.state().requests.slice(-(emu.state().requestCount - before));
    assert.deepEqual(sent.flatMap((q) => q.body.RecentContactItem.map((c) => c.GroupId)).sort(), ['t2', 't3']);
    // The torn line was cut off; every line parses, the entries before it kept.
    const lines = readFileSync(journal, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.deepEqual(lines.slice(1, 3), [{ line: 2, row: 'u0,group,t1' }, { line: 3, row: 'u1,group,CHANGED' }]);
    assert.deepEqual(lines.slice(3).map((e) => e.line).sort(), [3, 4]);
  });
});
