// The bulk command's parts, in process: batches.mjs (the bound on users waiting with a partial request, the idle
// flush driven by a fake timer: no wall clock), journal.mjs (a torn last line, line numbers, row hashes) and
// tally.mjs (the report's lists capped, every row counted).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { batches, rowsOf, split } from '../../cli/bulk/batches.mjs';
import { MAX_LINE, openJournal } from '../../cli/bulk/journal.mjs';
import { LIST_LIMIT, Tally } from '../../cli/bulk/tally.mjs';
import { useTempDir } from './cases.mjs';

const temp = useTempDir('bulk-units-');
const HEADER = JSON.stringify({ journal: 'tencent-chat-admin bulk journal', operation: 'pin' });
const row = (line, fromAccount, groupId) => ({ line, text: `${fromAccount},group,${groupId}`, fromAccount, conversation: { type: 'group', groupId } });

/** A timer the test fires by hand: `setTimeout`/`clearTimeout` for batches(), `fire()` runs the callback. */
function fakeTimers() {
  let callback;
  return {
    setTimeout: (fn) => {
      callback = fn;
      return { refresh() {}, unref() {} };
    },
    clearTimeout: () => {
      callback = undefined;
    },
    fire: () => callback?.(),
  };
}

/** An async source of rows the test feeds: `push(row)`, `end()`; `pulled` counts the rows taken. */
function feed() {
  const queue = [];
  const waiters = [];
  const source = {
    pulled: 0,
    push(value) {
      const step = { done: false, value };
      if (waiters.length) waiters.shift()(step);
      else queue.push(step);
    },
    end() {
      const step = { done: true, value: undefined };
      if (waiters.length) waiters.shift()(step);
      else queue.push(step);
    },
    [Symbol.asyncIterator]: () => ({
      next: () => {
        source.pulled++;
        return queue.length ? Promise.resolve(queue.shift()) : new Promise((resolve) => waiters.push(resolve));
      },
    }),
  };
  return source;
}

