// Bulk progress: the expected `total` of an iterable, and an `onProgress` that throws or rejects (the run stops
// there and reports it, as it does an input that throws). Nothing here depends on timing: the callback itself
// decides when it fails, by the count of its calls.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isChatError } from '../../pkg/node.js';
import { FAST_RETRY, client, emulator, pinItem, pinnedSet } from './helpers.mjs';

function* pins(n) {
  for (let i = 0; i < n; i++) yield pinItem(i);
}

test('an iterable with an expected total reports it from the first progress on', async () => {
  const emu = await emulator();
  try {
    const progress = [];
    const report = await client(emu.url).pinConversationsBulk(pins(120), { total: 120, concurrency: 4, progressIntervalMs: 0, onProgress: (p) => progress.push(p) });
    assert.equal(report.succeeded, 120);
    assert.ok(progress.length > 1);
    assert.ok(progress.every((p) => p.total === 120), JSON.stringify(progress.slice(0, 3)));
    assert.deepEqual(progress.at(-1), { done: 120, succeeded: 120, failed: 0, total: 120 });
    // An iterable that gives more than it said: the total grows with it, never below what is done.
    const more = [];
    await client(emu.url).pinConversationsBulk(pins(30), { total: 10, concurrency: 2, progressIntervalMs: 0, onProgress: (p) => more.push(p) });
    assert.ok(more.every((p) => p.total >= p.done && p.total >= 10));
    assert.equal(more.at(-1).total, 30);
  } finally {
    await emu.close();
  }
});

test('total is checked: a whole number, and for an array only its length', async () => {
  const emu = await emulator();
  try {
    const admin = client(emu.url);
    for (const total of [-1, 1.5, '3', null, 2 ** 32, Number.NaN]) {
      await assert.rejects(admin.pinConversationsBulk(pins(3), { total }), (e) => isChatError(e) && e.kind === 'invalid-request' && e.field === 'total', String(total));
    }
    await assert.rejects(admin.pinConversationsBulk([pinItem(0), pinItem(1)], { total: 5 }), (e) => e.field === 'total' && /length \(2\)/.test(e.message));
    assert.equal((await admin.pinConversationsBulk([pinItem(0), pinItem(1)], { total: 2 })).succeeded, 2);
    assert.equal(emu.state().requestCount, 2);
  } finally {
    await emu.close();
  }
});

for (const [how, fail] of [
  ['throws', () => {
    throw new Error('progress bar broke');
  }],
  ['rejects', async () => {
    throw new Error('progress bar broke');
  }],
]) {
  test(`an onProgress that ${how} stops the run, which reports it and what it did not do`, async () => {
    const emu = await emulator();
    try {
      let calls = 0;
      const onProgress = (p) => (++calls === 5 ? fail(p) : undefined);
      const report = await client(emu.url, { retry: FAST_RETRY }).pinConversationsBulk(Array.from({ length: 300 }, (_, i) => pinItem(i)), { concurrency: 2, progressIntervalMs: 0, onProgress });
      assert.equal(report.stopped, true);
      assert.ok(isChatError(report.progressError));
      assert.deepEqual([report.progressError.kind, report.progressError.field, report.progressError.cause.message], ['invalid-request', 'onProgress', 'progress bar broke']);
      assert.equal(report.sourceError, undefined);
      // It stopped early: the calls already under way finished, the rest are listed.
      assert.ok(report.succeeded < 300 && report.notAttempted.length > 0, `${report.succeeded} done`);
      assert.equal(report.succeeded + report.failed + report.notAttempted.length + report.inFlight.length, 300);
      const done = pinnedSet(emu.state());
      for (const { index } of report.notAttempted) assert.ok(!done.has(`user${index % 50}:g${index}`));
      assert.equal(done.size, report.succeeded);
    } finally {
      await emu.close();
    }
  });
}

test('an onProgress that fails at the last report: everything done, the error reported', async () => {
  const emu = await emulator();
  try {
    const report = await client(emu.url).pinConversationsBulk(pins(10), {
      progressIntervalMs: 60_000,
      onProgress: async ({ done }) => {
        if (done === 10) throw new Error('could not save');
      },
    });
    assert.equal(report.succeeded, 10);
    assert.equal(report.progressError?.cause?.message, 'could not save');
  } finally {
    await emu.close();
  }
});
