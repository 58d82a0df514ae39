// Bulk pinning against the emulator: under its rate limit, faults, stop and resume. These tests check what
// happens to every item, never how long a run takes or how many answers a rate limit throttled (timing decides
// that on a busy machine): pacing itself is tested against a given clock in src/core/call/pacer.rs, and its speed is
// measured, not asserted, by `npm run bench`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isChatError } from '../../pkg/node.js';
import { FAST_RETRY, USERS, client, countingFetch, emulator, pinItem, pinnedSet } from './helpers.mjs';

const items = (n) => Array.from({ length: n }, (_, i) => pinItem(i));
const expectedPins = (n) => new Set(items(n).map((it) => `${it.fromAccount}:${it.conversations[0].groupId}`));

/**
 * Asserts that a run of `n` items (pinItem(0..n)) through `counting` ended with every item pinned and reported as
 * succeeded, and that it sent one request per item plus one retry per throttled answer, all of them received.
 */
function assertAllPinned(emu, report, counting, n) {
  assert.deepEqual([report.total, report.succeeded, report.failed, report.stopped, report.notAttempted, report.inFlight], [n, n, 0, false, [], []]);
  assert.equal(report.attempts, n + counting.throttled, 'one attempt per item, and one more per throttled answer');
  assert.equal(report.attempts, counting.sent);
  assert.equal(emu.state().requestCount, counting.sent);
  assert.deepEqual(pinnedSet(emu.state()), expectedPins(n));
}

test('5,000 pins at the 1,000/s limit: everything pinned, a throttled answer only retried', async () => {
  const emu = await emulator({ rateLimit: 1000 });
  try {
    const counting = countingFetch();
    const report = await client(emu.url, { fetch: counting.fetch }).pinConversationsBulk(items(5000), { ratePerSecond: 1000 });
    assertAllPinned(emu, report, counting, 5000);
  } finally {
    await emu.close();
  }
});

test('a throttled answer (60007) is retried and its item succeeds', async () => {
  const emu = await emulator();
  try {
    // The first call of each user is throttled, whenever it comes.
    await emu.faults(USERS.map((user) => ({ errorCode: 60007, fromAccount: user })));
    const counting = countingFetch();
    const report = await client(emu.url, { retry: FAST_RETRY, fetch: counting.fetch }).pinConversationsBulk(items(200), { ratePerSecond: 5000 });
    assert.equal(counting.throttled, USERS.length);
    assert.equal(report.attempts, 200 + USERS.length);
    assertAllPinned(emu, report, counting, 200);
  } finally {
    await emu.close();
  }
});

test('with 5 % retryable faults every item still ends pinned', async () => {
  const emu = await emulator();
  try {
    // 100 faults over 2,000 items: two for each of 50 users, taken by that user's next calls.
    await emu.faults(USERS.slice(0, 50).flatMap((user) => [{ errorCode: 50004, fromAccount: user, times: 1 }, { status: 503, fromAccount: user }]));
    const report = await client(emu.url, { retry: FAST_RETRY }).pinConversationsBulk(items(2000), { ratePerSecond: 5000 });
    assert.deepEqual([report.succeeded, report.failed, report.attempts], [2000, 0, 2100]);
    assert.deepEqual(pinnedSet(emu.state()), expectedPins(2000));
  } finally {
    await emu.close();
  }
});

test('non-retryable faults fail exactly the items they hit, with their error', async () => {
  const emu = await emulator();
  try {
    const chosen = [7, 21, 33];
    await emu.faults(chosen.map((i) => ({ errorCode: 50002, fromAccount: USERS[i] })));
    const report = await client(emu.url, { retry: FAST_RETRY }).pinConversationsBulk(items(50), { ratePerSecond: 5000 });
    assert.deepEqual([report.succeeded, report.failed], [47, 3]);
    const failures = [...report.failures].sort((a, b) => a.index - b.index);
    assert.deepEqual(failures.map((f) => f.index), chosen);
    for (const f of failures) {
      assert.deepEqual(f.request, pinItem(f.index));
      assert.ok(isChatError(f.error));
      assert.deepEqual([f.error.kind, f.error.code, f.error.attempts], ['service', 50002, 1]);
    }
  } finally {
    await emu.close();
  }
});

