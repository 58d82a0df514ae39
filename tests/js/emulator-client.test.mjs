// The client against the emulator (emulator/server.mjs) over real HTTP on 127.0.0.1, with the global fetch.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startEmulator } from '../../emulator/server.mjs';
import * as pkg from '../../pkg/node.js';
import { ADMIN, assertChatError, KEY, officialSig, rejection, SDKAPPID } from './helpers.mjs';

const { isChatError } = pkg;
const REQUEST = { fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }, { type: 'group', groupId: 'g1' }] };
const FAST_RETRY = { retries: 3, minDelayMs: 1, maxDelayMs: 5 };

describe('against the emulator', () => {
  let emulator;
  const control = async (name, body) => {
    const res = await fetch(`${emulator.url}/__emulator/${name}`, { method: body ? 'POST' : 'GET', body: body && JSON.stringify(body) });
    assert.equal(res.status, 200);
    return res.json();
  };
  const fault = (f) => control('faults', f);
  const client = (extra = {}) => new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: emulator.url, retry: false, ...extra });
  const provided = (sig) => ({ secretKey: undefined, userSigProvider: () => sig });
  const failsWith = async (admin, expected, request = REQUEST) =>
    assertChatError(await rejection(admin.pinConversations(request)), expected, isChatError);

  before(async () => {
    emulator = await startEmulator({ accounts: ['alice', 'bob'], log: false });
  });
  after(() => emulator.close());
  beforeEach(() => control('reset', {}));

  test('pin, then unpin: the emulator state follows', async () => {
    const admin = client();
    const result = await admin.pinConversations(REQUEST);
    assert.equal(result.actionStatus, 'OK');
    assert.equal(typeof result.requestId, 'string');
    const pinned = { alice: [{ Type: 1, To_Account: 'bob' }, { Type: 2, GroupId: 'g1' }] };
    assert.deepEqual(emulator.state().pinned, pinned);
    assert.deepEqual((await control('state')).pinned, pinned);

    await admin.unpinConversations({ fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }] });
    assert.deepEqual(emulator.state().pinned, { alice: [{ Type: 2, GroupId: 'g1' }] });
    await pkg.pinConversations({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: emulator.url },
      { fromAccount: 'alice', conversations: [{ type: 'group', groupId: 'g1' }], operation: 'unpin' });
    assert.deepEqual(emulator.state().pinned, {});
    assert.equal(emulator.state().requestCount, 3);
  });

  test('50001: an account that is not imported', async () => {
    const admin = client({ retry: FAST_RETRY });
    await failsWith(admin, { kind: 'service', code: 50001, retryable: false, attempts: 1 }, { ...REQUEST, fromAccount: 'zed' });
    await failsWith(admin, { kind: 'service', code: 50001 }, { fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'zed' }] });
    assert.equal(emulator.state().requestCount, 2);
  });

  test('70009: a wrong secret key', () => failsWith(client({ secretKey: KEY.replace(/5/g, '6') }), { kind: 'service', code: 70009, retryable: false }));

  test('70014: a UserSig made for another SDKAppID', async () => {
    const other = officialSig({ sdkAppId: SDKAPPID + 1 });
    await failsWith(client(provided(other)), { kind: 'service', code: 70014 });
    assert.throws(() => client({ secretKey: undefined, userSig: other }), (err) => err.kind === 'invalid-request' && err.field === 'userSig');
  });

  test('70013: a UserSig made for another identifier', () => failsWith(client(provided(officialSig({ id: 'alice' }))), { kind: 'service', code: 70013 }));

  test('50003: an identifier that is not an app administrator', () => failsWith(client({ identifier: 'alice' }), { kind: 'service', code: 50003 }));

  test('70001: an expired UserSig from the provider is replaced and the call succeeds', async () => {
    const sigs = [officialSig({ expire: 60, timeSec: Math.floor(Date.now() / 1000) - 3600 }), officialSig()];
    let asked = 0;
    const admin = client({ secretKey: undefined, userSigProvider: () => sigs[asked++] });
    assert.equal((await admin.pinConversations(REQUEST)).actionStatus, 'OK');
    assert.deepEqual(emulator.state().requests.map((r) => r.errorCode), [70001, 0]);
  });

  test('fault: HTTP 502 with a text body → http', async () => {
    await fault({ status: 502, body: 'bad gateway' });
    await failsWith(client(), { kind: 'http', status: 502, retryable: true, attempts: 1 });
  });

  test('fault: a cut-off JSON body → decode', async () => {
    await fault({ malformed: true });
    await failsWith(client(), { kind: 'decode', status: 200 });
  });

  test('fault: a dropped connection → network', async () => {
    await fault({ drop: true });
    await failsWith(client(), { kind: 'network', status: 0, retryable: true });
  });

  test('fault: an answer slower than timeoutMs → timeout', async () => {
    await fault({ delayMs: 400, errorCode: 50004 });
    await failsWith(client({ timeoutMs: 100 }), { kind: 'timeout', attempts: 1 });
  });

  test('fault: 50004 twice, then the real answer → retried to success', async () => {
    await fault({ errorCode: 50004, times: 2 });
    assert.equal((await client({ retry: FAST_RETRY }).pinConversations(REQUEST)).actionStatus, 'OK');
    assert.deepEqual(emulator.state().requests.map((r) => r.errorCode), [50004, 50004, 0]);
    assert.ok(emulator.state().pinned.alice);
  });
});

test('60007: over the emulator rate limit', async () => {
  const now = Date.now();
  const emulator = await startEmulator({ accounts: ['alice', 'bob'], log: false, rateLimit: 1, clock: () => now });
  try {
    const admin = new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: emulator.url, retry: false });
    await admin.pinConversations(REQUEST);
    const err = await rejection(admin.pinConversations(REQUEST));
    assertChatError(err, { kind: 'service', code: 60007, retryable: true, attempts: 1 }, isChatError);
  } finally {
    await emulator.close();
  }
});
