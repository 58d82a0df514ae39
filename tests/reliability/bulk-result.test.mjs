// Bulk `onResult`: one call for each item read, as it ends, with the report's category (and the ChatError of a
// failed item), before its worker sends another request; a throwing (or async) onResult stops the run, reported
// as `resultError`. Nothing here depends on timing: answers come from the emulator's faults or from a fetch that
// answers each request itself, and the stops come from the callback or the fetch at a given count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isChatError } from '../../pkg/node.js';
import { FAST_RETRY, USERS, client, emulator, pinItem, pinnedSet } from './helpers.mjs';

const items = (n) => Array.from({ length: n }, (_, i) => pinItem(i));

/** A fetch answering each request with `answer(index, n)` (index: the item's, from its group g{index}; n: the n-th
 * request of that item), `{ code }` or `{ status }`; `log` records `fetch <index>` as each is sent. */
function answering(answer, log = []) {
  const seen = new Map();
  const fetch = async (url, init) => {
    const index = Number(JSON.parse(init.body).RecentContactItem[0].GroupId.slice(1));
    seen.set(index, (seen.get(index) ?? 0) + 1);
    log.push(`fetch ${index}`);
    const { code = 0, status = 200 } = answer(index, seen.get(index));
    const body = { ActionStatus: code ? 'FAIL' : 'OK', ErrorCode: code, ErrorInfo: code ? 'no' : '', ErrorDisplay: '' };
    return new Response(JSON.stringify(body), { status });
  };
  return { fetch, log };
}

test('onResult is called once for each item, with its status, its request and a failed one\'s error', async () => {
  const emu = await emulator();
  try {
    const chosen = [7, 21, 33];
    await emu.faults(chosen.map((i) => ({ errorCode: 50002, fromAccount: USERS[i] })));
    const requests = [...items(50), 5];
    const results = [];
    const report = await client(emu.url, { retry: FAST_RETRY }).pinConversationsBulk(requests, { concurrency: 4, onResult: (r) => results.push(r) });
    assert.deepEqual([report.succeeded, report.failed], [47, 4]);
    assert.deepEqual(results.map((r) => r.index).sort((a, b) => a - b), requests.map((_, i) => i), 'one call per item');
    for (const r of results) {
      assert.equal(r.request, requests[r.index], 'the very object the input gave');
      const failed = chosen.includes(r.index) || r.index === 50;
      assert.equal(r.status, failed ? 'failed' : 'succeeded', `item ${r.index}`);
      assert.deepEqual(Object.keys(r), failed ? ['index', 'request', 'status', 'error'] : ['index', 'request', 'status']);
    }
    const byIndex = new Map(results.map((r) => [r.index, r]));
    for (const i of chosen) {
      const { error } = byIndex.get(i);
      assert.ok(isChatError(error));
      assert.deepEqual([error.kind, error.code], ['service', 50002]);
    }
    assert.deepEqual([byIndex.get(50).error.kind, byIndex.get(50).error.field], ['invalid-request', 'request']);
    // The error told is the one the report lists.
    for (const f of report.failures) assert.equal(byIndex.get(f.index).error, f.error);
    assert.deepEqual(pinnedSet(emu.state()).size, 47);
  } finally {
    await emu.close();
  }
});

test('a stopped run: inFlight and notAttempted items are told so, an array\'s items never read are not told', async () => {
  const controller = new AbortController();
  let answered = 0;
  // Item 0 is throttled (60007: not applied), item 1 answered 50004 (which does not say whether it was applied).
  const { fetch } = answering((index) => {
    // The stop comes once both answers are read, while both items wait (a minute at most) to retry.
    if (++answered === 2) setTimeout(() => controller.abort(), 0);
    return { code: index === 0 ? 60007 : 50004 };
  });
  const results = [];
  const admin = client('http://127.0.0.1:9', { fetch, retry: { retries: 3, minDelayMs: 60_000, maxDelayMs: 60_000 } });
  const report = await admin.pinConversationsBulk(items(5), { concurrency: 2, signal: controller.signal, onResult: (r) => results.push(r) });
  assert.equal(report.stopped, true);
  assert.deepEqual(results.map(({ index, status }) => [index, status]).sort(), [[0, 'notAttempted'], [1, 'inFlight']]);
  assert.ok(results.every((r) => !('error' in r)));
  // Items 2 to 4 were never read: no call, and the report lists them.
  assert.deepEqual(report.notAttempted.map((it) => it.index).sort(), [0, 2, 3, 4]);
  assert.deepEqual(report.inFlight.map((it) => it.index), [1]);
});