/** Whether `promise` has settled once the pending callbacks ran (no timer, no clock). */
async function settled(promise) {
  let done = false;
  promise.then(() => (done = true), () => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('batches', () => {
  test('at most 1,000 users wait with a partial request: the 1,001st sends the oldest', async () => {
    const rows = Array.from({ length: 1001 }, (_, i) => row(i + 2, `u${i}`, 'g'));
    const source = feed();
    for (const r of rows) source.push(r);
    const timers = fakeTimers();
    const requests = batches(source, { timers });
    const first = await requests.next();
    assert.deepEqual(first.value, { fromAccount: 'u0', conversations: [{ type: 'group', groupId: 'g' }] });
    assert.deepEqual(rowsOf.get(first.value).map((r) => r.line), [2]);
    // Yielded as the 1,001st user's row came in (the next row already asked for), before that user starts
    // waiting: u1 to u999 wait.
    assert.equal(source.pulled, 1002);
    assert.deepEqual(requests.waiting().map((r) => r.fromAccount), rows.slice(1, 1000).map((r) => r.fromAccount));
    source.end();
    const rest = [];
    for await (const request of requests) rest.push(request.fromAccount);
    assert.deepEqual(rest, rows.slice(1).map((r) => r.fromAccount));
  });

  test('when the input pauses, the idle timer sends every partial request; nothing is sent before it fires', async () => {
    const source = feed();
    const timers = fakeTimers();
    const requests = batches(source, { timers });
    source.push(row(2, 'alice', 'a1'));
    source.push(row(3, 'bob', 'b1'));
    source.push(row(4, 'alice', 'a2'));
    const next = requests.next();
    assert.equal(await settled(next), false);
    assert.equal(requests.waiting().length, 2);
    timers.fire();
    assert.deepEqual((await next).value, { fromAccount: 'alice', conversations: [{ type: 'group', groupId: 'a1' }, { type: 'group', groupId: 'a2' }] });
    assert.deepEqual((await requests.next()).value.fromAccount, 'bob');
    const after = requests.next();
    assert.equal(await settled(after), false);
    source.end();
    assert.equal((await after).done, true);
  });

  test('a request of 50 goes at once; a repeated conversation joins the first as a duplicate', async () => {
    const source = feed();
    const rows = Array.from({ length: 51 }, (_, i) => row(i + 2, 'carol', `c${i % 50}`));
    for (const r of rows) source.push(r);
    const requests = batches(source, { timers: fakeTimers() });
    const first = (await requests.next()).value;
    assert.equal(first.conversations.length, 50);
    source.push(row(53, 'carol', 'c0'));
    source.end();
    const rest = [];
    for await (const request of requests) rest.push(request);
    assert.deepEqual(rest.map((r) => r.conversations.map((c) => c.groupId)), [['c0']]);
  });

  test('split: a merged CSV request into one a conversation; not a JSON Lines request, nor one without conversations', () => {
    const merged = { fromAccount: 'a', conversations: [{ type: 'group', groupId: 'x' }, { type: 'group', groupId: 'y' }] };
    rowsOf.set(merged, [{ line: 2, text: 'a,group,x', key: 'group:x' }, { line: 3, text: 'a,group,y', key: 'group:y' }, { line: 4, text: 'a,group,x', key: 'group:x', duplicate: true }]);
    assert.deepEqual(split(merged).map((r) => rowsOf.get(r).map((x) => x.line)), [[2, 4], [3]]);
    const jsonl = { fromAccount: 'b' };
    rowsOf.set(jsonl, [{ line: 5, text: '{"fromAccount":"b"}' }]);
    assert.equal(split(jsonl), undefined);
    assert.equal(split({ fromAccount: 'c', conversations: 'x' }), undefined);
  });
});

describe('journal', () => {
  test('a torn last line that is a whole entry counts and is kept (its newline written); no row is lost', async () => {
    const path = temp.file('whole.journal', `${HEADER}\n{"line":2,"row":"alice,group,g1"}\n{"line":3,"row":"bob,group,g2"}`);
    const journal = await openJournal(path, 'pin');
    assert.equal(journal.recorded, 2);
    assert.equal(journal.check(3, 'bob,group,g2'), 'done');
    journal.record([{ line: 4, text: 'carol,group,g3' }]);
    journal.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    assert.deepEqual(lines.slice(1).filter(Boolean).map((l) => JSON.parse(l).line), [2, 3, 4]);
    assert.equal((await openJournal(path, 'pin', { write: false })).recorded, 3);
  });

  test('a torn last line that is not whole is cut off; the entries before it stay', async () => {
    const path = temp.file('torn.journal', `${HEADER}\n{"line":2,"row":"alice,group,g1"}\n{"line":3,"ro`);
    const journal = await openJournal(path, 'pin');
    assert.equal(journal.recorded, 1);
    journal.close();
    assert.equal(readFileSync(path, 'utf8'), `${HEADER}\n{"line":2,"row":"alice,group,g1"}\n`);
  });

  test(`line numbers: past ${MAX_LINE} or not a positive whole number, the entry is not a journal entry (UsageError)`, async () => {
    for (const line of [MAX_LINE + 1, 9007199254740991, 0, 1.5, '2']) {
      const path = temp.file('lines.journal', `${HEADER}\n${JSON.stringify({ line, row: 'x' })}\n{"line":2,"row":"y"}\n`);
      await assert.rejects(openJournal(path, 'pin', { write: false }), (err) => err.name === 'UsageError' && /line 2 is not a journal entry/.test(err.message), String(line));
    }
    const path = temp.file('max.journal', `${HEADER}\n${JSON.stringify({ line: MAX_LINE, row: 'x' })}\n`);
    const journal = await openJournal(path, 'pin', { write: false });
    assert.equal(journal.check(MAX_LINE, 'x'), 'done');
  });

  test('rows whose 32-bit FNV-1a hashes collide are told apart (a changed row is sent again)', async () => {
    // Each pair has the same FNV-1a 32-bit hash (the journal's hash before).
    const pairs = [['costarring', 'liquid'], ['declinate', 'macallums'], ['altarage', 'zinke']];
    const path = temp.file('collide.journal', `${HEADER}\n${pairs.map(([a], i) => JSON.stringify({ line: i + 2, row: a })).join('\n')}\n`);
    const journal = await openJournal(path, 'pin', { write: false });
    pairs.forEach(([a, b], i) => {
      assert.equal(journal.check(i + 2, a), 'done');
      assert.equal(journal.check(i + 2, b), 'changed', `${a} / ${b}`);
    });
  });

  test('the header names the input; a journal of another input is used with a warning naming both', async () => {
    const path = `${temp.dir}/named.journal`;
    const first = await openJournal(path, 'pin', { file: 'a.csv' });
    first.record([{ line: 2, text: 'alice,group,g1' }]);
    first.close();
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8').split('\n')[0]), { journal: 'tencent-chat-admin bulk journal', operation: 'pin', file: 'a.csv' });
    let warned = '';
    const second = await openJournal(path, 'pin', { write: false, file: 'b.csv', stderr: { write: (text) => (warned += text) } });
    assert.match(warned, /records a run of "a\.csv", this run reads "b\.csv"/);
    assert.equal(second.check(2, 'alice,group,g1'), 'done');
    let quiet = '';
    await openJournal(path, 'pin', { write: false, file: 'a.csv', stderr: { write: (text) => (quiet += text) } });
    assert.equal(quiet, '');
  });

  test('a directory is refused as a usage error', async () => {
    await assert.rejects(openJournal(temp.dir, 'pin'), (err) => err.name === 'UsageError' && /not a regular file/.test(err.message));
  });
});

describe('tally', () => {
  test(`the report lists the first ${LIST_LIMIT} bad rows and failures, counts them all, and says they were cut`, () => {
    const tally = new Tally();
    for (let i = 0; i < LIST_LIMIT + 5; i++) {
      tally.bad(i + 2, 'bad');
      const request = { fromAccount: `u${i}`, conversations: [] };
      rowsOf.set(request, [{ line: i + 2 }, { line: i + 3 }]);
      tally.fail(request);
      tally.failure(request, { kind: 'service', code: 50001, message: 'no' });
    }
    const report = tally.report({});
    assert.equal(report.bad, LIST_LIMIT + 5);
    assert.equal(report.badRows.length, LIST_LIMIT);
    assert.equal(report.badRowsTruncated, true);
    assert.equal(report.failed, 2 * (LIST_LIMIT + 5));
    assert.equal(report.failures.length, LIST_LIMIT);
    assert.equal(report.failuresTruncated, true);
    assert.equal(tally.done, 3 * (LIST_LIMIT + 5));
    const small = new Tally();
    small.bad(2, 'bad');
    assert.deepEqual([small.report({}).badRowsTruncated, small.report({}).failuresTruncated], [false, false]);
  });
});
