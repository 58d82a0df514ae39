// What the transport reads and where it sends: an answer is read no further than 1 MiB (more is a `decode`
// error and is not copied into wasm memory), whichever kind of response fetch gives; a path endpoint in a
// page served over plain http:// from a host that is not loopback is refused like any cleartext endpoint.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as pkg from '../../pkg/node.js';
import { ADMIN, assertChatError, KEY, recordingFetch, rejection, SDKAPPID, thrown } from './helpers.mjs';

const MiB = 1024 * 1024;
const REQUEST = { fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }] };
const options = (extra = {}) => ({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: 'http://127.0.0.1:9', ...extra });
const ok = (padding = '') => JSON.stringify({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: padding, ErrorDisplay: '' });

describe('the answer is read no further than 1 MiB', () => {
  test('an envelope just under the limit is read', async () => {
    const body = ok('x'.repeat(MiB - 100));
    assert.ok(Buffer.byteLength(body) <= MiB);
    const { fetch } = recordingFetch(() => new Response(body));
    const result = await new pkg.ChatAdmin(options({ fetch })).pinConversations(REQUEST);
    assert.equal(result.errorInfo.length, MiB - 100);
  });

  test('a longer answer is a decode error, not retried', async () => {
    const { fetch, calls } = recordingFetch(() => new Response(ok('x'.repeat(MiB))));
    const admin = new pkg.ChatAdmin(options({ fetch, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 1 } }));
    const err = await rejection(admin.pinConversations(REQUEST));
    assertChatError(err, { kind: 'decode', attempts: 1, retryable: false }, pkg.isChatError);
    assert.match(err.message, /larger than 1 MiB/);
    assert.equal(calls.length, 1);
  });

  test('an endless body is read up to the limit, then cancelled', async () => {
    let enqueued = 0;
    let cancelled = false;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const endless = () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            enqueued += chunk.length;
            controller.enqueue(chunk);
          },
          cancel() {
            cancelled = true;
          },
        }),
      );
    const { fetch } = recordingFetch(endless);
    const err = await rejection(new pkg.ChatAdmin(options({ fetch, retry: false, timeoutMs: 60_000 })).pinConversations(REQUEST));
    assertChatError(err, { kind: 'decode' }, pkg.isChatError);
    assert.ok(cancelled, 'the stream was cancelled');
    assert.ok(enqueued <= MiB + 4 * chunk.length, `${enqueued} bytes were produced for a 1 MiB limit`);
  });

  test('a response from another fetch library (text() only) is held to the same limit', async () => {
    const lookAlike = (text) => ({ status: 200, text: async () => text });
    for (const [text, kind] of [[ok(), undefined], [ok('y'.repeat(2 * MiB)), 'decode']]) {
      const { fetch } = recordingFetch(() => lookAlike(text));
      const call = new pkg.ChatAdmin(options({ fetch, retry: false })).pinConversations(REQUEST);
      if (kind === undefined) assert.equal((await call).actionStatus, 'OK');
      else assertChatError(await rejection(call), { kind }, pkg.isChatError);
    }
  });
});

describe('a path endpoint in a page', () => {
  /** Runs `fn` as if in a page at `origin`. */
  function inPage(origin, fn) {
    const url = new URL(origin);
    globalThis.location = { origin: url.origin, protocol: url.protocol, hostname: url.hostname, href: url.href };
    try {
      return fn();
    } finally {
      delete globalThis.location;
    }
  }
  const withPath = (extra) => () => new pkg.ChatAdmin(options({ endpoint: '/chat-api', fetch: recordingFetch().fetch, ...extra }));

  test('is accepted on https:// and on loopback', () => {
    for (const origin of ['https://admin.example', 'http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080']) {
      inPage(origin, withPath({}));
    }
  });

  test('is refused on plain http:// from another host, unless allowInsecureHttp', () => {
    const err = inPage('http://admin.example', () => thrown(withPath({})));
    assertChatError(err, { kind: 'invalid-request', field: 'endpoint' }, pkg.isChatError);
    assert.match(err.message, /allowInsecureHttp/);
    inPage('http://admin.example', withPath({ allowInsecureHttp: true }));
  });

  test('outside a page it is refused, whatever allowInsecureHttp says', () => {
    for (const allowInsecureHttp of [undefined, true]) {
      const err = thrown(withPath(allowInsecureHttp === undefined ? {} : { allowInsecureHttp }));
      assert.equal(err.field, 'endpoint');
    }
  });
});
