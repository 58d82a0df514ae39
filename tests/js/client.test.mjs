// ChatAdmin and pinConversations with an injected recording fetch: URL, body, validation, answers, retries,
// timeouts, abort, credentials. Nothing leaves the process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import * as pkg from '../../pkg/node.js';
import {
  ADMIN, answerCodes, assertChatError, assertGenuineSig, assertNoSecrets, decodeSig, envelope, KEY, officialSig,
  recordingFetch, rejection, SDKAPPID, thrown,
} from './helpers.mjs';

const ENDPOINT = 'http://127.0.0.1:9';
const REQUEST = { fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }, { type: 'group', groupId: 'g1' }] };
const PIN_BODY = '{"From_Account":"alice","OperationType":1,"RecentContactItem":[{"Type":1,"To_Account":"bob"},{"Type":2,"GroupId":"g1"}]}';
const UNPIN_BODY = PIN_BODY.replace('"OperationType":1', '"OperationType":2');
const FAST_RETRY = { retries: 3, minDelayMs: 1, maxDelayMs: 5 };

const options = (extra = {}) => ({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: ENDPOINT, retry: false, ...extra });
/** A client whose fetch answers with `respond`; returns { admin, calls }. */
function setup(respond, extra = {}) {
  const { fetch, calls } = recordingFetch(respond);
  return { admin: new pkg.ChatAdmin(options({ fetch, ...extra })), calls };
}
const isChatError = pkg.isChatError;
const neverSettles = () => new Promise(() => {});

describe('the request on the wire', () => {
  test('URL, method, content type and body of pin and unpin', async () => {
    const { admin, calls } = setup();
    await admin.pinConversations(REQUEST);
    await admin.unpinConversations(REQUEST, {});
    for (const [call, body] of [[calls[0], PIN_BODY], [calls[1], UNPIN_BODY]]) {
      const url = new URL(call.url);
      assert.equal(`${url.origin}${url.pathname}`, `${ENDPOINT}/v4/recentcontact/top`);
      assert.deepEqual([...url.searchParams.keys()], ['sdkappid', 'identifier', 'usersig', 'random', 'contenttype']);
      assert.equal(url.searchParams.get('sdkappid'), String(SDKAPPID));
      assert.equal(url.searchParams.get('identifier'), ADMIN);
      assert.equal(url.searchParams.get('contenttype'), 'json');
      assert.equal(call.init.method, 'POST');
      assert.equal(new Headers(call.init.headers).get('content-type'), 'application/json');
      assert.equal(call.init.body, body);
    }
  });

  test('random is an integer in 0..4294967295 and differs across calls', async () => {
    const { admin, calls } = setup();
    for (let i = 0; i < 6; i++) await admin.pinConversations(REQUEST);
    const randoms = calls.map((c) => c.query.get('random'));
    for (const r of randoms) {
      assert.match(r, /^(0|[1-9]\d*)$/);
      assert.ok(Number(r) <= 4294967295);
    }
    assert.ok(new Set(randoms).size > 1, `random repeated: ${randoms}`);
  });

  test('secretKey: the UserSig in the URL is genuine, for the admin, and reused across calls', async () => {
    const { admin, calls } = setup();
    const before = Math.floor(Date.now() / 1000);
    await admin.pinConversations(REQUEST);
    await admin.pinConversations(REQUEST);
    const [first, second] = calls.map((c) => c.query.get('usersig'));
    assert.equal(first, second);
    const doc = assertGenuineSig(first, KEY);
    assert.equal(doc['TLS.identifier'], ADMIN);
    assert.equal(doc['TLS.sdkappid'], SDKAPPID);
    assert.ok(doc['TLS.time'] >= before && doc['TLS.time'] <= Date.now() / 1000);
    assert.ok(doc['TLS.expire'] >= 3600, `a UserSig that lasts ${doc['TLS.expire']} s`);
  });

  test('identifier and a fixed UserSig are carried exactly (percent-encoded where needed)', async () => {
    const identifier = 'ad min+&=管';
    const userSig = officialSig({ id: identifier });
    const { admin, calls } = setup(undefined, { identifier, secretKey: undefined, userSig });
    await admin.pinConversations(REQUEST);
    assert.equal(calls[0].query.get('identifier'), identifier);
    assert.equal(calls[0].query.get('usersig'), userSig);
  });

  test('pinConversations() one-shot: operation pin (default) and unpin', async () => {
    const { fetch, calls } = recordingFetch();
    const result = await pkg.pinConversations(options({ fetch }), REQUEST);
    assert.equal(result.actionStatus, 'OK');
    await pkg.pinConversations(options({ fetch }), { ...REQUEST, operation: 'unpin' }, {});
    assert.deepEqual(calls.map((c) => c.init.body), [PIN_BODY, UNPIN_BODY]);
    const err = await rejection(pkg.pinConversations(options({ fetch }), { ...REQUEST, operation: 'top' }));
    assertChatError(err, { kind: 'invalid-request', field: 'operation' }, isChatError);
    assertChatError(await rejection(pkg.pinConversations({ ...options({ fetch }), sdkAppId: 0 }, REQUEST)), { field: 'sdkAppId' }, isChatError);
    assert.equal(calls.length, 2);
  });

  test('regions and backup domains go to the documented hosts', async () => {
    const hosts = {
      china: ['console.tim.qq.com', 'adminapi.my-imcloud.com'],
      singapore: ['adminapisgp.im.qcloud.com', 'adminapisgp.my-imcloud.com'],
      seoul: ['adminapikr.im.qcloud.com', 'adminapikr.my-imcloud.com'],
      tokyo: ['adminapijpn.im.qcloud.com', 'adminapijpn.my-imcloud.com'],
      frankfurt: ['adminapiger.im.qcloud.com', 'adminapiger.my-imcloud.com'],
      'silicon-valley': ['adminapiusa.im.qcloud.com', 'adminapiusa.my-imcloud.com'],
      jakarta: ['adminapiidn.im.qcloud.com', 'adminapiidn.my-imcloud.com'],
      mumbai: ['adminapiind.im.qcloud.com'],
      riyadh: ['adminapiksa.im.qcloud.com'],
    };
    const { fetch, calls } = recordingFetch();
    for (const [region, [main, backup]] of Object.entries(hosts)) {
      const base = { ...options({ fetch }), endpoint: undefined, region };
      await new pkg.ChatAdmin(base).pinConversations(REQUEST);
      assert.equal(calls.at(-1).url.split('?')[0], `https://${main}/v4/recentcontact/top`);
      if (!backup) continue;
      await new pkg.ChatAdmin({ ...base, useBackupDomain: true }).pinConversations(REQUEST);
      assert.equal(calls.at(-1).url.split('?')[0], `https://${backup}/v4/recentcontact/top`);
    }
  });

  test('endpoint: trailing slashes dropped; a same-origin path is refused outside a page', async () => {
    const { fetch, calls } = recordingFetch();
    await new pkg.ChatAdmin(options({ fetch, endpoint: 'http://localhost:8080/chat//' })).pinConversations(REQUEST);
    await new pkg.ChatAdmin(options({ fetch, endpoint: 'http://10.0.0.1', allowInsecureHttp: true })).pinConversations(REQUEST);
    assert.deepEqual(calls.map((c) => c.url.split('?')[0]), [
      'http://localhost:8080/chat/v4/recentcontact/top', 'http://10.0.0.1/v4/recentcontact/top',
    ]);
    const err = thrown(() => new pkg.ChatAdmin(options({ fetch, endpoint: '/chat-api' })));
    assert.deepEqual([err.kind, err.field], ['invalid-request', 'endpoint']);
  });
});

