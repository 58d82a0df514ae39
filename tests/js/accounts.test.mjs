// Accounts, request() and verifyCallbackSign on the wire, against a recording fetch: exact bodies, batches of
// 100 (250 → 100/100/50), per-user results, any endpoint's answer as parsed, FAIL as kind 'service', the
// reference's signature vector.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as pkg from '../../pkg/node.js';
import {
  ADMIN, answering, assertChatError, commandPath, KEY, okAnswer, recordingFetch, rejection, SDKAPPID, thrown,
} from './helpers.mjs';

const isChatError = pkg.isChatError;
function setup(answers, extra = {}) {
  const { fetch, calls } = answering(answers);
  const admin = new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: 'http://127.0.0.1:9', retry: false, fetch, ...extra });
  return { admin, calls };
}
const users = (n, from = 0) => Array.from({ length: n }, (_, i) => `u${from + i}`);
const wire = (ids) => ids.map((id) => `{"UserID":"${id}"}`).join(',');

describe('importAccounts (multiaccount_import)', () => {
  test('250 accounts go as 100, 100 and 50, in order; FailAccounts become failed', async () => {
    const { admin, calls } = setup([{}, { FailAccounts: ['u150'] }, {}]);
    const result = await admin.importAccounts(users(250));
    assert.deepEqual(calls.map(commandPath), Array(3).fill('/v4/im_open_login_svc/multiaccount_import'));
    assert.deepEqual(calls.map((c) => c.init.body), [
      `{"AccountList":[${wire(users(100))}]}`,
      `{"AccountList":[${wire(users(100, 100))}]}`,
      `{"AccountList":[${wire(users(50, 200))}]}`,
    ]);
    assert.deepEqual(result.failed, ['u150']);
    assert.deepEqual(result.imported, users(250).filter((u) => u !== 'u150'));
  });

  test('strings and { userId, nick, faceUrl } mix', async () => {
    const { admin, calls } = setup([{}]);
    await admin.importAccounts(['alice', { userId: 'bob', nick: 'Bob', faceUrl: 'https://example.com/b.png' }]);
    assert.equal(calls[0].init.body, '{"AccountList":[{"UserID":"alice"},{"UserID":"bob","Nick":"Bob","FaceUrl":"https://example.com/b.png"}]}');
  });

  test('a bad account anywhere is refused before the first batch is sent', async () => {
    const { admin, calls } = setup([{}]);
    const accounts = [...users(150), { userId: 'x', nickname: 'X' }];
    const err = await rejection(admin.importAccounts(accounts));
    assertChatError(err, { kind: 'invalid-request', field: 'accounts[150].nickname', attempts: 0 }, isChatError);
    assert.match(err.message, /did you mean accounts\[150\]\.nick\?/);
    assertChatError(await rejection(admin.importAccounts('alice')), { field: 'accounts' }, isChatError);
    assertChatError(await rejection(admin.importAccounts(['a'.repeat(33)])), { field: 'accounts[0]' }, isChatError);
    assert.equal(calls.length, 0);
  });

  test('a batch that fails rejects the call with its error; the batches after it are not sent', async () => {
    const { fetch, calls } = answering([{}]);
    const failing = (url, init) => (calls.length === 1
      ? (calls.push({ url, init }), Promise.resolve(new Response('{"ActionStatus":"FAIL","ErrorCode":70398,"ErrorInfo":"limit"}')))
      : fetch(url, init));
    const admin = new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: 'http://127.0.0.1:9', retry: false, fetch: failing });
    const err = await rejection(admin.importAccounts(users(250)));
    assertChatError(err, { kind: 'service', code: 70398 }, isChatError);
    assert.equal(calls.length, 2);
    // What the first batch did, and the UserIDs of the failed batch and the one never sent.
    assert.deepEqual(err.partial, { results: { imported: users(100), failed: [] }, notDone: users(150, 100) });
  });

  test('deleteAccounts whose first batch fails: nothing done, every UserID not done, in order', async () => {
    const calls = [];
    const failing = (url, init) => (calls.push({ url, init }), Promise.resolve(new Response('{"ActionStatus":"FAIL","ErrorCode":70403,"ErrorInfo":"admin required"}')));
    const admin = new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: 'http://127.0.0.1:9', retry: false, fetch: failing });
    const err = await rejection(admin.deleteAccounts(users(150)));
    assertChatError(err, { kind: 'service', code: 70403 }, isChatError);
    assert.equal(calls.length, 1);
    assert.deepEqual(err.partial, { results: [], notDone: users(150) });
  });
});

