// `bulk pin|unpin`: what the input can hold besides good rows. Lines that are not requests, a path that is a pipe,
// bytes that are not UTF-8, CSV line numbers after CRLF inside quotes, an unclosed quote, Ctrl-C before the first
// line and during --dry-run, the flags --json and --batch for JSON Lines, --dry-run's output as JSON Lines.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { useEmulator, useTempDir } from './cases.mjs';
import { cli } from './helpers.mjs';

const USERS = ['alice', 'bob', 'carol'];
const suite = useEmulator({ accounts: USERS }, { reset: true });
const temp = useTempDir('bulk-input-');
let fifos = 0;

const run = (args, options = {}) => cli(['bulk', ...args, '--progress', 'none'], { env: suite.env, ...options });
const pinned = () => Object.fromEntries(Object.entries(suite.emu.state().pinned).map(([user, list]) => [user, list.map((c) => c.GroupId ?? c.To_Account).sort()]));
const line = (fromAccount, groupId) => JSON.stringify({ fromAccount, conversations: [{ type: 'group', groupId }] });

/** Runs with stdin held open; `feed(child)` writes to it and sends SIGINT when it is time. */
const interrupted = (args, feed) => cli(['bulk', ...args, '--progress', 'none'], {
  env: suite.env,
  keepStdinOpen: true,
  onSpawn: (child) => {
    child.stdin.on('error', () => {});
    child.on('exit', () => child.stdin.destroy());
    feed(child);
  },
});

describe('bulk: lines that are not requests', () => {
  test('a JSON Lines line that is not an object, or has no conversations, is a bad row; the others run', async () => {
    const text = ['null', '42', '"str"', '[]', '{"fromAccount":"bob"}', line('alice', 'j1'), '{}', line('bob', 'j2')].join('\n');
    for (const extra of [[], ['--dry-run']]) {
      await fetch(`${suite.emu.url}/__emulator/reset`, { method: 'POST' });
      const r = await run(['pin', temp.file('notobj.jsonl', `${text}\n`), ...extra]);
      assert.equal(r.code, 2, r.stderr);
      const report = JSON.parse(extra.length ? r.stdout.trim().split('\n').at(-1) : r.stdout);
      // --dry-run refuses what the real run refuses: the package's own checks (lines 5 and 7) included.
      assert.deepEqual(report.badRows.map((b) => b.line), [1, 2, 3, 4, 5, 7]);
      assert.match(report.badRows[0].error, /a line must be a JSON object \(a pin request\), not null/);
      assert.match(report.badRows[3].error, /not an array/);
      assert.match(report.badRows[4].error, /conversations/);
      if (!extra.length) assert.deepEqual(pinned(), { alice: ['j1'], bob: ['j2'] });
      assert.doesNotMatch(r.stderr, /TypeError|at /);
    }
  });
});

describe('bulk: a path that is not a regular file', () => {
  test('a named pipe (FIFO) is read once: every row runs (JSON Lines and CSV)', async () => {
    const viaFifo = (args, text) => {
      const fifo = join(temp.dir, `fifo${fifos++}`);
      execFileSync('mkfifo', [fifo]);
      // Opening a FIFO to write waits for its reader: the child.
      const writer = createWriteStream(fifo);
      writer.end(text);
      return run(['pin', fifo, ...args]);
    };
    const jsonl = await viaFifo(['--format', 'jsonl'], `${line('alice', 'p1')}\n${line('bob', 'p2')}\n`);
    assert.equal(jsonl.code, 0, jsonl.stderr);
    assert.equal(JSON.parse(jsonl.stdout).succeeded, 2);
    const csv = await viaFifo([], 'fromAccount,type,id\ncarol,group,p3\n');
    assert.equal(csv.code, 0, csv.stderr);
    assert.equal(JSON.parse(csv.stdout).succeeded, 1);
    assert.deepEqual(pinned(), { alice: ['p1'], bob: ['p2'], carol: ['p3'] });
  });

  test('a directory is a usage error naming it', async () => {
    const r = await run(['pin', temp.dir, '--format', 'csv']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /bulk-input-\w+: is a directory/);
    assert.equal(r.stdout, '');
  });
});

describe('bulk: bytes that are not UTF-8', () => {
  test('a CSV row or a JSON line with such bytes is a bad row naming its line; nothing is replaced and sent', async () => {
    const csv = Buffer.concat([Buffer.from('fromAccount,type,id\nalice,group,caf'), Buffer.from([0xe9]), Buffer.from('\nbob,group,ok\ncarol,group,café\n')]);
    const r = await run(['pin', temp.file('latin1.csv', csv)]);
    assert.equal(r.code, 2, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.badRows, [{ line: 2, error: 'not UTF-8 text' }]);
    assert.match(r.stderr, /^line 2: not UTF-8 text$/m);
    assert.deepEqual(pinned(), { bob: ['ok'], carol: ['café'] });
    await fetch(`${suite.emu.url}/__emulator/reset`, { method: 'POST' });
    const jsonl = Buffer.concat([Buffer.from(`${line('alice', 'x')}\n{"fromAccount":"bob","conversations":[{"type":"group","groupId":"caf`), Buffer.from([0xe9]), Buffer.from('"}]}\n'), Buffer.from(`${line('carol', 'ü')}\n`)]);
    const j = await run(['pin', '-'], { input: jsonl });
    assert.equal(j.code, 2, j.stderr);
    assert.deepEqual(JSON.parse(j.stdout).badRows, [{ line: 2, error: 'not UTF-8 text' }]);
    assert.deepEqual(pinned(), { alice: ['x'], carol: ['ü'] });
  });
});

