// `bulk pin`: what stops a run besides Ctrl-C, and what does not. A journal that cannot be written stops the run
// with the report (stopped, stopReason, exit 1) and no stack trace, and the rows it recorded are not sent again; a
// reader of stderr that goes away does not stop the run nor lose the report on stdout.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { useEmulator, useTempDir } from './cases.mjs';
import { CLI, cli } from './helpers.mjs';

// Four users: 200 rows give each 50 pins, the most pinned conversations a user can have.
const USERS = ['alice', 'bob', 'carol', 'dave'];
const suite = useEmulator({ accounts: USERS }, { reset: true });
const temp = useTempDir('bulk-stops-');

const csv = (rows) => ['fromAccount,type,id', ...rows].join('\n') + '\n';

/** Runs the CLI under `ulimit -f 1` (files written stop at 1 KiB with EFBIG; stdout, a pipe, is not limited). */
function limited(args) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', 'ulimit -f 1; exec "$0" "$@"', process.execPath, CLI, ...args], { env: { PATH: process.env.PATH, ...suite.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('a journal that cannot be written stops the run: the report says why (exit 1, no stack trace), and a rerun sends only what it did not record', async () => {
  const groups = Array.from({ length: 200 }, (_, i) => `g${i}`);
  const file = temp.file('groups.csv', csv(groups.map((g, i) => `${USERS[i % USERS.length]},group,${g}`)));
  const journal = join(temp.dir, 'groups.journal');
  const first = await limited(['bulk', 'pin', file, '--batch', '1', '--concurrency', '1', '--journal', journal, '--progress', 'none']);
  assert.equal(first.code, 1, first.stderr);
  assert.doesNotMatch(first.stderr, /^\s+at /m, 'a stack trace');
  const report = JSON.parse(first.stdout);
  assert.equal(report.stopped, true);
  assert.match(report.stopReason, /--journal .*groups\.journal could not be written \(EFBIG\)/);
  assert.match(first.stderr, /stopped: --journal .* could not be written \(EFBIG\)/);
  assert.ok(report.succeeded < 200, `${report.succeeded} rows done`);
  const recorded = readFileSync(journal, 'utf8').split('\n').slice(1).filter((l) => l.endsWith('}')).length;
  assert.ok(recorded > 0 && recorded <= report.succeeded, `${recorded} recorded of ${report.succeeded}`);

  const second = await cli(['bulk', 'pin', file, '--batch', '1', '--journal', journal, '--progress', 'none'], { env: suite.env });
  assert.equal(second.code, 0, second.stderr);
  const resumed = JSON.parse(second.stdout);
  assert.equal(resumed.skipped, recorded);
  assert.equal(resumed.succeeded, 200 - recorded);
  const { pinned } = suite.emu.state();
  assert.deepEqual(USERS.flatMap((user) => pinned[user].map((c) => c.GroupId)).sort(), [...groups].sort());
});

test('stderr\'s reader going away does not stop the run: every row is done and the report is on stdout', async () => {
  // 200 bad rows, each a line on stderr, and 3 good ones.
  const file = temp.file('bad.csv', csv([...Array.from({ length: 200 }, (_, i) => `alice,grp,x${i}`), 'alice,group,a', 'alice,group,b', 'alice,group,c']));
  const r = await cli(['bulk', 'pin', file, '--progress', 'none'], { env: suite.env, onSpawn: (child) => child.stderr.destroy() });
  assert.equal(r.code, 2, 'bad rows, after every other row ran');
  const report = JSON.parse(r.stdout);
  assert.deepEqual([report.bad, report.succeeded], [200, 3]);
  assert.deepEqual(suite.emu.state().pinned.alice.map((c) => c.GroupId).sort(), ['a', 'b', 'c']);
});