test('a run stopped half-way lists what it did not do, and resuming with that list completes it', async () => {
  const emu = await emulator();
  try {
    // The stop comes as the 1,000th request is sent (which it cuts off), with 16 calls at a time: the 999 before it
    // succeeded, less those still in flight (15 at the most).
    const STOP_AT = 1000;
    const CONCURRENCY = 16;
    const controller = new AbortController();
    let sentAfterStop = 0;
    const counting = countingFetch((n) => {
      if (controller.signal.aborted) sentAfterStop += 1;
      if (n === STOP_AT) controller.abort();
    });
    const admin = client(emu.url, { retry: FAST_RETRY, fetch: counting.fetch });
    const first = await admin.pinConversationsBulk(items(2000), { ratePerSecond: 5000, concurrency: CONCURRENCY, signal: controller.signal });
    assert.equal(first.stopped, true);
    assert.equal(sentAfterStop, 0, 'a request was sent after the stop');
    assert.equal(first.attempts, STOP_AT);
    assert.ok(first.succeeded >= STOP_AT - CONCURRENCY && first.succeeded < STOP_AT, `${first.succeeded} done before the stop`);
    assert.equal(first.failed, 0);
    assert.equal(first.succeeded + first.notAttempted.length + first.inFlight.length, 2000, 'every item is done or listed');
    // The request the stop cut off was sent: its item is listed apart, as in flight (it may have been applied).
    assert.ok(first.inFlight.length >= 1 && first.inFlight.length <= CONCURRENCY, `${first.inFlight.length} in flight`);
    const done = pinnedSet(emu.state());
    const pinned = (i) => done.has(`${USERS[i % USERS.length]}:g${i}`);
    // Every item not listed is pinned; none of those never sent is.
    const listed = new Set([...first.notAttempted, ...first.inFlight].map((it) => it.index));
    for (let i = 0; i < 2000; i++) {
      if (!listed.has(i)) assert.ok(pinned(i), `item ${i}`);
    }
    for (const { index } of first.notAttempted) assert.ok(!pinned(index), `item ${index} was not attempted, yet pinned`);
    for (const { index, request } of [...first.notAttempted, ...first.inFlight]) assert.deepEqual(request, pinItem(index));

    const rest = [...first.inFlight, ...first.notAttempted].map((it) => it.request);
    const resumed = await admin.pinConversationsBulk(rest, { ratePerSecond: 5000 });
    assert.deepEqual([resumed.succeeded, resumed.failed, resumed.stopped, resumed.inFlight], [rest.length, 0, false, []]);
    assert.deepEqual(pinnedSet(emu.state()), expectedPins(2000));
  } finally {
    await emu.close();
  }
});

test('iterables, async iterables, per-item operation, invalid items and progress', async () => {
  const emu = await emulator();
  try {
    const admin = client(emu.url, { retry: FAST_RETRY });
    function* pins() {
      for (let i = 0; i < 300; i++) yield pinItem(i);
    }
    const progress = [];
    // With no interval between reports, the first comes with the first item done, long before the end.
    const first = await admin.pinConversationsBulk(pins(), { ratePerSecond: 2000, progressIntervalMs: 0, onProgress: (p) => progress.push(p) });
    assert.deepEqual([first.total, first.succeeded, first.nextIndex], [300, 300, 300]);
    assert.deepEqual([progress[0].done, progress[0].succeeded, progress[0].failed], [1, 1, 0]);
    assert.deepEqual(progress.at(-1), { done: 300, succeeded: 300, failed: 0, total: 300 });
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i].done >= progress[i - 1].done);

    async function* mixed() {
      yield { ...pinItem(0), operation: 'unpin' };
      yield { fromAccount: USERS[1], conversations: [] };
      yield { ...pinItem(2), operation: 'sideways' };
      yield pinItem(300);
    }
    const second = await admin.pinConversationsBulk(mixed(), { concurrency: 1 });
    assert.deepEqual([second.total, second.succeeded, second.failed], [4, 2, 2]);
    assert.deepEqual(second.failures.map((f) => [f.index, f.error.kind, f.error.field, f.error.attempts]), [
      [1, 'invalid-request', 'conversations', 0],
      [2, 'invalid-request', 'operation', 0],
    ]);
    const pins2 = pinnedSet(emu.state());
    assert.ok(!pins2.has('user0:g0') && pins2.has('user0:g300'));
  } finally {
    await emu.close();
  }
});

test('bad bulk arguments reject before anything is sent', async () => {
  const emu = await emulator();
  try {
    const admin = client(emu.url);
    const cases = [
      [42, {}, 'requests'],
      [[], { ratePerSecond: 0 }, 'ratePerSecond'],
      [[], { concurrency: 0 }, 'concurrency'],
      [[], { onProgress: 'yes' }, 'onProgress'],
      [[], { operation: 'toggle' }, 'operation'],
    ];
    for (const [requests, options, field] of cases) {
      await assert.rejects(admin.pinConversationsBulk(requests, options), (err) => isChatError(err) && err.kind === 'invalid-request' && err.field === field);
    }
    // An item that is not a request fails alone, naming it; nothing is sent for it.
    const report = await admin.pinConversationsBulk([5], {});
    assert.deepEqual([report.failed, report.failures[0].error.field], [1, 'request']);
    assert.equal(emu.state().requestCount, 0);
  } finally {
    await emu.close();
  }
});

