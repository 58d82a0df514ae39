// Inputs and sequences a review of the JS driver and the UserSig fast path turned up: views that lie about
// their length, proxies, arrays whose getters throw, callers that stop waiting for a shared provider,
// freeing twice, fetches that answer with something that is not a response. Nothing leaves the process.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as pkg from '../../pkg/node.js';
import { ADMIN, assertChatError, decodeSig, envelope, KEY, recordingFetch, rejection, SDKAPPID, thrown } from './helpers.mjs';

const REQUEST = { fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }] };
const NOW = 1_700_000_000;
const options = (extra = {}) => ({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: 'http://127.0.0.1:9', retry: false, ...extra });
const sign = (userbuf) => pkg.genUserSig({ sdkAppId: SDKAPPID, secretKey: KEY, identifier: ADMIN, userbuf, now: NOW });
const userbufOf = (sig) => Buffer.from(decodeSig(sig)['TLS.userbuf'], 'base64');

describe('userbuf views that are not what they say', () => {
  test('a Uint8Array whose length property lies signs its real bytes, and later calls still work', () => {
    const real = Uint8Array.of(1, 2, 3, 4);
    const expected = sign(Uint8Array.of(1, 2, 3, 4));
    for (const lie of [300, 2, 0]) {
      const view = Uint8Array.of(1, 2, 3, 4);
      Object.defineProperty(view, 'length', { get: () => lie });
      assert.equal(sign(view), expected, `length claiming ${lie}`);
    }
    class Liar extends Uint8Array {
      get length() {
        return 64;
      }
    }
    assert.equal(sign(Liar.from(real)), expected);
    // A view of 16 bytes claiming 8 used to overwrite the allocator's free lists.
    const big = new Uint8Array(16).fill(9);
    Object.defineProperty(big, 'length', { get: () => 8 });
    assert.deepEqual([...userbufOf(sign(big))], new Array(16).fill(9));
    for (let i = 0; i < 200; i++) assert.equal(sign(real), expected);
  });

  test('a Proxy around a Uint8Array is refused with a ChatError naming userbuf', () => {
    const err = thrown(() => sign(new Proxy(new Uint8Array(3), {})));
    assertChatError(err, { kind: 'invalid-request', field: 'userbuf' }, pkg.isChatError);
  });
});

describe('bulk runs', () => {
  test('attempts counts the requests sent, not the pacing slots taken before a stop', async () => {
    // Eight workers take their pacing slots at once, 500 ms apart; the stop comes once the first answer is read
    // (its timer is set as the answer is given, so it fires before any later slot's).
    const controller = new AbortController();
    const { fetch, calls } = recordingFetch(() => {
      setTimeout(() => controller.abort(), 0);
      return envelope();
    });
    const admin = new pkg.ChatAdmin(options({ fetch }));
    const report = await admin.pinConversationsBulk(new Array(20).fill(REQUEST), { ratePerSecond: 2, concurrency: 8, signal: controller.signal });
    assert.deepEqual([report.stopped, calls.length, report.attempts, report.succeeded], [true, 1, 1, 1]);
  });

  test('an array whose getter throws stops the run with sourceError, and the report lists the rest', async () => {
    const { fetch, calls } = recordingFetch();
    const admin = new pkg.ChatAdmin(options({ fetch }));
    const items = [REQUEST, REQUEST, REQUEST, REQUEST];
    Object.defineProperty(items, 2, { get() { throw new Error('boom'); } });
    const report = await admin.pinConversationsBulk(items, { concurrency: 1 });
    assert.deepEqual([report.succeeded, report.stopped, report.nextIndex, calls.length], [2, true, 2, 2]);
    assert.deepEqual(report.notAttempted.map((i) => i.index), [2, 3]);
    assertChatError(report.sourceError, { kind: 'invalid-request', field: 'requests' }, pkg.isChatError);
    assert.equal(report.sourceError.cause.message, 'boom');
  });

  test('items an iterator gives after it threw are not sent', async () => {
    const { fetch, calls } = recordingFetch(() => new Promise((resolve) => setTimeout(() => resolve(envelope()), 20)));
    const admin = new pkg.ChatAdmin(options({ fetch }));
    let pulls = 0;
    const iterator = {
      [Symbol.iterator]() {
        return this;
      },
      next() {
        pulls += 1;
        if (pulls === 2) throw new Error('broken source');
        return { done: pulls > 6, value: REQUEST };
      },
    };
    const report = await admin.pinConversationsBulk(iterator, { concurrency: 4 });
    assert.equal(report.stopped, true);
    assert.equal(report.succeeded, calls.length);
    assert.equal(calls.length, 1, `sent ${calls.length} (pulled ${pulls})`);
    assert.equal(report.sourceError.cause.message, 'broken source');
  });
});

describe('the shared userSigProvider', () => {
  test('a caller that stops waiting does not make the next caller ask again', async () => {
    let asked = 0;
    let answer;
    const provider = () => {
      asked += 1;
      return new Promise((resolve) => (answer = resolve));
    };
    const { fetch } = recordingFetch();
    const admin = new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, userSigProvider: provider, endpoint: 'http://127.0.0.1:9', fetch, retry: false });
    const controller = new AbortController();
    const first = admin.pinConversations(REQUEST, { signal: controller.signal });
    const second = admin.pinConversations(REQUEST);
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    assert.equal((await rejection(first)).kind, 'aborted');
    const third = admin.pinConversations(REQUEST);
    await new Promise((resolve) => setTimeout(resolve, 10));
    answer(pkg.genUserSig({ sdkAppId: SDKAPPID, secretKey: KEY, identifier: ADMIN }));
    assert.deepEqual([(await second).errorCode, (await third).errorCode, asked], [0, 0, 1]);
  });
});

describe('freeing and odd fetch results', () => {
  test('free() twice, and dispose after free(), are harmless', () => {
    const admin = new pkg.ChatAdmin(options({ fetch: recordingFetch().fetch }));
    admin.free();
    admin.free();
    admin[Symbol.dispose]();
  });

  test('a fetch resolving to something that is not a response → decode, not retried', async () => {
    for (const odd of [null, undefined, 42, {}, { text: 'not a function' }, { status: 200, text: () => 7 }]) {
      const { fetch, calls } = recordingFetch(() => Promise.resolve(odd));
      const admin = new pkg.ChatAdmin(options({ fetch, retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1 } }));
      assertChatError(await rejection(admin.pinConversations(REQUEST)), { kind: 'decode', attempts: 1 }, pkg.isChatError);
      assert.equal(calls.length, 1);
    }
  });

  test('a look-alike signal whose addEventListener throws still gets a ChatError or a result', async () => {
    const signal = { aborted: false, addEventListener() { throw new Error('no'); }, removeEventListener() {} };
    const { fetch } = recordingFetch();
    const admin = new pkg.ChatAdmin(options({ fetch }));
    assert.equal((await admin.pinConversations(REQUEST, { signal })).errorCode, 0);
  });
});
