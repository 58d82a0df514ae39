// Messages and errors (issue 14, point 3): the positional genUserSig call, redaction of short keys, a network
// error's cause, the onRetry hook, and what Node prints for an uncaught ChatError.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { describe, test } from 'node:test';
import * as pkg from '../../pkg/node.js';
import { ADMIN, assertChatError, assertNoSecrets, envelope, KEY, recordingFetch, rejection, SDKAPPID, thrown } from './helpers.mjs';

const REQUEST = { fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }] };
const options = (extra = {}) => ({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: 'http://127.0.0.1:9', retry: false, ...extra });

/** A loopback port that nothing listens on (it was just closed). */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('messages', () => {
  test("genUserSig(sdkAppId, key, identifier) names what was given and shows the object form, not the key", () => {
    const err = thrown(() => pkg.genUserSig(1400000000, KEY, 'alice'));
    assertChatError(err, { kind: 'invalid-request', field: 'options' }, pkg.isChatError);
    assert.equal(err.message, 'options must be one object, not positional arguments (a number came first): genUserSig({ sdkAppId: 1400000000, secretKey, identifier, expire })');
    assertNoSecrets(err, [KEY]);
  });

  test('a short key is not scrubbed out of the words of an answer', async () => {
    const info = 'signature check failed';
    const fetch = () => envelope({ code: 70009, info });
    const err = await rejection(new pkg.ChatAdmin(options({ secretKey: 'k', fetch })).pinConversations(REQUEST));
    assert.equal(err.info, info);
    assert.ok(err.message.includes(info), err.message);
  });
});

describe('network errors carry their cause', () => {
  test('ECONNREFUSED is reachable through cause, as Node reported it', async () => {
    const port = await closedPort();
    const err = await rejection(new pkg.ChatAdmin(options({ endpoint: `http://127.0.0.1:${port}` })).pinConversations(REQUEST));
    assertChatError(err, { kind: 'network' }, pkg.isChatError);
    assert.ok(err.cause instanceof Error, String(err.cause));
    assert.equal(err.cause.name, 'TypeError');
    assert.equal(err.cause.code, 'ECONNREFUSED');
  });

  test('the cause is scrubbed of the UserSig and the key', async () => {
    let sig;
    const fetch = async (url) => {
      sig = new URL(url).searchParams.get('usersig');
      const inner = Object.assign(new Error(`refused ${url} with ${KEY}`), { code: 'ECONNRESET', secret: KEY });
      throw new TypeError(`failed ${decodeURIComponent(url)}`, { cause: inner });
    };
    const err = await rejection(new pkg.ChatAdmin(options({ fetch })).pinConversations(REQUEST));
    assert.equal(err.cause.code, 'ECONNRESET');
    assert.ok(err.cause.message.includes('REDACTED') && !err.cause.message.includes(sig), err.cause.message);
    assertNoSecrets(err, [sig, KEY]);
  });
});

describe('onRetry', () => {
  test('is told the attempt, its error and the delay before each retry, and not after the last attempt', async () => {
    const { fetch, calls } = recordingFetch((_, i) => envelope({ code: i < 2 ? 60007 : 0 }));
    const admin = new pkg.ChatAdmin(options({ fetch, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 4 } }));
    const seen = [];
    const result = await admin.pinConversations(REQUEST, { onRetry: (info) => seen.push(info) });
    assert.equal(result.attempts, 3);
    assert.equal(calls.length, 3);
    assert.deepEqual(seen.map((s) => [s.attempt, s.error.code, s.error.kind, s.error.attempts]), [[1, 60007, 'service', 1], [2, 60007, 'service', 2]]);
    for (const { delayMs, error } of seen) {
      assert.ok(Number.isInteger(delayMs) && delayMs >= 0 && delayMs <= 4, String(delayMs));
      assert.ok(pkg.isChatError(error));
    }
  });

  test('is told of the re-sign after an expired UserSig (70001), with no delay', async () => {
    const { fetch, calls } = recordingFetch((_, i) => envelope({ code: i === 0 ? 70001 : 0 }));
    const admin = new pkg.ChatAdmin(options({ fetch }));
    const seen = [];
    const result = await admin.pinConversations(REQUEST, { onRetry: (info) => seen.push(info) });
    assert.equal(result.attempts, 2);
    assert.equal(calls.length, 2);
    assert.deepEqual(seen.map((s) => [s.attempt, s.error.code, s.error.kind, s.error.attempts, s.delayMs]), [[1, 70001, 'service', 1, 0]]);
    assert.ok(pkg.isChatError(seen[0].error));
    // A throw stops it there, as before any retry.
    const again = recordingFetch(() => envelope({ code: 70001 }));
    const boom = new Error('log full');
    const err = await rejection(new pkg.ChatAdmin(options({ fetch: again.fetch })).pinConversations(REQUEST, { onRetry: () => { throw boom; } }));
    assertChatError(err, { kind: 'service', code: 70001, attempts: 1 }, pkg.isChatError);
    assert.equal(err.cause, boom);
    assert.equal(again.calls.length, 1);
  });

  test('a throw stops the call: it rejects with the failed attempt\'s error, the thrown value as cause', async () => {
    const { fetch, calls } = recordingFetch(() => envelope({ code: 60007 }));
    const admin = new pkg.ChatAdmin(options({ fetch, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 4 } }));
    const boom = new Error('log full');
    const err = await rejection(admin.pinConversations(REQUEST, { onRetry: () => { throw boom; } }));
    assertChatError(err, { kind: 'service', code: 60007, attempts: 1 }, pkg.isChatError);
    assert.equal(err.cause, boom);
    assert.match(err.message, /onRetry threw/);
    assert.equal(calls.length, 1);
    // A promise it returns is not awaited, and its rejection is not left unhandled.
    const ok = recordingFetch((_, i) => envelope({ code: i === 0 ? 60007 : 0 }));
    const client = new pkg.ChatAdmin(options({ fetch: ok.fetch, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 } }));
    assert.equal((await client.pinConversations(REQUEST, { onRetry: async () => { throw boom; } })).attempts, 2);
  });
});

test('an uncaught ChatError in Node prints readable lines, not the minified glue', () => {
  const code = `import { genUserSig } from ${JSON.stringify(new URL('../../pkg/node.js', import.meta.url).href)};
genUserSig({ sdkAppId: 1, secretKey: 'key', identifier: 'a', expireSeconds: 60 });`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 30_000 });
  assert.notEqual(child.status, 0);
  assert.match(child.stderr, /ChatError: expireSeconds is not an option; did you mean expire\?/);
  const longest = Math.max(...child.stderr.split('\n').map((line) => line.length));
  assert.ok(longest < 200, `a ${longest}-character line in:\n${child.stderr.slice(0, 400)}`);
});