describe('constructor options: invalid-request naming the field', () => {
  const sig = officialSig();
  const bad = [
    ['no credential', { secretKey: undefined }, 'secretKey'],
    ['secretKey and userSig', { userSig: sig }, 'userSig'],
    ['userSig and userSigProvider', { secretKey: undefined, userSig: sig, userSigProvider: () => sig }, 'userSigProvider'],
    ['empty secretKey', { secretKey: '' }, 'secretKey'],
    ['userSigProvider not a function', { secretKey: undefined, userSigProvider: sig }, 'userSigProvider'],
    ['userSig for another SDKAppID', { secretKey: undefined, userSig: officialSig({ sdkAppId: SDKAPPID + 1 }) }, 'userSig'],
    ['userSig for another identifier', { secretKey: undefined, userSig: officialSig({ id: 'alice' }) }, 'userSig'],
    ['region and endpoint', { region: 'china' }, 'endpoint'],
    ['neither region nor endpoint', { endpoint: undefined }, 'region'],
    ['unknown region', { endpoint: undefined, region: 'mars' }, 'region'],
    ['region in the wrong case', { endpoint: undefined, region: 'Frankfurt' }, 'region'],
    ['http to a non-loopback host', { endpoint: 'http://example.com' }, 'endpoint'],
    ['http to a look-alike of loopback', { endpoint: 'http://127.0.0.1.example.com' }, 'endpoint'],
    ['not http(s)', { endpoint: 'ftp://127.0.0.1' }, 'endpoint'],
    ['endpoint with a query', { endpoint: 'https://127.0.0.1/?a=1' }, 'endpoint'],
    ['endpoint with user info', { endpoint: 'https://u:p@127.0.0.1' }, 'endpoint'],
    ['useBackupDomain for mumbai', { endpoint: undefined, region: 'mumbai', useBackupDomain: true }, 'useBackupDomain'],
    ['useBackupDomain for riyadh', { endpoint: undefined, region: 'riyadh', useBackupDomain: true }, 'useBackupDomain'],
    ['useBackupDomain with endpoint', { useBackupDomain: false }, 'useBackupDomain'],
    ['useBackupDomain not a boolean', { endpoint: undefined, region: 'china', useBackupDomain: 'yes' }, 'useBackupDomain'],
    ['allowInsecureHttp not a boolean', { endpoint: 'http://example.com', allowInsecureHttp: 1 }, 'allowInsecureHttp'],
    ['sdkAppId missing', { sdkAppId: undefined }, 'sdkAppId'],
    ['sdkAppId 0', { sdkAppId: 0 }, 'sdkAppId'],
    ['sdkAppId negative', { sdkAppId: -5 }, 'sdkAppId'],
    ['sdkAppId fractional', { sdkAppId: 1.5 }, 'sdkAppId'],
    ['sdkAppId a string', { sdkAppId: String(SDKAPPID) }, 'sdkAppId'],
    ['sdkAppId NaN', { sdkAppId: NaN }, 'sdkAppId'],
    ['sdkAppId past 2^53-1', { sdkAppId: 2 ** 53 }, 'sdkAppId'],
    ['identifier missing', { identifier: undefined }, 'identifier'],
    ['identifier empty', { identifier: '' }, 'identifier'],
    ['timeoutMs 0', { timeoutMs: 0 }, 'timeoutMs'],
    ['timeoutMs fractional', { timeoutMs: 1.5 }, 'timeoutMs'],
    ['timeoutMs past 2^31-1', { timeoutMs: 2 ** 31 }, 'timeoutMs'],
    ['timeoutMs a string', { timeoutMs: '100' }, 'timeoutMs'],
    ['fetch not a function', { fetch: {} }, 'fetch'],
    ['retry a string', { retry: 'yes' }, 'retry'],
    ['retry null', { retry: null }, 'retry'],
    ['retry an array', { retry: [3] }, 'retry'],
    ['retry.retries 11', { retry: { retries: 11 } }, 'retry.retries'],
    ['retry.retries -1', { retry: { retries: -1 } }, 'retry.retries'],
    ['retry.minDelayMs over 60000', { retry: { minDelayMs: 60001 } }, 'retry.minDelayMs'],
    ['retry.maxDelayMs over 300000', { retry: { maxDelayMs: 300001 } }, 'retry.maxDelayMs'],
    ['retry.maxDelayMs below minDelayMs', { retry: { minDelayMs: 100, maxDelayMs: 50 } }, 'retry.maxDelayMs'],
  ];
  for (const [name, change, field] of bad) {
    test(`${name} → ${field}`, () => {
      const opts = options(change);
      for (const key of Object.keys(opts)) if (opts[key] === undefined) delete opts[key];
      const err = assertChatError(thrown(() => new pkg.ChatAdmin(opts)), { kind: 'invalid-request', field, attempts: 0 }, isChatError);
      assertNoSecrets(err, [KEY, sig]);
    });
  }

  test('options that are not an object → options', () => {
    assertChatError(thrown(() => new pkg.ChatAdmin()), { kind: 'invalid-request', field: 'options' }, isChatError);
    assertChatError(thrown(() => new pkg.ChatAdmin('x')), { kind: 'invalid-request', field: 'options' }, isChatError);
  });

  test('valid edge values are accepted', () => {
    for (const change of [
      { timeoutMs: 1 }, { timeoutMs: 2 ** 31 - 1 }, { sdkAppId: 2 ** 53 - 1 }, { retry: { retries: 0 } }, { retry: { retries: 10 } },
      { retry: { minDelayMs: 0, maxDelayMs: 0 } }, { retry: { minDelayMs: 60000, maxDelayMs: 300000 } }, { endpoint: 'http://[::1]:9' },
      { endpoint: 'http://localhost:9' }, { endpoint: 'https://example.com/base' },
    ]) new pkg.ChatAdmin(options(change));
  });

  test('allowInsecureHttp is refused with region, as useBackupDomain is with endpoint', () => {
    const err = thrown(() => new pkg.ChatAdmin(options({ endpoint: undefined, region: 'china', allowInsecureHttp: true })));
    assert.equal(err.field, 'allowInsecureHttp');
  });
});