test('with one worker, each item\'s call comes after its last attempt and before the next item is sent', async () => {
  // Item 2 fails (50002, not retried), item 4 is answered 503 once, then succeeds.
  const { fetch, log } = answering((index, n) => (index === 2 ? { code: 50002 } : index === 4 && n === 1 ? { status: 503 } : {}));
  const report = await client('http://127.0.0.1:9', { fetch, retry: FAST_RETRY }).pinConversationsBulk(items(6), {
    concurrency: 1,
    onResult: ({ index, status }) => log.push(`result ${index} ${status}`),
  });
  assert.deepEqual([report.succeeded, report.failed], [5, 1]);
  assert.deepEqual(log, [
    'fetch 0', 'result 0 succeeded',
    'fetch 1', 'result 1 succeeded',
    'fetch 2', 'result 2 failed',
    'fetch 3', 'result 3 succeeded',
    'fetch 4', 'fetch 4', 'result 4 succeeded',
    'fetch 5', 'result 5 succeeded',
  ]);
});

test('an onResult that throws stops the run, which reports it as resultError; it is not called again', async () => {
  const emu = await emulator();
  try {
    let calls = 0;
    const onResult = () => {
      if (++calls === 5) throw new Error('journal full');
    };
    const report = await client(emu.url, { retry: FAST_RETRY }).pinConversationsBulk(items(300), { concurrency: 2, onResult });
    assert.equal(calls, 5);
    assert.equal(report.stopped, true);
    assert.ok(isChatError(report.resultError));
    assert.deepEqual([report.resultError.kind, report.resultError.field, report.resultError.cause.message], ['invalid-request', 'onResult', 'journal full']);
    assert.match(report.resultError.message, /threw; the run stopped there/);
    assert.equal(report.progressError, undefined);
    assert.equal(report.sourceError, undefined);
    // It stopped early: the item in the other worker's hands ended, the rest are listed.
    assert.ok(report.succeeded >= 5 && report.succeeded < 300, `${report.succeeded} done`);
    assert.equal(report.succeeded + report.failed + report.notAttempted.length + report.inFlight.length, 300);
    assert.equal(pinnedSet(emu.state()).size, report.succeeded);
  } finally {
    await emu.close();
  }
});

for (const stopper of ['onResult', 'onProgress']) {
  test(`an item an iterator gives after ${stopper} stopped the run is not sent: it is told and listed as not attempted`, async () => {
    // Worker 2 waits for item 1 until the callback, told of item 0, lets it come (and throws): it arrives after the stop.
    let release;
    const later = new Promise((resolve) => (release = resolve));
    async function* input() {
      yield pinItem(0);
      await later;
      yield pinItem(1);
      yield pinItem(2);
    }
    const { fetch, log } = answering(() => ({}));
    const told = [];
    const stop = () => {
      release();
      throw new Error('journal full');
    };
    const options = stopper === 'onResult'
      ? { concurrency: 2, onResult: (r) => (told.push([r.index, r.status]), stop()) }
      : { concurrency: 2, progressIntervalMs: 0, onProgress: stop, onResult: (r) => told.push([r.index, r.status]) };
    const report = await client('http://127.0.0.1:9', { fetch }).pinConversationsBulk(input(), options);
    assert.deepEqual(log, ['fetch 0'], 'item 1 was sent after the stop');
    assert.equal(report.stopped, true);
    assert.equal(report.succeeded, 1);
    assert.deepEqual(report.notAttempted.map((item) => item.index), [1]);
    assert.equal(report.total, 2);
    // A throwing onResult is not called again; otherwise every item read is told.
    assert.deepEqual(told, stopper === 'onResult' ? [[0, 'succeeded']] : [[0, 'succeeded'], [1, 'notAttempted']]);
  });
}