describe('bulk: CSV line numbers', () => {
  test('after a quoted field holding CRLF (and a lone CR), and in a CRLF file, lines are counted as the file has them', async () => {
    const crlf = 'fromAccount,type,id\r\nalice,group,"g\r\n1"\r\nbob,chat,x\r\nalice,group,g2\r\n';
    const r = await run(['pin', temp.file('crlf.csv', crlf), '--dry-run']);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    // Line 2's group ID holds a CR and a LF, which the package refuses: line 5 goes alone.
    assert.deepEqual(out[0].lines, [5]);
    assert.deepEqual(out.at(-1).badRows, [
      { line: 2, error: 'id must not contain control characters' },
      { line: 4, error: 'type must be c2c or group, not "chat"' },
    ]);
    const mixed = 'fromAccount,type,id\nalice,group,"a\r\nb\rc\nd"\nbob,chat,x\n';
    const m = await run(['pin', temp.file('mixed.csv', mixed), '--dry-run']);
    // Line 2's group ID (CR, LF) is refused too: it is a bad row at its own line, and nothing is left to send.
    const lines = m.stdout.trim().split('\n');
    assert.deepEqual(JSON.parse(lines.at(-1)).badRows.map((b) => b.line), [2, 5]);
    assert.equal(lines.length, 1);
  });

  test('an unclosed quote is reported at the line it opens, naming the lines not read', async () => {
    const text = 'fromAccount,type,id\nalice,group,ok\n\nbob,group,"open\ncarol,group,c1\ncarol,group,c2\n';
    const r = await run(['pin', temp.file('unclosed.csv', text)]);
    assert.equal(r.code, 2, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.badRows.length, 1);
    assert.equal(report.badRows[0].line, 4);
    assert.match(report.badRows[0].error, /quote opened on line 4 is not closed: lines 4 to 6 were not read as rows/);
    assert.deepEqual(pinned(), { alice: ['ok'] });
  });
});

describe('bulk: Ctrl-C', () => {
  // The timeouts only turn a hang (the bug) into a failure; nothing asserts how long anything took.
  test('before the first line of stdin arrives (sniffed, and --format csv): exit 130, nothing sent', { timeout: 120_000 }, async () => {
    for (const args of [['pin', '-'], ['pin', '-', '--format', 'csv']]) {
      // More than a pipe holds and no newline: the write completes once the child is reading its first line.
      const r = await interrupted(args, (child) => child.stdin.write(Buffer.alloc(4 << 20, 'a'), () => child.kill('SIGINT')));
      assert.equal(r.code, 130, `${args.join(' ')}: ${r.signal} ${r.stderr}`);
      assert.match(r.stderr, /interrupted \(Ctrl-C\)/);
    }
    assert.equal(suite.emu.state().requestCount, 0);
  });

  test('during --dry-run: stopped: true, exit 130, stdout JSON Lines to the end', { timeout: 120_000 }, async () => {
    const r = await interrupted(['pin', '-', '--format', 'csv', '--dry-run'], (child) => {
      child.stdin.write('fromAccount,type,id\nalice,group,d1\nbob,group,d2\n');
      // The rows wait for more input, then go out when it pauses: once a request is printed, Ctrl-C.
      child.stdout.once('data', () => child.kill('SIGINT'));
    });
    assert.equal(r.code, 130, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.at(-1).stopped, true);
    assert.equal(lines.at(-1).dryRun, true);
    assert.match(r.stderr, /^tencent-chat-admin: interrupted \(Ctrl-C\) after [12] rows? read; nothing was sent \(--dry-run\)\n$/);
  });
});

describe('bulk: flags and output', () => {
  test('--json is accepted (the report is JSON anyway); --batch with JSON Lines is refused', async () => {
    const path = temp.file('flags.jsonl', `${line('alice', 'f1')}\n`);
    const json = await run(['pin', path, '--json']);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout).succeeded, 1);
    const batch = await run(['pin', path, '--batch', '5']);
    assert.equal(batch.code, 2);
    assert.match(batch.stderr, /--batch applies to CSV only: a JSON Lines line is a request of its own/);
    assert.equal(batch.stdout, '');
  });

  test('--dry-run prints JSON Lines only: the requests, then the report on one line', async () => {
    const r = await run(['pin', temp.file('dry.csv', 'fromAccount,type,id\nalice,group,d1\nbob,chat,d2\n'), '--dry-run']);
    assert.equal(r.code, 2);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.deepEqual(JSON.parse(lines[0]).lines, [2]);
    assert.equal(JSON.parse(lines[1]).dryRun, true);
  });

  test('--progress bar when stderr is not a terminal is refused', async () => {
    const r = await cli(['bulk', 'pin', temp.file('bar.csv', 'fromAccount,type,id\nalice,group,b1\n'), '--progress', 'bar'], { env: suite.env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--progress bar needs a terminal on stderr/);
    assert.equal(suite.emu.state().requestCount, 0);
  });

  test('a --journal that is a directory, or with a line number past 2^31, is a usage error naming it', async () => {
    const csv = temp.file('j.csv', 'fromAccount,type,id\nalice,group,j1\n');
    const dir = await run(['pin', csv, '--journal', temp.dir]);
    assert.equal(dir.code, 2, dir.stderr);
    assert.match(dir.stderr, /--journal .*: not a regular file/);
    const header = JSON.stringify({ journal: 'tencent-chat-admin bulk journal', operation: 'pin' });
    const huge = temp.file('huge.journal', `${header}\n{"line":9007199254740991,"row":"x"}\n{"line":2,"row":"alice,group,j1"}\n`);
    const big = await run(['pin', csv, '--journal', huge]);
    assert.equal(big.code, 2, big.stderr);
    assert.match(big.stderr, /--journal .*huge\.journal: line 2 is not a journal entry/);
    assert.doesNotMatch(big.stderr + dir.stderr, /Error:|at /);
  });
});
