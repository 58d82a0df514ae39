// Retries, re-signing and cancellation of single calls, against the emulator's injected faults. No test here
// depends on how long anything takes: aborts come at a point the test chooses (not after a set time), and waits
// only give a request that should not be sent the time to show up.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { genUserSig } from '../../pkg/node.js';
import { chatRejection, until } from '../js/helpers.mjs';
import { FAST_RETRY, KEY, client, countingFetch, emulator } from './helpers.mjs';

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
  // The delay is long enough that the answer comes after the timeout however busy the machine; a normal answer
  // comes well within it.
  await emu.faults([{ drop: true, fromAccount: 'user3' }, { delayMs: 3000, fromAccount: 'user3' }]);
  const counting = countingFetch();
  const admin = client(emu.url, { retry: FAST_RETRY, timeoutMs: 1000, fetch: counting.fetch });
  const result = await admin.pinConversations(request('user3'));
  assert.deepEqual([result.actionStatus, result.attempts], ['OK', 3]);
  // The emulator records a call when it answers: the delayed one is not there yet, the client's fetch saw it.
  assert.equal(counting.sent, 3);
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

test('an aborted signal stops the call and the retry it waits for', { timeout: 30_000 }, async () => {
  // Throttled on every attempt: each retry waits 100 to 200 ms (a "slow down" answer waits at least half the cap).
  await emu.faults([{ errorCode: 60007, times: 10, fromAccount: 'user6' }]);
  const controller = new AbortController();
  const counting = countingFetch();
  // The abort comes once the first answer has been read, while the client waits to retry: a timer set then fires
  // before the wait's own, later and longer, timer.
  const fetch = async (url, init) => {
    const response = await counting.fetch(url, init);
    setTimeout(() => controller.abort(), 0);
    return response;
  };
  const admin = client(emu.url, { retry: { retries: 5, minDelayMs: 100, maxDelayMs: 200 }, fetch });
  const err = await chatRejection(admin.pinConversations(request('user6'), { signal: controller.signal }));
  // Ten times the longest wait: a retry the abort did not cancel would have been sent by then.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  assert.equal(counting.sent, 1, 'no request after the abort');
  assert.equal(await sentFor('user6'), 1);
  assert.deepEqual([err.kind, err.retryable, err.attempts], ['aborted', false, 1]);
});

test('an already aborted signal sends nothing', async () => {
  const err = await chatRejection(client(emu.url).pinConversations(request('user7'), { signal: AbortSignal.abort() }));
  assert.deepEqual([err.kind, err.attempts], ['aborted', 0]);
  assert.equal(await sentFor('user7'), 0);
});

test('an abort during a slow answer aborts the request itself', async () => {
  // An answer held back for a minute (the emulator drops it when it closes): the abort comes while the
  // emulator holds it, that is once the call has taken the fault.
  await emu.faults([{ delayMs: 60_000, fromAccount: 'user8' }]);
  const controller = new AbortController();
  let sentInit;
  const fetch = (url, init) => {
    sentInit = init;
    return globalThis.fetch(url, init);
  };
  const call = client(emu.url, { fetch }).pinConversations(request('user8'), { signal: controller.signal });
  const holding = async () => !(await emu.control('state')).faults.some((fault) => fault.fromAccount === 'user8');
  await until(holding, 'the call took its fault');
  controller.abort(new Error('operator stopped it'));
  const err = await chatRejection(call);
  assert.deepEqual([err.kind, err.attempts, err.cause?.message], ['aborted', 1, 'operator stopped it']);
  assert.equal(sentInit.signal.aborted, true, 'the request itself was aborted');
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

// request() to an endpoint that is not safe to repeat: a message sent again is a second message.
const SENDMSG = '/v4/openim/sendmsg';
const message = (user) => ({ From_Account: user, To_Account: 'user0', MsgRandom: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }] });
const sendmsgCalls = async (user) => (await emu.control('state')).requests.filter((r) => r.path === SENDMSG && r.body?.From_Account === user);

test('request(sendmsg) after a dropped connection is not sent again (retries 3): it may have been applied', async () => {
  await emu.faults([{ drop: true, times: 4, path: SENDMSG, fromAccount: 'user10' }]);
  const admin = client(emu.url, { retry: FAST_RETRY });
  const err = await chatRejection(admin.request('v4/openim/sendmsg', message('user10')));
  assert.deepEqual([err.kind, err.attempts], ['network', 1]);
  assert.match(err.message, /not retried: it may have been applied/);
  const calls = await sendmsgCalls('user10');
  assert.equal(calls.length, 1, 'reached the service exactly once');
  assert.equal(calls[0].status, null, 'dropped');
  await emu.control('clear-faults', {});
});

test('request(sendmsg) after a timeout is not sent again either', async () => {
  // The answer is held back past the client's timeout; the emulator records the call only when it answers, so the
  // client's own fetch counts what was sent.
  await emu.faults([{ delayMs: 3000, times: 4, path: SENDMSG, fromAccount: 'user11' }]);
  const counting = countingFetch();
  const admin = client(emu.url, { retry: FAST_RETRY, timeoutMs: 1000, fetch: counting.fetch });
  const err = await chatRejection(admin.request('openim/sendmsg', message('user11')));
  assert.deepEqual([err.kind, err.attempts], ['timeout', 1]);
  assert.match(err.message, /not retried: it may have been applied/);
  assert.equal(counting.sent, 1);
  await emu.control('clear-faults', {});
});

test('request(sendmsg, { idempotent: true }) is retried after dropped connections', async () => {
  await emu.faults([{ drop: true, times: 2, path: SENDMSG, fromAccount: 'user12' }]);
  const admin = client(emu.url, { retry: FAST_RETRY });
  // The third attempt reaches the emulator, which does not emulate sendmsg (60009): what matters is that it was sent.
  const err = await chatRejection(admin.request('openim/sendmsg', message('user12'), { idempotent: true }));
  assert.deepEqual([err.kind, err.code, err.attempts], ['http', 60009, 3]);
  assert.deepEqual((await sendmsgCalls('user12')).map((r) => r.status), [null, null, 404]);
});

test('deleteConversation after a dropped connection is not sent again; a throttled one is', async () => {
  const DELETE = '/v4/recentcontact/delete';
  const deletes = async (user) => (await emu.control('state')).requests.filter((r) => r.path === DELETE && r.body?.From_Account === user).length;
  const conversation = { type: 'c2c', toAccount: 'user0' };
  await emu.faults([{ drop: true, times: 4, path: DELETE, fromAccount: 'user13' }]);
  const err = await chatRejection(client(emu.url, { retry: FAST_RETRY }).deleteConversation({ fromAccount: 'user13', conversation }));
  assert.deepEqual([err.kind, err.attempts], ['network', 1]);
  assert.equal(await deletes('user13'), 1);
  await emu.control('clear-faults', {});
  await emu.faults([{ errorCode: 60007, path: DELETE, fromAccount: 'user14' }]);
  const result = await client(emu.url, { retry: FAST_RETRY }).deleteConversation({ fromAccount: 'user14', conversation });
  assert.equal(result.attempts, 2);
  assert.equal(await deletes('user14'), 2);
});