describe('checkAccounts, deleteAccounts and kick', () => {
  test('checkAccounts: CheckItem in batches of 100, results in order', async () => {
    const answer = (ids) => ({ ResultItem: ids.map((id) => ({ UserID: id, ResultCode: 0, ResultInfo: '', AccountStatus: id === 'u7' ? 'NotImported' : 'Imported' })) });
    const { admin, calls } = setup([answer(users(100)), answer(users(100, 100)), answer(users(50, 200))]);
    const result = await admin.checkAccounts(users(250));
    assert.deepEqual(calls.map(commandPath), Array(3).fill('/v4/im_open_login_svc/account_check'));
    assert.deepEqual(calls.map((c) => c.init.body), [
      `{"CheckItem":[${wire(users(100))}]}`, `{"CheckItem":[${wire(users(100, 100))}]}`, `{"CheckItem":[${wire(users(50, 200))}]}`,
    ]);
    assert.equal(result.length, 250);
    assert.deepEqual(result[7], { userId: 'u7', imported: false, code: 0, info: '' });
    assert.deepEqual(result[249], { userId: 'u249', imported: true, code: 0, info: '' });
  });

  test('deleteAccounts: DeleteItem; 70107 per user is data', async () => {
    const { admin, calls } = setup([{ ResultItem: [{ UserID: 'alice', ResultCode: 0, ResultInfo: '' }, { UserID: 'ghost', ResultCode: 70107, ResultInfo: 'not exist' }] }]);
    const result = await admin.deleteAccounts(['alice', 'ghost']);
    assert.equal(commandPath(calls[0]), '/v4/im_open_login_svc/account_delete');
    assert.equal(calls[0].init.body, '{"DeleteItem":[{"UserID":"alice"},{"UserID":"ghost"}]}');
    assert.deepEqual(result, [{ userId: 'alice', code: 0, info: '' }, { userId: 'ghost', code: 70107, info: 'not exist' }]);
    assert.deepEqual(await admin.deleteAccounts([]), []);
    assert.equal(calls.length, 1);
  });

  test('kick: one UserID', async () => {
    const { admin, calls } = setup([{}]);
    const result = await admin.kick('alice');
    assert.equal(commandPath(calls[0]), '/v4/im_open_login_svc/kick');
    assert.equal(calls[0].init.body, '{"UserID":"alice"}');
    assert.equal(result.actionStatus, 'OK');
    assertChatError(await rejection(admin.kick(['alice'])), { kind: 'invalid-request', field: 'userId' }, isChatError);
    assert.equal(calls.length, 1);
  });
});