test('an onResult that returns a promise stops the run at its first call; the promise\'s rejection is not left unhandled', async () => {
  const emu = await emulator();
  try {
    let calls = 0;
    let returned;
    const onResult = () => {
      calls += 1;
      returned = Promise.reject(new Error('saved later'));
      return returned;
    };
    const report = await client(emu.url).pinConversationsBulk(items(20), { concurrency: 1, onResult });
    assert.equal(calls, 1);
    assert.deepEqual([report.stopped, report.succeeded, report.notAttempted.length], [true, 1, 19]);
    assert.deepEqual([report.resultError.kind, report.resultError.field], ['invalid-request', 'onResult']);
    assert.match(report.resultError.message, /returned a promise, which is not awaited/);
    assert.equal(report.resultError.cause, returned);
  } finally {
    await emu.close();
  }
});

test('onResult must be a synchronous function: anything else is refused before anything is sent', async () => {
  const emu = await emulator();
  try {
    const admin = client(emu.url);
    for (const onResult of ['yes', null, 1, {}, async () => {}, async function* results() {}]) {
      await assert.rejects(admin.pinConversationsBulk(items(3), { onResult }), (e) => isChatError(e) && e.kind === 'invalid-request' && e.field === 'onResult', String(onResult));
    }
    await assert.rejects(admin.pinConversationsBulk(items(3), { onResults: () => {} }), (e) => e.field === 'onResults' && /did you mean onResult\?/.test(e.message));
    assert.equal(emu.state().requestCount, 0);
  } finally {
    await emu.close();
  }
});

test('keepFailures: false leaves failures out of the report (onResult has them), counting them in failed', async () => {
  // Every item fails (50002, not retried): the report lists none of them, onResult is told of each.
  const { fetch } = answering(() => ({ code: 50002 }));
  const admin = client('http://127.0.0.1:9', { retry: FAST_RETRY, fetch });
  const told = [];
  const requests = items(2000);
  const report = await admin.pinConversationsBulk(requests, { concurrency: 8, keepFailures: false, onResult: (r) => told.push([r.status, r.error?.code]) });
  assert.deepEqual([report.succeeded, report.failed, report.failures], [0, 2000, []]);
  assert.equal(told.length, 2000);
  assert.ok(told.every(([status, code]) => status === 'failed' && code === 50002));
  // By default (and with true) they are listed.
  const kept = await admin.pinConversationsBulk(items(3), { keepFailures: true, onResult: () => {} });
  assert.deepEqual(kept.failures.map((f) => [f.index, f.error.code]).sort(), [[0, 50002], [1, 50002], [2, 50002]]);
  assert.equal((await admin.pinConversationsBulk(items(2))).failures.length, 2);
});

test('keepFailures: false without onResult is refused, naming the field: the failures would be lost', async () => {
  const emu = await emulator();
  try {
    const admin = client(emu.url);
    const err = await admin.pinConversationsBulk(items(3), { keepFailures: false }).then(() => undefined, (e) => e);
    assert.ok(isChatError(err));
    assert.deepEqual([err.kind, err.field], ['invalid-request', 'keepFailures']);
    assert.match(err.message, /only with onResult/);
    await assert.rejects(admin.pinConversationsBulk(items(3), { keepFailures: 'no', onResult: () => {} }), (e) => e.field === 'keepFailures');
    assert.equal(emu.state().requestCount, 0);
  } finally {
    await emu.close();
  }
});
