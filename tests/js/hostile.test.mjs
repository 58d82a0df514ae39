// Inputs and sequences a review of the JS driver and the UserSig fast path turned up: views that lie about
// their length, proxies, arrays whose getters throw, callers that stop waiting for a shared provider,
// freeing twice, fetches that answer with something that is not a response. Nothing leaves the process.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as pkg from '../../pkg/node.js';
import { ADMIN, assertChatError, decodeSig, envelope, KEY, recordingFetch, rejection, SDKAPPID, thrown, until } from './helpers.mjs';

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

describe('a review of the binding on the crates', () => {
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };

  test('a revoked Proxy anywhere gets a ChatError, and the module keeps working however often it comes', async () => {
    const admin = new pkg.ChatAdmin(options({ fetch: recordingFetch().fetch }));
    for (let i = 0; i < 2000; i++) {
      const r = revoked();
      for (const call of [
        () => pkg.genUserSig({ sdkAppId: SDKAPPID, secretKey: KEY, identifier: ADMIN, x: r }),
        () => pkg.genUserSig(r),
        () => new pkg.ChatAdmin(r),
        () => new pkg.ChatAdmin(options({ retry: r })),
      ]) {
        try {
          call();
        } catch (err) {
          assert.ok(pkg.isChatError(err), `${err?.name}: ${err?.message}`);
        }
      }
      for (const call of [() => admin.pinConversations(r), () => admin.pinConversations({ ...REQUEST, conversations: [r] }), () => admin.pinConversationsBulk(r)]) {
        await call().then(() => {}, (err) => assert.ok(pkg.isChatError(err), `${err?.name}: ${err?.message}`));
      }
    }
    assert.equal(pkg.decodeUserSig(sign()).identifier, ADMIN);
    assert.equal((await admin.pinConversations(REQUEST)).errorCode, 0);
  });

  test('a long-lived signal carries one listener while calls wait on it, and none once they are done', async () => {
    let listeners = 0;
    let most = 0;
    const signal = {
      aborted: false,
      addEventListener: () => (most = Math.max(most, ++listeners)),
      removeEventListener: () => (listeners -= 1),
    };
    const { fetch } = recordingFetch(() => new Promise((resolve) => setTimeout(() => resolve(envelope()), 2)));
    const admin = new pkg.ChatAdmin(options({ fetch }));
    for (let i = 0; i < 50; i++) await admin.pinConversations(REQUEST, { signal });
    const report = await admin.pinConversationsBulk(new Array(200).fill(REQUEST), { concurrency: 32, ratePerSecond: 100_000, signal });
    assert.equal(report.succeeded, 200);
    assert.deepEqual([listeners, most], [0, 1]);
  });

  test("each request gets headers of its own: one client's fetch wrapper changing them does not reach another's", async () => {
    const seen = [];
    const fetch = (url, init) => {
      seen.push({ ...init.headers });
      init.headers['x-tenant-token'] = 'tenant-a';
      return envelope();
    };
    const a = new pkg.ChatAdmin(options({ fetch }));
    const b = new pkg.ChatAdmin(options({ fetch: (url, init) => (seen.push({ ...init.headers }), envelope()) }));
    await a.pinConversations(REQUEST);
    await b.pinConversations(REQUEST);
    assert.deepEqual(seen, [{ 'content-type': 'application/json' }, { 'content-type': 'application/json' }]);
  });

  test('after the shared provider answer rejected with nobody waiting, concurrent calls ask the provider once', async () => {
    let asked = 0;
    let fail;
    const provider = () => {
      asked += 1;
      if (asked === 1) return new Promise((_, reject) => (fail = reject));
      return sign();
    };
    const { fetch } = recordingFetch();
    const admin = new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, userSigProvider: provider, endpoint: 'http://127.0.0.1:9', fetch, retry: false });
    const controller = new AbortController();
    const first = admin.pinConversations(REQUEST, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    assert.equal((await rejection(first)).kind, 'aborted');
    fail(new Error('provider down'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const results = await Promise.all(Array.from({ length: 8 }, () => admin.pinConversations(REQUEST)));
    assert.deepEqual([results.every((r) => r.errorCode === 0), asked], [true, 2]);
  });

  test('an own __proto__ key is data, not a prototype: the item is refused, not sent as an unpin', async () => {
    const { fetch, calls } = recordingFetch();
    const admin = new pkg.ChatAdmin(options({ fetch }));
    const item = JSON.parse('{"fromAccount":"alice","__proto__":{"conversations":[{"type":"c2c","toAccount":"bob"}],"operation":"unpin"}}');
    const report = await admin.pinConversationsBulk([item]);
    assert.deepEqual([report.failed, report.failures[0]?.error.field, calls.length], [1, '__proto__', 0]);
    const odd = thrown(() => new pkg.ChatAdmin(options({ fetch, identifier: JSON.parse('{"__proto__":[1]}') })));
    assertChatError(odd, { kind: 'invalid-request', field: 'identifier' }, pkg.isChatError);
  });

  test('the cost of reading an input is bounded: cycles, huge sparse arrays, big byte arrays', async () => {
    const cyclic = {};
    for (let i = 0; i < 10; i++) cyclic[`k${i}`] = cyclic;
    assert.equal(thrown(() => new pkg.ChatAdmin(options({ x: cyclic }))).field, 'x');
    const admin = new pkg.ChatAdmin(options({ fetch: recordingFetch().fetch }));
    const sparse = [];
    sparse.length = 2 ** 32 - 1;
    assert.equal((await rejection(admin.pinConversations({ fromAccount: 'alice', conversations: sparse }))).field, 'conversations');
    // A megabyte userbuf is read and refused (decoding would refuse its UserSig); one that fits signs its bytes.
    assert.equal(thrown(() => sign(new Uint8Array(1 << 20).fill(7))).field, 'userbuf');
    assert.equal(userbufOf(sign(new Uint8Array(40_000).fill(7))).length, 40_000);
  });

  test('stopping a bulk run ends it while its async iterator is stuck in next()', async () => {
    const { fetch } = recordingFetch();
    const admin = new pkg.ChatAdmin(options({ fetch }));
    const controller = new AbortController();
    let pulls = 0;
    const stuck = {
      [Symbol.asyncIterator]: () => ({
        next: () => (++pulls === 1 ? Promise.resolve({ done: false, value: REQUEST }) : new Promise(() => {})),
      }),
    };
    const run = admin.pinConversationsBulk(stuck, { concurrency: 2, signal: controller.signal });
    await until(() => pulls >= 2, "the second pull");
    controller.abort();
    const report = await run;
    assert.deepEqual([report.stopped, report.succeeded, report.nextIndex], [true, 1, 1]);
  });

  test('a compressed answer is read as a stream, held to the limit whatever its declared (compressed) length', async () => {
    const endless = () =>
      new Response(new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(65536).fill(0x20)) }), {
        headers: { 'content-length': '120', 'content-encoding': 'gzip' },
      });
    const { fetch } = recordingFetch(endless);
    const err = await rejection(new pkg.ChatAdmin(options({ fetch, timeoutMs: 60_000 })).pinConversations(REQUEST));
    assertChatError(err, { kind: 'decode' }, pkg.isChatError);
  });
});