describe('request(command, body): any endpoint', () => {
  test('with or without v4/, the body as given, the answer parsed', async () => {
    const { admin, calls } = setup([{ GroupInfo: [{ GroupId: 'g1', Name: 'x' }] }]);
    const body = { GroupIdList: ['g1'], ResponseFilter: { GroupBaseInfoFilter: ['Name'] } };
    const answer = await admin.request('group_open_http_svc/get_group_info', body);
    await admin.request('v4/group_open_http_svc/get_group_info', body);
    await admin.request('openim/querystate');
    assert.deepEqual(calls.map(commandPath), ['/v4/group_open_http_svc/get_group_info', '/v4/group_open_http_svc/get_group_info', '/v4/openim/querystate']);
    assert.deepEqual(calls.map((c) => c.init.body), [JSON.stringify(body), JSON.stringify(body), '{}']);
    assert.deepEqual(answer, { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', GroupInfo: [{ GroupId: 'g1', Name: 'x' }] });
  });

  test("an answer that echoes the request's UserSig or the key comes back with them scrubbed", async () => {
    const { fetch, calls } = recordingFetch((call) => okAnswer({ Echo: `${call.query.get('usersig')} ${KEY}` }));
    const admin = new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: 'http://127.0.0.1:9', retry: false, fetch });
    const answer = await admin.request('openim/querystate', {});
    const sig = calls[0].query.get('usersig');
    assert.ok(sig.length > 50);
    assert.equal(JSON.stringify(answer).includes(sig) || JSON.stringify(answer).includes(KEY), false, JSON.stringify(answer));
    assert.match(answer.Echo, /REDACTED/);
  });

  test('FAIL rejects with kind service and the code', async () => {
    const failing = () => Promise.resolve(new Response('{"ActionStatus":"FAIL","ErrorCode":10015,"ErrorInfo":"group id is invalid"}'));
    const admin = new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: 'http://127.0.0.1:9', retry: false, fetch: failing });
    const err = await rejection(admin.request('group_open_http_svc/get_group_info', { GroupIdList: ['nope'] }));
    assertChatError(err, { kind: 'service', code: 10015, info: 'group id is invalid' }, isChatError);
  });

  test('commands are checked strictly; the body must be JSON data', async () => {
    const { admin, calls } = setup();
    for (const command of ['../x/y', 'a/b?x=1', 'a/b/c', 'v4', '', 'a/../b', 'https://evil/a/b']) {
      assertChatError(await rejection(admin.request(command, {})), { kind: 'invalid-request', field: 'command' }, isChatError);
    }
    assertChatError(await rejection(admin.request('a/b', [])), { field: 'body' }, isChatError);
    assertChatError(await rejection(admin.request('a/b', { f: () => 1 })), { field: 'body.f' }, isChatError);
    assertChatError(await rejection(admin.request('a/b', { n: [1, 2n] })), { field: 'body.n[1]' }, isChatError);
    assert.equal(calls.length, 0);
  });

  test('request() refuses what JSON would change or drop, naming where it is; nothing is sent', async () => {
    const { admin, calls } = setup();
    let deep = { end: 1 };
    for (let i = 0; i < 9; i += 1) deep = { n: deep };
    for (const [body, field, says] of [
      [{ a: NaN }, 'body.a', /NaN or Infinity/],
      [{ a: [1, -Infinity] }, 'body.a[1]', /NaN or Infinity/],
      [{ d: new Date(0) }, 'body.d', /not Date/],
      [{ m: new Map([['k', 1]]) }, 'body.m', /not Map/],
      [{ s: new Set([1]) }, 'body.s', /not Set/],
      [{ r: /x/ }, 'body.r', /not RegExp/],
      [{ list: Array.from({ length: 10_001 }, (_, i) => i) }, 'body.list', /at most 10,000 items/],
      [deep, 'body.n.n.n.n.n.n.n.n', /nested too deep/],
    ]) {
      const err = await rejection(admin.request('a/b', body));
      assertChatError(err, { kind: 'invalid-request', field }, isChatError);
      assert.match(err.message, says);
    }
    // 10,000 items, a class instance's own fields and an object without a prototype are data.
    const answers = setup([{}, {}, {}]);
    class Point { constructor() { this.x = 1; } }
    await answers.admin.request('a/b', { list: Array.from({ length: 10_000 }, () => 0) });
    await answers.admin.request('a/b', { p: new Point() });
    await answers.admin.request('a/b', { o: Object.assign(Object.create(null), { y: 2 }) });
    assert.deepEqual(answers.calls.slice(1).map((c) => c.init.body), ['{"p":{"x":1}}', '{"o":{"y":2}}']);
    assert.equal(calls.length, 0);
  });
});