describe('request validation: rejected, field named, nothing sent', () => {
  const c2c = (toAccount) => ({ type: 'c2c', toAccount });
  const group = (groupId) => ({ type: 'group', groupId });
  const many = (n) => Array.from({ length: n }, (_, i) => c2c(`u${i}`));
  const bad = [
    ['request missing', undefined, 'request'],
    ['request a string', 'alice', 'request'],
    ['fromAccount missing', { conversations: [c2c('bob')] }, 'fromAccount'],
    ['fromAccount not a string', { fromAccount: 7, conversations: [c2c('bob')] }, 'fromAccount'],
    ['fromAccount empty', { fromAccount: '', conversations: [c2c('bob')] }, 'fromAccount'],
    ['fromAccount 33 bytes', { fromAccount: 'a'.repeat(33), conversations: [c2c('bob')] }, 'fromAccount'],
    ['fromAccount 33 bytes of CJK', { fromAccount: '管'.repeat(11), conversations: [c2c('bob')] }, 'fromAccount'],
    ['fromAccount with a newline', { fromAccount: 'ali\nce', conversations: [c2c('bob')] }, 'fromAccount'],
    ['conversations missing', { fromAccount: 'alice' }, 'conversations'],
    ['conversations not an array', { fromAccount: 'alice', conversations: c2c('bob') }, 'conversations'],
    ['conversations empty', { fromAccount: 'alice', conversations: [] }, 'conversations'],
    ['51 conversations', { fromAccount: 'alice', conversations: many(51) }, 'conversations'],
    ['item not an object', { fromAccount: 'alice', conversations: [c2c('bob'), 'carol'] }, 'conversations[1]'],
    ['item null', { fromAccount: 'alice', conversations: [null] }, 'conversations[0]'],
    ['unknown type', { fromAccount: 'alice', conversations: [{ type: 'C2C', toAccount: 'bob' }] }, 'conversations[0].type'],
    ['numeric type', { fromAccount: 'alice', conversations: [{ type: 1, toAccount: 'bob' }] }, 'conversations[0].type'],
    ['type missing', { fromAccount: 'alice', conversations: [{ toAccount: 'bob' }] }, 'conversations[0].type'],
    ['c2c without toAccount', { fromAccount: 'alice', conversations: [{ type: 'c2c' }] }, 'conversations[0].toAccount'],
    ['c2c toAccount not a string', { fromAccount: 'alice', conversations: [c2c(5)] }, 'conversations[0].toAccount'],
    ['group without groupId', { fromAccount: 'alice', conversations: [c2c('bob'), { type: 'group' }] }, 'conversations[1].groupId'],
    ['c2c with groupId', { fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob', groupId: 'g' }] }, 'conversations[0].groupId'],
    ['group with toAccount', { fromAccount: 'alice', conversations: [{ type: 'group', groupId: 'g', toAccount: 'b' }] }, 'conversations[0].toAccount'],
    ['duplicate c2c', { fromAccount: 'alice', conversations: [c2c('bob'), group('g'), c2c('bob')] }, 'conversations[2]'],
    ['duplicate group', { fromAccount: 'alice', conversations: [group('g'), group('g')] }, 'conversations[1]'],
    ['toAccount 33 bytes', { fromAccount: 'alice', conversations: [c2c('b'.repeat(33))] }, 'conversations[0].toAccount'],
    ['groupId 49 bytes', { fromAccount: 'alice', conversations: [group('g'.repeat(49))] }, 'conversations[0].groupId'],
    ['groupId 49 bytes of CJK+ASCII', { fromAccount: 'alice', conversations: [group('群'.repeat(16) + 'g')] }, 'conversations[0].groupId'],
    ['toAccount with NUL', { fromAccount: 'alice', conversations: [c2c('b\u0000')] }, 'conversations[0].toAccount'],
    ['groupId with DEL', { fromAccount: 'alice', conversations: [group('g\u007f')] }, 'conversations[0].groupId'],
    ['groupId with a C1 control', { fromAccount: 'alice', conversations: [group('g\u0085')] }, 'conversations[0].groupId'],
  ];
  for (const [name, request, field] of bad) {
    test(`${name} → ${field}`, async () => {
      const { admin, calls } = setup();
      for (const call of [() => admin.pinConversations(request), () => admin.unpinConversations(request, {})]) {
        const promise = call();
        assert.ok(promise instanceof Promise, 'validation errors reject rather than throw');
        assertChatError(await rejection(promise), { kind: 'invalid-request', field, attempts: 0, retryable: false }, isChatError);
      }
      // checkPinRequest throws, synchronously, the error pinConversations rejects with; the function alike.
      const refused = await rejection(admin.pinConversations(request));
      for (const check of [() => admin.checkPinRequest(request), () => pkg.checkPinRequest(request)]) {
        const err = thrown(check);
        assertChatError(err, { kind: 'invalid-request', field, code: 0, attempts: 0, retryable: false }, isChatError);
        assert.equal(err.message, refused.message);
      }
      assert.equal(calls.length, 0);
    });
  }

  test('checkPinRequest: undefined for what pinConversations would send, a bulk item\'s operation checked too; nothing sent', async () => {
    const { admin, calls } = setup();
    for (const request of [
      { fromAccount: 'a'.repeat(32), conversations: many(50) },
      { fromAccount: 'alice', conversations: [group('g'.repeat(48))], operation: 'unpin' },
      { fromAccount: 'alice', conversations: [c2c('bob')], operation: 'pin' },
    ]) {
      assert.equal(admin.checkPinRequest(request), undefined);
      assert.equal(pkg.checkPinRequest(request), undefined);
    }
    const err = thrown(() => admin.checkPinRequest({ fromAccount: 'alice', conversations: [c2c('bob')], operation: 'top' }));
    assertChatError(err, { kind: 'invalid-request', field: 'operation' }, isChatError);
    const unknown = thrown(() => admin.checkPinRequest({ fromAccount: 'alice', conversation: [c2c('bob')] }));
    assertChatError(unknown, { kind: 'invalid-request', field: 'conversation' }, isChatError);
    assert.match(unknown.message, /did you mean conversations\?/);
    // It needs no client: a freed one checks too.
    admin.free();
    assert.equal(admin.checkPinRequest({ fromAccount: 'alice', conversations: [c2c('bob')] }), undefined);
    assert.equal(calls.length, 0);
  });

  test('the limits themselves are accepted: 50 items, 32-byte UserIDs, 48-byte group IDs', async () => {
    const { admin, calls } = setup();
    await admin.pinConversations({ fromAccount: 'a'.repeat(32), conversations: many(50) });
    await admin.pinConversations({ fromAccount: '管'.repeat(10), conversations: [c2c('b'.repeat(32)), group('g'.repeat(48))] });
    assert.equal(JSON.parse(calls[0].init.body).RecentContactItem.length, 50);
    assert.deepEqual(JSON.parse(calls[1].init.body), {
      From_Account: '管'.repeat(10), OperationType: 1,
      RecentContactItem: [{ Type: 1, To_Account: 'b'.repeat(32) }, { Type: 2, GroupId: 'g'.repeat(48) }],
    });
  });

  test('quotes, backslashes and non-ASCII are escaped as JSON in the body', async () => {
    const { admin, calls } = setup();
    await admin.pinConversations({ fromAccount: 'a"b\\c', conversations: [group('群/"😀')] });
    assert.equal(calls[0].init.body, '{"From_Account":"a\\"b\\\\c","OperationType":1,"RecentContactItem":[{"Type":2,"GroupId":"群/\\"😀"}]}');
  });
});

describe('answers', () => {
  test('OK → ApiResult; RequestId only when sent and not empty', async () => {
    const answers = [
      envelope({ info: 'fine', display: 'shown' }),
      envelope({ requestId: 'req-1' }),
      envelope({ requestId: '' }),
      new Response('{"ActionStatus":"OK","ErrorCode":0}'),
    ];
    const { admin } = setup((_, i) => answers[i]);
    assert.deepEqual(await admin.pinConversations(REQUEST), { actionStatus: 'OK', errorCode: 0, errorInfo: 'fine', errorDisplay: 'shown', attempts: 1 });
    assert.deepEqual(await admin.pinConversations(REQUEST), { actionStatus: 'OK', errorCode: 0, errorInfo: '', errorDisplay: '', requestId: 'req-1', attempts: 1 });
    assert.deepEqual(await admin.pinConversations(REQUEST), { actionStatus: 'OK', errorCode: 0, errorInfo: '', errorDisplay: '', attempts: 1 });
    assert.deepEqual(await admin.pinConversations(REQUEST), { actionStatus: 'OK', errorCode: 0, errorInfo: '', errorDisplay: '', attempts: 1 });
  });

  test('FAIL 50001 → service error with info, display, requestId; not retryable', async () => {
    const { admin, calls } = setup(() => envelope({ code: 50001, info: 'not imported', display: 'import first', requestId: 'r-9' }), { retry: FAST_RETRY });
    const err = await rejection(admin.pinConversations(REQUEST));
    assertChatError(err, {
      kind: 'service', code: 50001, status: 200, info: 'not imported', display: 'import first', requestId: 'r-9', retryable: false, attempts: 1,
    }, isChatError);
    assert.ok(err instanceof pkg.ChatError);
    assert.equal(calls.length, 1);
  });

  test('FAIL 50004 with retry: false → retryable, one attempt', async () => {
    const { admin, calls } = setup(() => envelope({ code: 50004 }));
    assertChatError(await rejection(admin.pinConversations(REQUEST)), { kind: 'service', code: 50004, retryable: true, attempts: 1 }, isChatError);
    assert.equal(calls.length, 1);
  });

  test('non-2xx with a text body → http with the status', async () => {
    const { admin } = setup((_, i) => new Response('Bad Gateway', { status: [502, 404][i] }));
    assertChatError(await rejection(admin.pinConversations(REQUEST)), { kind: 'http', status: 502, code: 0, retryable: true, attempts: 1 }, isChatError);
    assertChatError(await rejection(admin.pinConversations(REQUEST)), { kind: 'http', status: 404, retryable: false }, isChatError);
  });

  test('non-2xx with an envelope → http carrying the code', async () => {
    const { admin } = setup(() => envelope({ status: 500, code: 50004, info: 'busy' }));
    assertChatError(await rejection(admin.pinConversations(REQUEST)), { kind: 'http', status: 500, code: 50004, info: 'busy' }, isChatError);
  });

  test('200 that is not the envelope → decode', async () => {
    const bodies = ['<html>hi</html>', '{}', '{"ActionStatus":"MAYBE","ErrorCode":0}', '{"ActionStatus":"OK","ErrorCode":0,"ErrorInf', ''];
    const { admin } = setup((_, i) => new Response(bodies[i]));
    for (const _ of bodies) assertChatError(await rejection(admin.pinConversations(REQUEST)), { kind: 'decode', status: 200, retryable: false }, isChatError);
  });

  test('fetch rejecting or throwing → network, retryable', async () => {
    const { admin } = setup((_, i) => {
      if (i === 0) return Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }));
      throw new TypeError('boom');
    });
    const err = assertChatError(await rejection(admin.pinConversations(REQUEST)), { kind: 'network', status: 0, retryable: true, attempts: 1 }, isChatError);
    assert.match(err.message, /ECONNREFUSED/);
    assertChatError(await rejection(admin.pinConversations(REQUEST)), { kind: 'network' }, isChatError);
  });
});

