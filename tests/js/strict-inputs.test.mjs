// Inputs that used to be ignored or accepted wrongly (issue 14, point 2): unknown names in the UserSig options,
// pin requests, conversations and per-call options; `now` in milliseconds; an expired fixed userSig; `retry` as
// a number and names borrowed from other libraries. Each is refused before anything is sent, with a suggestion.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as pkg from '../../pkg/node.js';
import { ADMIN, assertChatError, assertNoSecrets, KEY, officialSig, recordingFetch, rejection, SDKAPPID, thrown } from './helpers.mjs';

const REQUEST = { fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }] };
const options = (extra = {}) => ({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: 'http://127.0.0.1:9', retry: false, ...extra });
const invalid = (err, field, message) => {
  assertChatError(err, { kind: 'invalid-request', field, attempts: 0 }, pkg.isChatError);
  if (message instanceof RegExp) assert.match(err.message, message);
  else assert.equal(err.message, message);
};

describe('genUserSig and verifyUserSig refuse names they do not take', () => {
  test('expireSeconds, time and other borrowed names get a suggestion', () => {
    const base = { sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'alice' };
    invalid(thrown(() => pkg.genUserSig({ ...base, expireSeconds: 60 })), 'expireSeconds', 'expireSeconds is not an option; did you mean expire?');
    invalid(thrown(() => pkg.genUserSig({ ...base, time: 1700000000 })), 'time', 'time is not an option; did you mean now?');
    invalid(thrown(() => pkg.genUserSig({ ...base, appId: SDKAPPID })), 'appId', 'appId is not an option; did you mean sdkAppId?');
    invalid(thrown(() => pkg.genUserSig({ sdkAppId: SDKAPPID, key: KEY, identifier: 'alice' })), 'key', 'key is not an option; did you mean secretKey?');
    const userSig = pkg.genUserSig(base);
    invalid(thrown(() => pkg.verifyUserSig({ userSig, sdkAppId: SDKAPPID, secretKey: KEY, userId: 'alice' })), 'userId', 'userId is not an option; did you mean identifier?');
    invalid(thrown(() => pkg.verifyUserSig({ userSig, sdkAppId: SDKAPPID, secretKey: KEY, expire: 5 })), 'expire', 'expire is not an option');
  });

  test('now in milliseconds is refused, saying seconds', () => {
    const now = 1_700_000_000_000;
    const message = 'now must be Unix seconds, not milliseconds: Math.floor(Date.now() / 1000), not Date.now()';
    invalid(thrown(() => pkg.genUserSig({ sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'alice', now })), 'now', message);
    const userSig = officialSig({ id: 'alice', timeSec: 1_700_000_000 });
    invalid(thrown(() => pkg.verifyUserSig({ userSig, sdkAppId: SDKAPPID, secretKey: KEY, now })), 'now', message);
    assert.equal(pkg.verifyUserSig({ userSig, sdkAppId: SDKAPPID, secretKey: KEY, now: 1_700_000_001 }).identifier, 'alice');
  });
});