describe('request(): sent again only where a repeat is known harmless', () => {
  // The i-th call fails with `failures[i]` (a function giving the fetch's answer or rejection), OK after them.
  const failingThen = (failures) => recordingFetch((_, i) => (i < failures.length ? failures[i]() : okAnswer({ Done: true })));
  const client = (fetch) => new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: 'http://127.0.0.1:9', retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 }, fetch });
  const dropped = () => Promise.reject(new TypeError('fetch failed'));
  const bare502 = () => Promise.resolve(new Response('<html>bad gateway</html>', { status: 502 }));
  const internal = () => Promise.resolve(new Response('{"ActionStatus":"FAIL","ErrorCode":50004,"ErrorInfo":"internal"}'));
  const code = (n) => () => Promise.resolve(new Response(`{"ActionStatus":"FAIL","ErrorCode":${n},"ErrorInfo":"x"}`));

  test('openim/sendmsg after a dropped connection, a bare 502 or an internal error: sent once, the error says why', async () => {
    for (const [failure, kind] of [[dropped, 'network'], [bare502, 'http'], [internal, 'service']]) {
      const { fetch, calls } = failingThen([failure, failure, failure, failure]);
      const err = await rejection(client(fetch).request('v4/openim/sendmsg', { To_Account: 'bob', MsgRandom: 1 }));
      assertChatError(err, { kind, attempts: 1 }, isChatError);
      assert.match(err.message, /not retried: it may have been applied/);
      assert.match(err.message, /idempotent: true/);
      assert.equal(calls.length, 1, kind);
    }
  });

  test('with { idempotent: true } it is retried; with false a listed endpoint is not', async () => {
    const repeated = failingThen([dropped, bare502]);
    const answer = await client(repeated.fetch).request('openim/sendmsg', {}, { idempotent: true });
    assert.equal(answer.Done, true);
    assert.equal(repeated.calls.length, 3);
    const refused = failingThen([dropped]);
    await rejection(client(refused.fetch).request('recentcontact/get_list', {}, { idempotent: false }));
    assert.equal(refused.calls.length, 1);
  });

  test('the endpoints known safe are retried without being told', async () => {
    for (const command of ['recentcontact/get_list', 'group_open_http_svc/get_group_info', 'im_open_login_svc/account_check', 'profile/portrait_get', 'recentcontact/top']) {
      const { fetch, calls } = failingThen([dropped]);
      assert.equal((await client(fetch).request(command, {})).Done, true, command);
      assert.equal(calls.length, 2, command);
    }
  });

  test('an answer that proves nothing was done is retried for any endpoint: throttled, or an expired UserSig re-signed', async () => {
    const { fetch, calls } = failingThen([code(60007), code(70001)]);
    assert.equal((await client(fetch).request('openim/sendmsg', {})).Done, true);
    assert.equal(calls.length, 3);
  });

  test('idempotent must be a boolean, and only request() takes it; nothing is sent', async () => {
    const { admin, calls } = setup([{}]);
    assertChatError(await rejection(admin.request('openim/sendmsg', {}, { idempotent: 'yes' })), { kind: 'invalid-request', field: 'idempotent' }, isChatError);
    const err = await rejection(admin.kick('alice', { idempotent: true }));
    assertChatError(err, { kind: 'invalid-request', field: 'idempotent' }, isChatError);
    assert.match(err.message, /request\(\) only/);
    assertChatError(await rejection(admin.request('openim/sendmsg', {}, { idempotant: true })), { field: 'idempotant' }, isChatError);
    assert.equal(calls.length, 0);
  });
});