describe('timeouts and abort', () => {
  test('no answer within timeoutMs → timeout, and the fetch signal is aborted', async () => {
    const { admin, calls } = setup(neverSettles, { timeoutMs: 100 });
    const err = await rejection(admin.pinConversations(REQUEST));
    assertChatError(err, { kind: 'timeout', retryable: true, attempts: 1 }, isChatError);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].init.signal.aborted, true);
  });

  test('an answer that comes before timeoutMs is not a timeout', async () => {
    // The answer's timer (50 ms) is set after the call's deadline (5 s) and fires first, however late both fire.
    const later = () => new Promise((resolve) => setTimeout(() => resolve(envelope()), 50));
    const { admin, calls } = setup(later, { timeoutMs: 5000 });
    assert.equal((await admin.pinConversations(REQUEST)).actionStatus, 'OK');
    assert.equal(calls[0].init.signal.aborted, false);
  });

  test('a body that never ends also times out', async () => {
    const { admin } = setup(() => new Response(new ReadableStream({ start() {} })), { timeoutMs: 100 });
    assertChatError(await rejection(admin.pinConversations(REQUEST)), { kind: 'timeout' }, isChatError);
  });

  test('an already aborted signal → aborted, nothing sent', async () => {
    const { admin, calls } = setup();
    const err = await rejection(admin.pinConversations(REQUEST, { signal: AbortSignal.abort() }));
    assertChatError(err, { kind: 'aborted', attempts: 0, retryable: false }, isChatError);
    assert.equal(calls.length, 0);
  });

  test('aborting while the request is in flight → aborted, the fetch signal aborted', async () => {
    const controller = new AbortController();
    const { admin, calls } = setup(() => {
      setTimeout(() => controller.abort(), 10);
      return neverSettles();
    }, { retry: FAST_RETRY });
    assertChatError(await rejection(admin.pinConversations(REQUEST, { signal: controller.signal })), { kind: 'aborted' }, isChatError);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].init.signal.aborted, true);
  });

  test('aborting during a retry wait → aborted, no further request', { timeout: 30_000 }, async () => {
    const controller = new AbortController();
    // 60007 asks to slow down: each retry waits 100 to 200 ms. The abort's timer is set as the answer is given,
    // so it fires after the answer is read (that takes no timer) and before the wait's later, longer timer.
    const { admin, calls } = setup(() => {
      setTimeout(() => controller.abort(), 0);
      return envelope({ code: 60007 });
    }, { retry: { retries: 3, minDelayMs: 100, maxDelayMs: 200 } });
    const err = await rejection(admin.pinConversations(REQUEST, { signal: controller.signal }));
    // Ten times the longest wait: a retry the abort did not cancel would have been sent by then.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal(calls.length, 1, 'no request after the abort');
    assertChatError(err, { kind: 'aborted', retryable: false, attempts: 1 }, isChatError);
  });

  test('timeoutMs bounds each attempt, not the call', async () => {
    const { admin, calls } = setup(neverSettles, { timeoutMs: 50, retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1 } });
    assertChatError(await rejection(admin.pinConversations(REQUEST)), { kind: 'timeout', attempts: 3 }, isChatError);
    assert.equal(calls.length, 3);
  });

  const hangingProvider = { secretKey: undefined, userSigProvider: neverSettles, timeoutMs: 50 };
  // How a call ended; the deadline only turns a hang into a failure.
  const ending = (promise, ms = 20_000) => {
    let timer;
    const deadline = new Promise((resolve) => (timer = setTimeout(() => resolve(`still pending after ${ms} ms`), ms)));
    return Promise.race([promise.then(() => 'resolved', (err) => err.kind), deadline]).finally(() => clearTimeout(timer));
  };

  test('aborting while the userSigProvider is pending → aborted', async () => {
    const controller = new AbortController();
    const { admin } = setup(undefined, hangingProvider);
    setTimeout(() => controller.abort(), 10);
    assert.equal(await ending(admin.pinConversations(REQUEST, { signal: controller.signal })), 'aborted');
  });

  test('a userSigProvider that never answers is bounded by timeoutMs', async () => {
    const { admin } = setup(undefined, hangingProvider);
    assert.equal(await ending(admin.pinConversations(REQUEST)), 'timeout');
  });

  test('a signal that is not an AbortSignal is refused and does not crash the process', () => {
    const script = `
      import * as pkg from ${JSON.stringify(new URL('../../pkg/node.js', import.meta.url).href)};
      const fetch = async () => new Response('{"ActionStatus":"OK","ErrorCode":0}');
      const admin = new pkg.ChatAdmin({ ...${JSON.stringify(options({ timeoutMs: 50 }))}, fetch });
      admin.pinConversations(${JSON.stringify(REQUEST)}, { signal: { aborted: false } }).then(() => console.log('resolved'), (e) => console.log(e.kind, e.field));
      setTimeout(() => {}, 200);`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 5000 });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), 'invalid-request signal');
  });
});

