// Retries, re-signing and cancellation of single calls, against the emulator's injected faults.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { genUserSig } from '../../pkg/node.js';
import { chatRejection } from '../js/helpers.mjs';
import { FAST_RETRY, KEY, client, emulator } from './helpers.mjs';

let emu;
before(async () => {
  emu = await emulator();
});
after(() => emu.close());

const request = (user) => ({ fromAccount: user, conversations: [{ type: 'c2c', toAccount: 'user0' }] });
const sentFor = async (user) => (await emu.control('state')).requests.filter((r) => r.body?.From_Account === user).length;

test('50004 twice, then OK: resolves after 3 attempts', async () => {
  await emu.faults([{ errorCode: 50004, times: 2, fromAccount: 'user1' }]);
  const result = await client(emu.url, { retry: FAST_RETRY }).pinConversations(request('user1'));
  assert.deepEqual([result.actionStatus, result.attempts], ['OK', 3]);
  assert.equal(await sentFor('user1'), 3);
});

test('50002 is not retried: one attempt', async () => {
  await emu.faults([{ errorCode: 50002, fromAccount: 'user2' }]);
  const err = await chatRejection(client(emu.url, { retry: FAST_RETRY }).pinConversations(request('user2')));
  assert.deepEqual([err.kind, err.code, err.attempts, err.retryable], ['service', 50002, 1, false]);
  assert.equal(await sentFor('user2'), 1);
});

test('a dropped connection and a delay past the timeout are retried', async () => {
  await emu.faults([{ drop: true, fromAccount: 'user3' }, { delayMs: 400, fromAccount: 'user3' }]);
  const admin = client(emu.url, { retry: FAST_RETRY, timeoutMs: 150 });
  const result = await admin.pinConversations(request('user3'));
  assert.equal(result.actionStatus, 'OK');
  // The emulator records a call when it answers: wait for the delayed one.
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(await sentFor('user3'), 3);
});

test('retries exhausted: the last error, with the attempts made', async () => {
  await emu.faults([{ errorCode: 60007, times: 10, fromAccount: 'user4' }]);
  const err = await chatRejection(client(emu.url, { retry: { retries: 2, minDelayMs: 1, maxDelayMs: 4 } }).pinConversations(request('user4')));
  assert.deepEqual([err.kind, err.code, err.attempts, err.retryable], ['service', 60007, 3, true]);
  assert.equal(await sentFor('user4'), 3);
});

test('retry: false sends once', async () => {
  await emu.faults([{ errorCode: 50004, fromAccount: 'user5' }]);
  const err = await chatRejection(client(emu.url, { retry: false }).pinConversations(request('user5')));
  assert.deepEqual([err.code, err.attempts], [50004, 1]);
});

test('an aborted signal stops the call and the retry it waits for', async () => {
  await emu.faults([{ errorCode: 50004, times: 10, fromAccount: 'user6' }]);
  const controller = new AbortController();
  const admin = client(emu.url, { retry: { retries: 5, minDelayMs: 5000, maxDelayMs: 5000 } });
  const started = Date.now();
  const call = admin.pinConversations(request('user6'), { signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  const err = await chatRejection(call);
  assert.deepEqual([err.kind, err.retryable, err.attempts], ['aborted', false, 1]);
  assert.ok(Date.now() - started < 2000, 'the backoff wait was cut short');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(await sentFor('user6'), 1, 'no request after the abort');
});

test('an already aborted signal sends nothing', async () => {
  const err = await chatRejection(client(emu.url).pinConversations(request('user7'), { signal: AbortSignal.abort() }));
  assert.deepEqual([err.kind, err.attempts], ['aborted', 0]);
  assert.equal(await sentFor('user7'), 0);
});

test('an abort during a slow answer aborts the request itself', async () => {
  await emu.faults([{ delayMs: 3000, fromAccount: 'user8' }]);
  const controller = new AbortController();
  const call = client(emu.url).pinConversations(request('user8'), { signal: controller.signal });
  setTimeout(() => controller.abort(new Error('operator stopped it')), 100);
  const err = await chatRejection(call);
  assert.deepEqual([err.kind, err.attempts, err.cause?.message], ['aborted', 1, 'operator stopped it']);
});

test('an expired UserSig is re-signed once, then the call succeeds', async () => {
  const now = Math.floor(Date.now() / 1000);
  const sig = (expire, at) => genUserSig({ sdkAppId: 1400000000, secretKey: KEY, identifier: 'administrator', expire, now: at });
  const sigs = [sig(10, now - 100), sig(3600, now)];
  let asked = 0;
  const admin = client(emu.url, { secretKey: undefined, userSigProvider: () => sigs[asked++], retry: false });
  const result = await admin.pinConversations(request('user9'));
  assert.equal(result.actionStatus, 'OK');
  assert.equal(asked, 2);
  assert.equal(await sentFor('user9'), 2);
});