test('a hand-written async iterator is asked for one item at a time', async () => {
  const emu = await emulator();
  try {
    // An iterator that breaks if next() overlaps: it reads its counter before an await.
    let i = 0;
    let inFlight = 0;
    let overlapped = false;
    const source = {
      [Symbol.asyncIterator]: () => ({
        async next() {
          inFlight += 1;
          overlapped ||= inFlight > 1;
          const n = i;
          await new Promise((resolve) => setTimeout(resolve, 1));
          i = n + 1;
          inFlight -= 1;
          return n < 10 ? { done: false, value: pinItem(n) } : { done: true, value: undefined };
        },
      }),
    };
    const report = await client(emu.url).pinConversationsBulk(source, { concurrency: 4 });
    assert.equal(overlapped, false);
    assert.deepEqual([report.total, report.succeeded, report.attempts], [10, 10, 10]);
    assert.deepEqual(pinnedSet(emu.state()), expectedPins(10));
  } finally {
    await emu.close();
  }
});

test('an input that throws stops the run and is reported with what was done', async () => {
  const emu = await emulator();
  try {
    function* failing() {
      for (let i = 0; i < 5; i++) yield pinItem(i);
      throw new Error('cursor lost');
    }
    const report = await client(emu.url).pinConversationsBulk(failing(), { concurrency: 2 });
    assert.deepEqual([report.stopped, report.total, report.succeeded, report.nextIndex], [true, 5, 5, 5]);
    assert.ok(isChatError(report.sourceError));
    assert.deepEqual([report.sourceError.kind, report.sourceError.field, report.sourceError.cause.message], ['invalid-request', 'requests', 'cursor lost']);
  } finally {
    await emu.close();
  }
});

test('a rate set above the service limit: every throttled answer is retried, nothing fails', async () => {
  const emu = await emulator({ rateLimit: 100 });
  try {
    const counting = countingFetch();
    const report = await client(emu.url, { fetch: counting.fetch }).pinConversationsBulk(items(400), { ratePerSecond: 400 });
    assertAllPinned(emu, report, counting, 400);
  } finally {
    await emu.close();
  }
});

test('a wall clock stepped back mid-run does not stall the pacing, which runs on the monotonic page clock', { timeout: 120_000 }, async () => {
  const wallClock = Date.now;
  let sent = 0;
  const fetch = async () => {
    sent += 1;
    // A day back, as an NTP step or a change of the system clock would: the run would wait for that day to pass.
    if (sent === 5) Date.now = () => wallClock() - 86_400_000;
    return new Response(JSON.stringify({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ErrorDisplay: '' }), { status: 200 });
  };
  try {
    const report = await client('http://127.0.0.1:9', { fetch }).pinConversationsBulk(items(40), { ratePerSecond: 200, concurrency: 4 });
    assert.deepEqual([report.total, report.succeeded, report.failed, report.stopped, sent], [40, 40, 0, false, 40]);
  } finally {
    Date.now = wallClock;
  }
});

test('a run stopped while an item waits to retry a throttled answer lists it as not attempted: 60007 proves it was not applied', async () => {
  const controller = new AbortController();
  const answered = [];
  // user0 is throttled, user1 answered 50004 (an internal error, which does not say whether the pin was applied).
  const codes = { user0: 60007, user1: 50004 };
  const fetch = async (url, init) => {
    const user = JSON.parse(init.body).From_Account;
    answered.push(user);
    // The stop comes once both answers are read, while both items wait (a minute at most) to retry.
    if (answered.length === 2) setTimeout(() => controller.abort(), 0);
    const code = codes[user];
    return new Response(JSON.stringify({ ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: 'no', ErrorDisplay: '' }), { status: 200 });
  };
  const admin = client('http://127.0.0.1:9', { fetch, retry: { retries: 3, minDelayMs: 60_000, maxDelayMs: 60_000 } });
  const report = await admin.pinConversationsBulk(items(3), { concurrency: 2, signal: controller.signal });
  assert.deepEqual([report.stopped, report.succeeded, report.failed, answered.slice(0, 2).sort()], [true, 0, 0, ['user0', 'user1']]);
  assert.deepEqual(report.notAttempted.map((it) => it.index).sort(), [0, 2], 'the throttled item and the one never read');
  assert.deepEqual(report.inFlight.map((it) => it.index), [1], 'the 50004 may have been applied');
});