describe('retries', () => {
  test('50004 twice then OK → resolves after 3 requests, each with a new random', async () => {
    const { admin, calls } = setup(answerCodes(50004, 50004, 0), { retry: FAST_RETRY });
    assert.equal((await admin.pinConversations(REQUEST)).actionStatus, 'OK');
    assert.equal(calls.length, 3);
    assert.equal(new Set(calls.map((c) => c.init.body)).size, 1);
  });

  test('50002 → not retried', async () => {
    const { admin, calls } = setup(answerCodes(50002, 0), { retry: FAST_RETRY });
    assertChatError(await rejection(admin.pinConversations(REQUEST)), { code: 50002, attempts: 1 }, isChatError);
    assert.equal(calls.length, 1);
  });

  test('exhausted → the last error, attempts = retries + 1', async () => {
    const { admin, calls } = setup(answerCodes(50005), { retry: { ...FAST_RETRY, retries: 2 } });
    assertChatError(await rejection(admin.pinConversations(REQUEST)), { kind: 'service', code: 50005, attempts: 3, retryable: true }, isChatError);
    assert.equal(calls.length, 3);
  });

  test('throttling (60007), HTTP 503, network errors and timeouts are retried', async () => {
    const answers = [
      () => envelope({ code: 60007 }),
      () => new Response('busy', { status: 503 }),
      () => Promise.reject(new TypeError('fetch failed')),
      neverSettles,
      () => envelope(),
    ];
    const { admin, calls } = setup((call, i) => answers[i](), { retry: { ...FAST_RETRY, retries: 4 }, timeoutMs: 50 });
    assert.equal((await admin.pinConversations(REQUEST)).actionStatus, 'OK');
    assert.equal(calls.length, 5);
  });
});

