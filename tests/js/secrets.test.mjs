// No path lets the secret key or a UserSig into an error: not the raw value, not its URL-encoded form.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChatAdmin, genUserSig, isChatError } from '../../pkg/node.js';
import { KEY, assertNoSecrets, chatRejection, recordingFetch } from './helpers.mjs';

const SIG = genUserSig({ sdkAppId: 1400000000, secretKey: KEY, identifier: 'administrator', expire: 3600 });
const request = { fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }] };
const ok = () => new Response('{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}', { status: 200 });

/** Everything an error shows: message, own properties, cause. */
const shown = (err) => [err.message, JSON.stringify(err), String(err.cause?.message ?? '')].join('\n');

test('a provider answer with a trailing newline is trimmed, and the URL carries the plain UserSig', async () => {
  const urls = [];
  const admin = new ChatAdmin({
    sdkAppId: 1400000000, identifier: 'administrator', endpoint: 'http://127.0.0.1:9',
    userSigProvider: async () => `${SIG}\n`,
    fetch: async (url) => (urls.push(url), ok()),
  });
  await admin.pinConversations(request);
  assert.equal(new URL(urls[0]).searchParams.get('usersig'), SIG);
});

test('a provider answer that is not a UserSig is refused without being shown', async () => {
  const bad = `${SIG.slice(0, 40)}+/=${SIG.slice(40)}`;
  const admin = new ChatAdmin({
    sdkAppId: 1400000000, identifier: 'administrator', endpoint: 'http://127.0.0.1:9',
    userSigProvider: () => bad,
    fetch: async () => assert.fail('nothing may be sent'),
  });
  const err = await chatRejection(admin.pinConversations(request));
  assert.equal(err.kind, 'usersig');
  assert.ok(!shown(err).includes(SIG.slice(0, 40)));
});

describe('a UserSig that does not decode is refused before anything is sent (usersig 70003), never shown', () => {
  const base = { sdkAppId: 1400000000, identifier: 'administrator', endpoint: 'http://127.0.0.1:9', retry: false };
  const keyHint = /looks like the secret key \(64 hex characters\), not a UserSig: the key belongs in secretKey \(TENCENT_CHAT_SECRET_KEY on the command line\)/;
  const notOne = /is not a UserSig: it does not decode as one \(base64, in A-Z a-z 0-9 \* - _, of a zlib stream of a JSON document\); nothing was sent \(70003\)$/;
  // The key (also upper-case, and with a file's newline), a UserSig cut short, base64 of zlib of JSON without claims.
  const cases = [[KEY, keyHint], [`${KEY.toUpperCase()}\n`, keyHint], [SIG.slice(0, -8), notOne], ['eJyrVgrxCdYrSy1SslIy0jNQqgUALUoEuQ__', notOne]];

  test('as the userSig option: new ChatAdmin throws, and no fetch is made', () => {
    for (const [value, message] of cases) {
      const { fetch, calls } = recordingFetch();
      const err = (() => {
        try {
          new ChatAdmin({ ...base, userSig: value, fetch });
        } catch (e) {
          return e;
        }
        return assert.fail('accepted');
      })();
      assert.ok(isChatError(err));
      assert.deepEqual([err.kind, err.code, err.field, err.attempts], ['usersig', 70003, 'userSig', 0]);
      assert.match(err.message, new RegExp(`^userSig ${message.source}`));
      assertNoSecrets(err, [value.trim(), value.trim().slice(0, 24)]);
      assert.equal(calls.length, 0);
    }
  });

  test("as a userSigProvider's answer: the call rejects, the provider's answer is not sent", async () => {
    for (const [value, message] of cases) {
      const { fetch, calls } = recordingFetch();
      const admin = new ChatAdmin({ ...base, userSigProvider: async () => value, fetch });
      const err = await chatRejection(admin.pinConversations(request));
      assert.deepEqual([err.kind, err.code, err.field, err.attempts], ['usersig', 70003, 'userSigProvider', 0]);
      assert.match(err.message, new RegExp(`^userSigProvider's answer ${message.source}`));
      assertNoSecrets(err, [value.trim(), value.trim().slice(0, 24)]);
      assert.equal(calls.length, 0);
      admin.free();
    }
  });
});

test('a fixed userSig with characters outside the alphabet is refused, naming the field only', () => {
  const bad = `${SIG}+`;
  assert.throws(
    () => new ChatAdmin({ sdkAppId: 1400000000, identifier: 'administrator', userSig: bad, endpoint: 'http://127.0.0.1:9' }),
    (err) => isChatError(err) && err.field === 'userSig' && !shown(err).includes(SIG),
  );
});

test('a fetch error that echoes the URL is scrubbed of the UserSig, raw and encoded', async () => {
  for (const credential of [{ secretKey: KEY }, { userSig: SIG }]) {
    let sent;
    const admin = new ChatAdmin({
      sdkAppId: 1400000000, identifier: 'administrator', endpoint: 'http://127.0.0.1:9', retry: false, ...credential,
      fetch: async (url) => {
        sent = new URL(url).searchParams.get('usersig');
        throw new TypeError(`cannot fetch ${url} (raw ${decodeURIComponent(url)})`);
      },
    });
    const err = await chatRejection(admin.pinConversations(request));
    assert.equal(err.kind, 'network');
    assert.ok(err.message.includes('REDACTED'));
    assert.ok(!shown(err).includes(sent) && !shown(err).includes(encodeURIComponent(sent)) && !shown(err).includes(KEY));
  }
});

test('an answer that echoes the UserSig is scrubbed', async () => {
  const admin = new ChatAdmin({
    sdkAppId: 1400000000, identifier: 'administrator', userSig: SIG, endpoint: 'http://127.0.0.1:9', retry: false,
    fetch: async () => new Response(JSON.stringify({ ActionStatus: 'FAIL', ErrorCode: 70003, ErrorInfo: `bad usersig ${SIG}`, ErrorDisplay: SIG }), { status: 200 }),
  });
  const err = await chatRejection(admin.pinConversations(request));
  assert.deepEqual([err.code, err.info], [70003, 'bad usersig REDACTED']);
  assert.ok(!shown(err).includes(SIG));
});

test('a 70001 carried by a non-2xx answer still re-signs once', async () => {
  let calls = 0;
  const admin = new ChatAdmin({
    sdkAppId: 1400000000, identifier: 'administrator', endpoint: 'http://127.0.0.1:9', retry: false,
    userSigProvider: () => SIG,
    fetch: async () => (++calls === 1 ? new Response('{"ActionStatus":"FAIL","ErrorCode":70001,"ErrorInfo":"expired"}', { status: 401 }) : ok()),
  });
  const result = await admin.pinConversations(request);
  assert.deepEqual([result.actionStatus, calls], ['OK', 2]);
});