describe('pin requests and per-call options refuse what a method does not take', () => {
  test('operation on pinConversations and unpinConversations, nothing sent', async () => {
    const { fetch, calls } = recordingFetch();
    const admin = new pkg.ChatAdmin(options({ fetch }));
    invalid(await rejection(admin.pinConversations({ ...REQUEST, operation: 'unpin' })), 'operation', 'operation is not taken by pinConversations, which always pins: call unpinConversations to unpin');
    invalid(await rejection(admin.unpinConversations({ ...REQUEST, operation: 'pin' })), 'operation', 'operation is not taken by unpinConversations, which always unpins: call pinConversations to pin');
    assert.equal(calls.length, 0);
    // The one-off function takes it.
    await pkg.pinConversations(options({ fetch }), { ...REQUEST, operation: 'unpin' });
    assert.equal(JSON.parse(calls[0].init.body).OperationType, 2);
  });

  test('unknown fields of a request and of a conversation, with a suggestion', async () => {
    const admin = new pkg.ChatAdmin(options({ fetch: recordingFetch().fetch }));
    invalid(await rejection(admin.pinConversations({ ...REQUEST, from_account: 'x' })), 'from_account', 'from_account is not a field of a pin request; did you mean fromAccount?');
    invalid(await rejection(admin.pinConversations({ ...REQUEST, conversation: [] })), 'conversation', 'conversation is not a field of a pin request; did you mean conversations?');
    const conversations = [{ type: 'c2c', toAccount: 'bob' }, { type: 'group', groupId: 'g', toAcount: 'x' }];
    invalid(await rejection(admin.pinConversations({ fromAccount: 'alice', conversations })), 'conversations[1].toAcount', 'conversations[1].toAcount is not a field of a conversation; did you mean conversations[1].toAccount?');
  });

  test('per-call options: signal and onRetry only; client options are pointed to the client', async () => {
    const { fetch, calls } = recordingFetch();
    const admin = new pkg.ChatAdmin(options({ fetch }));
    invalid(await rejection(admin.pinConversations(REQUEST, { timeoutMs: 100 })), 'timeoutMs', /^timeoutMs is a client option, not a call's: give it to new ChatAdmin\(\)$/);
    invalid(await rejection(admin.unpinConversations(REQUEST, { signl: undefined, x: 1 })), 'signl', 'signl is not an option; did you mean signal?');
    invalid(await rejection(admin.pinConversations(REQUEST, { onRetry: 'log' })), 'onRetry', 'onRetry must be a function');
    invalid(await rejection(admin.pinConversations(REQUEST, [])), 'options', 'options must be an object such as { signal, onRetry }');
    assert.equal(calls.length, 0);
    await admin.pinConversations(REQUEST, { signal: new AbortController().signal, onRetry: () => {} });
    assert.equal(calls.length, 1);
  });
});

describe('client options', () => {
  test('an expired fixed userSig is refused before sending: usersig 70001, what to do, no UserSig shown', async () => {
    const userSig = officialSig({ expire: 60, timeSec: Math.floor(Date.now() / 1000) - 3600 });
    const { fetch, calls } = recordingFetch();
    const admin = new pkg.ChatAdmin(options({ secretKey: undefined, userSig, fetch }));
    const err = await rejection(admin.pinConversations(REQUEST));
    assertChatError(err, { kind: 'usersig', code: 70001, attempts: 0, field: 'userSig' }, pkg.isChatError);
    assert.match(err.message, /^userSig expired \d+ s ago .*give a fresh one to a new ChatAdmin/);
    assertNoSecrets(err, [userSig]);
    assert.equal(calls.length, 0);
  });

  test('retry: <number> is the retry count', async () => {
    const { fetch, calls } = recordingFetch(() => new Response('busy', { status: 503 }));
    const admin = new pkg.ChatAdmin(options({ fetch, retry: 2, timeoutMs: 1000 }));
    const err = await rejection(admin.pinConversations(REQUEST));
    assert.equal(err.attempts, 3);
    assert.equal(calls.length, 3);
    invalid(thrown(() => new pkg.ChatAdmin(options({ retry: 11 }))), 'retry', 'retry must be an integer from 0 to 10');
  });

  test('names from ky, octokit, Stripe and the AWS SDK get ours', () => {
    for (const [given, ours] of [['maxRetries', 'retry'], ['retries', 'retry'], ['appId', 'sdkAppId'], ['sdkappid', 'sdkAppId'], ['key', 'secretKey'], ['secret', 'secretKey'], ['userId', 'identifier'], ['admin', 'identifier']]) {
      invalid(thrown(() => new pkg.ChatAdmin(options({ [given]: 1 }))), given, `${given} is not an option; did you mean ${ours}?`);
    }
    invalid(thrown(() => new pkg.ChatAdmin(options({ retry: { limit: 2 } }))), 'retry.limit', 'retry.limit is not an option; did you mean retry.retries?');
  });
});
