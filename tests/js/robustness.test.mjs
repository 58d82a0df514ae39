// Hostile input never reaches a panic: every export, fed every kind of JS value where an argument or a
// field goes, either works or fails with a ChatError, and the module keeps working afterwards.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as pkg from '../../pkg/node.js';

const trap = new Proxy({}, { get() { throw new Error('trap'); } });
const getterThrows = Object.defineProperty({}, 'fromAccount', { get() { throw new Error('getter'); }, enumerable: true });
const VALUES = [undefined, null, 0, -1, 1.5, NaN, Infinity, 2 ** 64, '', 'x', 'a\ud800b', 'x'.repeat(100_000), true, [], [1], {},
  Object.create(null), Symbol('s'), 10n, () => 'f', trap, getterThrows, new Uint8Array(3), new Date(0)];
const KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';
const OPTIONS = { sdkAppId: 1400000000, identifier: 'administrator', secretKey: KEY, endpoint: 'http://127.0.0.1:9', retry: false, timeoutMs: 50,
  fetch: async () => new Response('{"ActionStatus":"OK","ErrorCode":0}') };
const REQUEST = { fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }] };

/** Runs `f`; a result or a ChatError is fine, anything else (a wasm RuntimeError) fails the test. */
async function survives(what, f) {
  try {
    await f();
  } catch (err) {
    assert.ok(pkg.isChatError(err), `${what}: ${err?.name}: ${err?.message}`);
  }
}

/** `base` with `key` replaced by each value. */
const variants = (base, key) => VALUES.map((v) => ({ ...base, [key]: v }));

test('every export survives every kind of value in every place', async () => {
  const admin = new pkg.ChatAdmin(OPTIONS);
  for (const v of VALUES) {
    await survives('genUserSig(v)', () => pkg.genUserSig(v));
    await survives('genPrivateMapKey(v)', () => pkg.genPrivateMapKey(v));
    await survives('verifyUserSig(v)', () => pkg.verifyUserSig(v));
    await survives('decodeUserSig(v)', () => pkg.decodeUserSig(v));
    await survives('new ChatAdmin(v)', () => new pkg.ChatAdmin(v));
    await survives('pin(v)', () => admin.pinConversations(v));
    await survives('pin(req, v)', () => admin.pinConversations(REQUEST, v));
    await survives('bulk(v)', () => admin.pinConversationsBulk(v));
    await survives('bulk([v])', () => admin.pinConversationsBulk([v]));
    await survives('bulk([], v)', () => admin.pinConversationsBulk([], v));
    await survives('pinConversations(v, req)', () => pkg.pinConversations(v, REQUEST));
    await survives('listGroupMembers(v)', async () => {
      for await (const m of admin.listGroupMembers(v)) assert.ok(m);
    });
    await survives('listGroupMembers(req, v)', () => admin.listGroupMembers({ groupId: 'g1' }, v)[Symbol.asyncIterator]().next());
    await survives('pinGroupForMembers(v)', () => admin.pinGroupForMembers(v));
    await survives('pinGroupForMembers(req, v)', () => admin.pinGroupForMembers({ groupId: 'g1' }, v));
    await survives('unpinGroupForMembers(req, v)', () => admin.unpinGroupForMembers({ groupId: 'g1' }, v));
  }
  const sig = { sdkAppId: 1400000000, secretKey: KEY, identifier: 'a' };
  for (const key of ['sdkAppId', 'secretKey', 'identifier', 'expire', 'userbuf', 'now']) {
    for (const o of variants(sig, key)) await survives(`genUserSig.${key}`, () => pkg.genUserSig(o));
  }
  const key = { ...sig, roomId: 1, privileges: ['enterRoom'] };
  for (const name of ['sdkAppId', 'secretKey', 'identifier', 'roomId', 'privileges', 'expire', 'now']) {
    for (const o of variants(key, name)) await survives(`genPrivateMapKey.${name}`, () => pkg.genPrivateMapKey(o));
  }
  for (const v of VALUES) await survives('genPrivateMapKey.privileges[1]', () => pkg.genPrivateMapKey({ ...key, privileges: ['enterRoom', v] }));
  for (const key of Object.keys(OPTIONS).concat(['userSig', 'userSigProvider', 'region', 'useBackupDomain', 'allowInsecureHttp'])) {
    for (const o of variants(OPTIONS, key)) await survives(`options.${key}`, () => new pkg.ChatAdmin(o).pinConversations(REQUEST));
  }
  for (const o of [...variants(REQUEST, 'fromAccount'), ...variants(REQUEST, 'conversations')]) {
    await survives('request', () => admin.pinConversations(o));
  }
  for (const key of ['type', 'toAccount', 'groupId']) {
    for (const c of variants(REQUEST.conversations[0], key)) await survives(`conversation.${key}`, () => admin.pinConversations({ ...REQUEST, conversations: [c] }));
  }
  for (const key of ['ratePerSecond', 'concurrency', 'onProgress', 'onResult', 'progressIntervalMs', 'total', 'operation', 'signal']) {
    for (const o of variants({}, key)) await survives(`bulk.${key}`, () => admin.pinConversationsBulk([REQUEST], o));
  }
  for (const key of ['groupId', 'community', 'pageSize', 'roles']) {
    for (const r of variants({ groupId: 'g1' }, key)) await survives(`listGroupMembers.${key}`, () => admin.listGroupMembers(r)[Symbol.asyncIterator]().next());
  }
  for (const key of ['excludeRoles', 'joinedAfter', 'filter', 'onProgress', 'onResult', 'signal', 'concurrency']) {
    for (const o of variants({}, key)) await survives(`pinGroupForMembers.${key}`, () => admin.pinGroupForMembers({ groupId: 'g1' }, o));
  }
  for (const body of ['', 'null', '[]', '{"ActionStatus":"OK"}', '{"ErrorCode":1e400}', '{'.repeat(10_000), '"\\ud800"']) {
    const weird = new pkg.ChatAdmin({ ...OPTIONS, fetch: async () => new Response(body) });
    await survives(`answer ${body.slice(0, 20)}`, () => weird.pinConversations(REQUEST));
  }
  for (const reply of [undefined, null, 5, {}, { status: 'x' }, { status: 200, text: 5 }, { status: 200, text: () => 5 }, trap]) {
    const odd = new pkg.ChatAdmin({ ...OPTIONS, fetch: () => reply });
    await survives('odd fetch', () => odd.pinConversations(REQUEST));
  }
  // Still working.
  assert.equal(pkg.decodeUserSig(pkg.genUserSig({ ...sig, now: 5 })).time, 5);
  assert.equal((await admin.pinConversations(REQUEST)).actionStatus, 'OK');
});

test('a misspelt option name is refused, not ignored', () => {
  const cases = [
    [() => new pkg.ChatAdmin({ ...OPTIONS, timeout: 5 }), 'timeout'],
    [() => new pkg.ChatAdmin({ ...OPTIONS, retry: { retry: 9 } }), 'retry.retry'],
  ];
  for (const [f, field] of cases) {
    assert.throws(f, (err) => pkg.isChatError(err) && err.kind === 'invalid-request' && err.field === field && /timeoutMs|retries/.test(err.message));
  }
  return assert.rejects(new pkg.ChatAdmin(OPTIONS).pinConversationsBulk([], { rate: 5 }), (err) => err.field === 'rate');
});