describe('verifyCallbackSign', () => {
  const sign = '17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061';
  test('the reference vector verifies; a wrong sign, token or time does not', () => {
    assert.equal(pkg.verifyCallbackSign({ token: 'xxxxyyyy', requestTime: '1669872112', sign }), true);
    assert.equal(pkg.verifyCallbackSign({ token: 'xxxxyyyy', requestTime: 1669872112, sign }), true);
    assert.equal(pkg.verifyCallbackSign({ token: 'xxxyyy', requestTime: '1669872112', sign }), false);
    assert.equal(pkg.verifyCallbackSign({ token: 'xxxxyyyy', requestTime: '1669872113', sign }), false);
    assert.equal(pkg.verifyCallbackSign({ token: 'xxxxyyyy', requestTime: '1669872112', sign: sign.replace('1', '2') }), false);
    assert.equal(pkg.verifyCallbackSign({ token: 'xxxxyyyy', requestTime: '1669872112', sign: '' }), false);
  });

  test('maxSkewSeconds against now', () => {
    const at = (now) => pkg.verifyCallbackSign({ token: 'xxxxyyyy', requestTime: '1669872112', sign, now, maxSkewSeconds: 60 });
    assert.deepEqual([at(1669872112 + 60), at(1669872112 - 60), at(1669872112 + 61), at(1669872112 - 61)], [true, true, false, false]);
    // Without `now`, the clock: a 2022 request time is far outside a minute today.
    assert.equal(pkg.verifyCallbackSign({ token: 'xxxxyyyy', requestTime: '1669872112', sign, maxSkewSeconds: 60 }), false);
  });

  test('bad options throw a ChatError naming the field', () => {
    assertChatError(thrown(() => pkg.verifyCallbackSign({ token: 'x', requestTime: '1', sign, maxSkew: 5 })), { kind: 'invalid-request', field: 'maxSkew' }, isChatError);
    assertChatError(thrown(() => pkg.verifyCallbackSign({ requestTime: '1', sign })), { field: 'token' }, isChatError);
    assertChatError(thrown(() => pkg.verifyCallbackSign()), { field: 'options' }, isChatError);
  });

  test('what the sender controls makes it false, never a throw', () => {
    const query = new URLSearchParams('RequestTime=1669872112');
    assert.equal(pkg.verifyCallbackSign({ token: 'xxxxyyyy', requestTime: query.get('RequestTime'), sign: query.get('Sign') }), false);
    for (const bad of [undefined, null, 7, ['a'], { a: 1 }, true]) {
      assert.equal(pkg.verifyCallbackSign({ token: 'xxxxyyyy', requestTime: '1669872112', sign: bad }), false, String(bad));
    }
    for (const bad of [undefined, null, 'abc', '', '1.5', '-1', '16698721120000000', 1.5, -1, NaN, ['1669872112']]) {
      assert.equal(pkg.verifyCallbackSign({ token: 'xxxxyyyy', requestTime: bad, sign }), false, String(bad));
    }
  });

  test('now and a numeric requestTime in milliseconds are refused: seconds, not milliseconds', () => {
    const base = { token: 'xxxxyyyy', requestTime: '1669872112', sign, maxSkewSeconds: 60 };
    assert.equal(pkg.verifyCallbackSign({ ...base, now: 1669872130 }), true);
    for (const options of [{ ...base, now: 1669872130000 }, { ...base, requestTime: 1669872112000, now: 1669872130 }]) {
      const err = thrown(() => pkg.verifyCallbackSign(options));
      assertChatError(err, { kind: 'invalid-request', field: options.now > 1e11 ? 'now' : 'requestTime' }, isChatError);
      assert.match(err.message, /seconds, not milliseconds/);
    }
  });
});

describe('hostile arguments to every new method', () => {
  const throwing = new Proxy({}, { ownKeys() { throw new Error('trap'); }, get() { throw new Error('trap'); } });
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const getter = Object.defineProperty({}, 'fromAccount', { enumerable: true, get() { throw new Error('getter'); } });
  const calls = (admin, arg) => [
    admin.getConversationPage(arg), admin.deleteConversation(arg), admin.createConversationGroup(arg),
    admin.updateConversationGroup(arg), admin.deleteConversationGroup(arg), admin.getConversationGroups(arg),
    admin.searchConversationGroups(arg), admin.markConversations(arg), admin.importAccounts(arg),
    admin.checkAccounts(arg), admin.deleteAccounts(arg), admin.kick(arg), admin.request(arg, arg),
    admin.listConversations(arg)[Symbol.asyncIterator]().next(),
  ];

  test('throwing proxies, revoked proxies, throwing getters, symbols and bigints reject with a ChatError, nothing sent', async () => {
    const { admin, calls: sent } = setup([{}]);
    for (const arg of [throwing, revoked.proxy, getter, Symbol('s'), 10n, () => 1, null]) {
      for (const promise of calls(admin, arg)) {
        assertChatError(await rejection(promise), { kind: 'invalid-request', attempts: 0 }, isChatError);
      }
      assertChatError(thrown(() => pkg.verifyCallbackSign(arg)), { kind: 'invalid-request' }, isChatError);
    }
    assert.equal(sent.length, 0);
  });
});
