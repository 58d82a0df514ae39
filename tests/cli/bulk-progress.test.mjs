// What `bulk` shows while it runs: every bad row's line reaches stderr under the live bar (in process, on a fake
// terminal stream; and the real command on a pseudo-terminal, `script` from util-linux), and the counters the
// progress shows never go back (send() with a scripted admin, the counters read after every callback).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
// The command as built (pkg/cli/): commands/bulk.mjs imports the package by name, which resolves from there.
import { batches } from '../../pkg/cli/bulk/batches.mjs';
import { checked } from '../../pkg/cli/bulk/check.mjs';
import { startProgress } from '../../pkg/cli/bulk/progress.mjs';
import { Tally } from '../../pkg/cli/bulk/tally.mjs';
import { send } from '../../pkg/cli/commands/bulk.mjs';
import { useEmulator, useTempDir } from './cases.mjs';
import { CLI } from './helpers.mjs';

const suite = useEmulator({ accounts: ['alice', 'bob'] });
const temp = useTempDir('bulk-progress-');
const LONG_ID = 'x'.repeat(40); // a UserID over 32 bytes: the package refuses it before sending

/** A stream that says it is a terminal (as cli-progress asks) and keeps what is written. */
function fakeTerminal() {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += chunk;
      done();
    },
  });
  return Object.assign(stream, { text: '', isTTY: true, columns: 120 });
}

describe('bulk progress bar', () => {
  test('a bad row logged just before the bar stops still reaches the terminal', () => {
    const stderr = fakeTerminal();
    const progress = startProgress('bar', { stderr, tally: new Tally(), total: 3 });
    progress.badRow({ line: 3, error: 'id must be at most 32 bytes (UTF-8)' });
    progress.badRow({ line: 4, error: 'type must be c2c or group, not "grp"' });
    progress.stop();
    assert.match(stderr.text, /line 3: id must be at most 32 bytes \(UTF-8\)\n/);
    assert.match(stderr.text, /line 4: type must be c2c or group, not "grp"\n/);
  });

  // `script` runs the command on a pseudo-terminal, so stderr is a terminal and the bar is on.
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  test('the real command on a terminal: the package-refused row is named on stderr', { skip: !hasScript && 'no script(1)', timeout: 60_000 }, async () => {
    const csv = temp.file('long.csv', `fromAccount,type,id\nalice,c2c,bob\nalice,c2c,${LONG_ID}\nbob,group,g1\n`);
    const report = `${temp.dir}/report.json`;
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} bulk pin ${JSON.stringify(csv)} > ${JSON.stringify(report)}`;
    // Run asynchronously: the emulator answers from this process.
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { PATH: process.env.PATH, ...suite.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const run = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (d) => (run.stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (run.stderr += d));
    const [status] = await once(child, 'close');
    assert.equal(status, 2, run.stdout + run.stderr);
    assert.match(run.stdout, /line 3: id must be at most 32 bytes \(UTF-8\)/);
    assert.match(run.stdout, /3\/3 rows/, 'the bar was on');
  });
});

describe('bulk counters', () => {
  const row = (line, fromAccount, id) => ({ line, text: `${fromAccount},c2c,${id}`, fromAccount, conversation: { type: 'c2c', toAccount: id } });

  /**
   * An admin whose pinConversationsBulk answers each request as the package would: refused before sending
   * (invalid-request) when it holds an ID over 32 bytes, failed by the service (50001) for `nobody`, else done.
   * `seen` gets the tally's counters after each onResult.
   */
  function scriptedAdmin(tally, seen) {
    return {
      async pinConversationsBulk(requests, { onResult }) {
        const failures = [];
        let attempts = 0;
        for await (const request of requests) {
          const bad = request.conversations.some((c) => c.toAccount.length > 32);
          const error = bad
            ? { kind: 'invalid-request', code: 0, field: 'conversations[0].toAccount', message: 'conversations[0].toAccount must be at most 32 bytes (UTF-8)' }
            : request.fromAccount === 'nobody' ? { kind: 'service', code: 50001, message: 'UserID nobody has not been imported' } : undefined;
          attempts += bad ? 0 : 1;
          if (error) failures.push({ request, error });
          onResult({ request, status: error ? 'failed' : 'succeeded', error });
          seen.push(counters(tally));
        }
        return { attempts, stopped: false, inFlight: [], notAttempted: [], failures };
      },
    };
  }
  const counters = (tally) => ({ done: tally.done, succeeded: tally.succeeded, failed: tally.failed, bad: tally.badCount, requests: tally.requests });

  test('a row is counted once, where it ends: no counter ever goes back (a merged request refused, then split)', async () => {
    const rows = [row(2, 'alice', 'bob'), row(3, 'alice', 'carol'), row(4, 'alice', LONG_ID), row(5, 'bob', 'alice'), row(6, 'bob', `${LONG_ID}y`), row(7, 'nobody', 'alice')];
    const tally = new Tally();
    const seen = [];
    const onBad = ({ line, error }) => {
      tally.bad(line, error);
      seen.push(counters(tally));
    };
    async function* source() {
      yield* rows;
    }
    const settings = { rate: 100, concurrency: 1 };
    // As the command does: the package's checks split a merged request it refuses before the run sends it.
    const requests = checked(batches(source(), { size: 50 }), { onBad });
    await send(scriptedAdmin(tally, seen), requests, { operation: 'pin', settings, tally, onBad });
    for (const [i, now] of seen.entries()) {
      const before = seen[i - 1] ?? counters(new Tally());
      for (const name of Object.keys(now)) assert.ok(now[name] >= before[name], `${name} went from ${before[name]} to ${now[name]} (step ${i}: ${JSON.stringify(seen)})`);
    }
    assert.deepEqual(counters(tally), { done: 6, succeeded: 3, failed: 1, bad: 2, requests: 4 });
    assert.deepEqual(tally.badRows.map((b) => b.line).sort(), [4, 6]);
    assert.deepEqual(tally.failures.map((f) => f.lines), [[7]]);
  });
});