describe('credentials', () => {
  const fresh = officialSig({ expire: 86400 });

  test('userSigProvider: asked lazily, once, and its answer reused', async () => {
    let asked = 0;
    const { admin, calls } = setup(undefined, { secretKey: undefined, userSigProvider: () => (asked++, fresh) });
    assert.equal(asked, 0);
    await admin.pinConversations(REQUEST);
    await admin.pinConversations(REQUEST);
    assert.equal(asked, 1);
    assert.deepEqual(calls.map((c) => c.query.get('usersig')), [fresh, fresh]);
  });

  test('userSigProvider: async, and shared by concurrent calls', async () => {
    let asked = 0;
    const userSigProvider = async () => {
      asked++;
      await new Promise((r) => setTimeout(r, 10));
      return fresh;
    };
    const { admin, calls } = setup(undefined, { secretKey: undefined, userSigProvider });
    await Promise.all([admin.pinConversations(REQUEST), admin.pinConversations(REQUEST), admin.unpinConversations(REQUEST)]);
    assert.equal(asked, 1);
    assert.ok(calls.every((c) => c.query.get('usersig') === fresh));
  });

  test('userSigProvider throwing, rejecting or answering a non-string → usersig error, nothing sent', async () => {
    const cause = new Error('vault unreachable');
    for (const [provider, withCause] of [
      [() => { throw cause; }, true], [() => Promise.reject(cause), true], [() => 42, false], [async () => '', false],
    ]) {
      const { admin, calls } = setup(undefined, { secretKey: undefined, userSigProvider: provider });
      const err = assertChatError(await rejection(admin.pinConversations(REQUEST)), { kind: 'usersig', attempts: 0 }, isChatError);
      if (withCause) assert.equal(err.cause, cause);
      assert.equal(calls.length, 0);
    }
  });

  test('70001 → the provider is asked again and the call sent once more', async () => {
    const sigs = [officialSig({ expire: 86400 }), officialSig({ expire: 7200 })];
    let asked = 0;
    const { admin, calls } = setup(answerCodes(70001, 0), { secretKey: undefined, userSigProvider: () => sigs[asked++] });
    assert.equal((await admin.pinConversations(REQUEST)).actionStatus, 'OK');
    assert.equal(asked, 2);
    assert.deepEqual(calls.map((c) => c.query.get('usersig')), sigs);
  });

  test('70001 twice → the second is the answer (one re-sign per call)', async () => {
    let asked = 0;
    const { admin, calls } = setup(answerCodes(70001), { secretKey: undefined, userSigProvider: () => (asked++, fresh), retry: FAST_RETRY });
    assertChatError(await rejection(admin.pinConversations(REQUEST)), { kind: 'service', code: 70001, attempts: 2 }, isChatError);
    assert.equal(calls.length, 2);
    assert.equal(asked, 2);
  });

  test('70001 with a fixed userSig → returned at once', async () => {
    const { admin, calls } = setup(answerCodes(70001), { secretKey: undefined, userSig: fresh, retry: FAST_RETRY });
    assertChatError(await rejection(admin.pinConversations(REQUEST)), { code: 70001, attempts: 1 }, isChatError);
    assert.equal(calls.length, 1);
  });

  test('70001 with a secretKey → re-signed and sent again', async () => {
    const { admin, calls } = setup(answerCodes(70001, 0));
    assert.equal((await admin.pinConversations(REQUEST)).actionStatus, 'OK');
    assert.equal(calls.length, 2);
    assertGenuineSig(calls[1].query.get('usersig'));
  });

  test('an expired provider UserSig is replaced before a request is sent', async () => {
    const stale = officialSig({ expire: 60, timeSec: Math.floor(Date.now() / 1000) - 3600 });
    const sigs = [stale, fresh];
    let asked = 0;
    const { admin, calls } = setup(undefined, { secretKey: undefined, userSigProvider: () => sigs[asked++] });
    await admin.pinConversations(REQUEST);
    await admin.pinConversations(REQUEST);
    assert.deepEqual(calls.map((c) => decodeSig(c.query.get('usersig'))['TLS.expire']), [60, 86400]);
  });

  test('a freed client rejects with a ChatError, and sends nothing', async () => {
    const { admin, calls } = setup();
    admin.free();
    const group = { groupId: 'g1' };
    for (const call of [
      () => admin.pinConversations(REQUEST), () => admin.unpinConversations(REQUEST), () => admin.pinConversationsBulk([REQUEST]),
      () => admin.pinGroupForMembers(group), () => admin.unpinGroupForMembers(group), () => admin.listGroupMembers(group)[Symbol.asyncIterator]().next(),
    ]) {
      const err = await rejection(call());
      assert.equal(isChatError(err), true);
      assert.equal(err.kind, 'invalid-request');
      assert.match(err.message, /freed/);
    }
    assert.equal(calls.length, 0);
  });

  test('no secret in any error, even when the service or fetch echoes them', async () => {
    const echo = (call) => `${call.url} ${KEY}`;
    const answers = [
      (call) => envelope({ code: 50002, info: echo(call), display: echo(call) }),
      (call) => envelope({ status: 500, code: 50004, info: echo(call) }),
      (call) => Promise.reject(new TypeError(`fetch to ${echo(call)} failed`)),
      (call) => { throw new TypeError(echo(call)); },
      (call) => new Response(echo(call), { status: 400 }),
    ];
    const { admin, calls } = setup((call, i) => answers[i](call));
    for (const _ of answers) {
      const err = await rejection(admin.pinConversations(REQUEST));
      assertNoSecrets(err, [KEY, calls.at(-1).query.get('usersig')]);
    }
  });
});
