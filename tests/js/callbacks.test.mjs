// tencent-chat-admin/callbacks (the built package, Node entry): every check a callback goes through before a handler
// runs, each refusal's status, the handled and unhandled commands, a before-callback's refusal, a handler that throws
// (logged without the token), the options' errors, and the node:http listener. Signs are made here by node:crypto.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import { describe, test } from 'node:test';
import { CALLBACK_COMMANDS, createCallbackHandler, refuse } from '../../pkg/callbacks/node.js';
import { isChatError } from '../../pkg/node.js';

const SDKAPPID = 1400000000;
const TOKEN = 'the-callback-token-7f3a';
const NOW = 1700000000;
const sign = (time, token = TOKEN) => createHash('sha256').update(`${token}${time}`).digest('hex');

/** The callback URL the service would call, with `overrides` (null drops a parameter). */
function callbackUrl(command, overrides = {}) {
  const params = { SdkAppid: String(SDKAPPID), CallbackCommand: command, contenttype: 'json', ClientIP: '10.0.0.7', OptPlatform: 'RESTAPI', RequestTime: String(NOW), Sign: sign(NOW), ...overrides };
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null));
  return `https://app.example/chat/callback?${query}`;
}

const joinBody = { CallbackCommand: 'Group.CallbackAfterNewMemberJoin', GroupId: 'announcements', Type: 'Public', JoinType: 'Invited', Operator_Account: 'administrator', NewMemberList: [{ Member_Account: 'alice' }], EventTime: NOW * 1000 };

/** A handler whose handlers record their calls and whose log lines are kept; `on` adds to its handlers. */
function setup(on = {}, options = {}) {
  const calls = [];
  const lines = [];
  const handler = createCallbackHandler({
    sdkAppId: SDKAPPID, token: TOKEN, clock: () => NOW * 1000, log: (line) => lines.push(line),
    on: { 'Group.CallbackAfterNewMemberJoin': (payload, context) => void calls.push({ payload, context }), ...on },
    ...options,
  });
  const post = async (url, body = JSON.stringify(joinBody), init = {}) => {
    const response = await handler(new Request(url, { method: 'POST', body, duplex: 'half', ...init }));
    return { status: response.status, answer: await response.json() };
  };
  return { handler, post, calls, lines };
}

const OK = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };

describe('createCallbackHandler', () => {
  test('a signed callback reaches its handler with the payload and the context; the answer is the OK envelope', async () => {
    const { post, calls } = setup();
    assert.deepEqual(await post(callbackUrl('Group.CallbackAfterNewMemberJoin')), { status: 200, answer: OK });
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].payload, joinBody);
    const { request, ...context } = calls[0].context;
    assert.deepEqual(context, { command: 'Group.CallbackAfterNewMemberJoin', sdkAppId: SDKAPPID, requestTime: NOW, clientIp: '10.0.0.7', optPlatform: 'RESTAPI' });
    assert.ok(request instanceof Request);
  });

  test('a command without a handler is acknowledged; `fallback` gets every command without one', async () => {
    const { post, calls } = setup();
    assert.deepEqual(await post(callbackUrl('State.StateChange'), '{"CallbackCommand":"State.StateChange"}'), { status: 200, answer: OK });
    assert.equal(calls.length, 0);
    const seen = [];
    const withFallback = setup({}, { fallback: (payload, context) => void seen.push([context.command, payload.Info.To_Account]) });
    const body = JSON.stringify({ CallbackCommand: 'State.StateChange', Info: { Action: 'Login', To_Account: 'bob', Reason: 'Register' } });
    assert.deepEqual(await withFallback.post(callbackUrl('State.StateChange'), body), { status: 200, answer: OK });
    assert.deepEqual(seen, [['State.StateChange', 'bob']]);
  });

  test('a before-callback refuses with refuse(), a code of its own, or refuses some invited members', async () => {
    const { post } = setup({
      'Group.CallbackBeforeApplyJoinGroup': (p) => (p.Requestor_Account === 'mallory' ? refuse('not this one') : undefined),
      'Group.CallbackBeforeCreateGroup': () => ({ ErrorCode: 10100, ErrorInfo: 'group names are reviewed' }),
      'Group.CallbackBeforeInviteJoinGroup': async (p) => ({ RefusedMembers_Account: p.DestinationMembers.map((m) => m.Member_Account).filter((a) => a !== 'bob') }),
    });
    const apply = (who) => post(callbackUrl('Group.CallbackBeforeApplyJoinGroup'), JSON.stringify({ GroupId: 'g', Type: 'Public', Requestor_Account: who }));
    assert.deepEqual(await apply('mallory'), { status: 200, answer: { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'not this one' } });
    assert.deepEqual(await apply('bob'), { status: 200, answer: OK });
    assert.deepEqual(await post(callbackUrl('Group.CallbackBeforeCreateGroup'), '{}'), { status: 200, answer: { ActionStatus: 'OK', ErrorCode: 10100, ErrorInfo: 'group names are reviewed' } });
    const invite = JSON.stringify({ GroupId: 'g', DestinationMembers: [{ Member_Account: 'bob' }, { Member_Account: 'eve' }] });
    assert.deepEqual(await post(callbackUrl('Group.CallbackBeforeInviteJoinGroup'), invite), { status: 200, answer: { ...OK, RefusedMembers_Account: ['eve'] } });
    assert.deepEqual(refuse(), { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: '' });
  });

  test('a handler that throws is answered 500 FAIL and logged with its error, never the token', async () => {
    const { post, lines } = setup({ 'C2C.CallbackAfterSendMsg': () => { throw new Error(`database down (connected with ${TOKEN})`); } });
    assert.deepEqual(await post(callbackUrl('C2C.CallbackAfterSendMsg'), '{}'), { status: 500, answer: { ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: 'the callback handler failed' } });
    assert.equal(lines.length, 1);
    assert.match(lines[0], /the handler of C2C\.CallbackAfterSendMsg threw: Error: database down \(connected with \[token\]\)/);
    assert.ok(!lines[0].includes(TOKEN) && !lines[0].includes(sign(NOW)), lines[0]);
    const rejects = setup({ 'State.StateChange': async () => { throw TOKEN; } });
    assert.equal((await rejects.post(callbackUrl('State.StateChange'), '{}')).status, 500);
    assert.deepEqual(rejects.lines, ['tencent-chat-admin callbacks: the handler of State.StateChange threw: [token]']);
    const bad = setup({ 'State.StateChange': () => 'OK' });
    assert.equal((await bad.post(callbackUrl('State.StateChange'), '{}')).status, 500);
    assert.match(bad.lines[0], /returned string: return nothing, or an object/);
  });

  describe('refusals reach no handler', () => {
    const cases = [
      ['a wrong Sign', callbackUrl('Group.CallbackAfterNewMemberJoin', { Sign: sign(NOW, 'another token') }), 401, /Sign does not match/],
      ['a Sign in upper case', callbackUrl('Group.CallbackAfterNewMemberJoin', { Sign: sign(NOW).toUpperCase() }), 401, /Sign does not match/],
      ['no Sign', callbackUrl('Group.CallbackAfterNewMemberJoin', { Sign: null }), 401, /Sign or RequestTime is missing/],
      ['no RequestTime', callbackUrl('Group.CallbackAfterNewMemberJoin', { RequestTime: null }), 401, /Sign or RequestTime is missing/],
      ['a RequestTime 61 s old (signed)', callbackUrl('Group.CallbackAfterNewMemberJoin', { RequestTime: String(NOW - 61), Sign: sign(NOW - 61) }), 401, /more than 60 s from now/],
      ['a RequestTime 61 s ahead (signed)', callbackUrl('Group.CallbackAfterNewMemberJoin', { RequestTime: String(NOW + 61), Sign: sign(NOW + 61) }), 401, /more than 60 s from now/],
      ["another app's SdkAppid", callbackUrl('Group.CallbackAfterNewMemberJoin', { SdkAppid: '1400000001' }), 403, /SdkAppid 1400000001 is not this app's/],
      ['no SdkAppid', callbackUrl('Group.CallbackAfterNewMemberJoin', { SdkAppid: null }), 403, /SdkAppid query parameter is missing/],
      ['no CallbackCommand', callbackUrl('Group.CallbackAfterNewMemberJoin', { CallbackCommand: null }), 400, /CallbackCommand query parameter is missing/],
    ];
    for (const [name, url, status, info] of cases) {
      test(name, async () => {
        const { post, calls, lines } = setup();
        const { status: got, answer } = await post(url);
        assert.equal(got, status);
        assert.equal(answer.ActionStatus, 'FAIL');
        assert.match(answer.ErrorInfo, info);
        assert.equal(calls.length, 0);
        assert.equal(lines.length, 1);
      });
    }

    test('a RequestTime exactly 60 s either side is accepted', async () => {
      const { post, calls } = setup();
      for (const t of [NOW - 60, NOW + 60]) {
        assert.equal((await post(callbackUrl('Group.CallbackAfterNewMemberJoin', { RequestTime: String(t), Sign: sign(t) }))).status, 200);
      }
      assert.equal(calls.length, 2);
    });

    const bodies = [
      ['a body that is not JSON', '{"GroupId": ', /not JSON/],
      ['a JSON array', '[{"GroupId":"g"}]', /not a JSON object/],
      ['JSON null', 'null', /not a JSON object/],
      ['bytes that are not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), /not UTF-8/],
      ["a body naming another command than the query's", JSON.stringify({ ...joinBody, CallbackCommand: 'State.StateChange' }), /CallbackCommand is not the query's/],
    ];
    for (const [name, body, info] of bodies) {
      test(name, async () => {
        const { post, calls } = setup();
        const { status, answer } = await post(callbackUrl('Group.CallbackAfterNewMemberJoin'), body);
        assert.equal(status, 400);
        assert.match(answer.ErrorInfo, info);
        assert.equal(calls.length, 0);
      });
    }

    test('a GET', async () => {
      const { handler, calls } = setup();
      const response = await handler(new Request(callbackUrl('Group.CallbackAfterNewMemberJoin')));
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('allow'), 'POST');
      assert.equal(calls.length, 0);
    });

    test('a body past maxBodyBytes: 413, by its Content-Length unread, streamed: cancelled once past the limit', async () => {
      const { post, calls } = setup({}, { maxBodyBytes: 1000 });
      const declared = await post(callbackUrl('Group.CallbackAfterNewMemberJoin'), 'x'.repeat(1001), { headers: { 'content-length': '1001' } });
      assert.equal(declared.status, 413);
      assert.match(declared.answer.ErrorInfo, /larger than 1000 bytes/);
      // An endless stream of 400-byte chunks: reading stops at the third (past 1000 bytes) and cancels the stream.
      let pulled = 0;
      let cancelled = false;
      const endless = new ReadableStream({
        pull(controller) {
          pulled += 1;
          controller.enqueue(new Uint8Array(400).fill(0x20));
        },
        cancel() {
          cancelled = true;
        },
      }, { highWaterMark: 0 });
      const streamed = await post(callbackUrl('Group.CallbackAfterNewMemberJoin'), endless);
      assert.equal(streamed.status, 413);
      assert.equal(cancelled, true);
      assert.equal(pulled, 3);
      // Exactly the limit is read.
      const exact = await post(callbackUrl('Group.CallbackAfterNewMemberJoin'), JSON.stringify(joinBody).padEnd(1000, ' '));
      assert.equal(exact.status, 200);
      assert.equal(calls.length, 1);
    });
  });

  test('options: unknown names and commands refused with a suggestion, `commands` adds names, bad values named', () => {
    const make = (options) => {
      try {
        createCallbackHandler({ sdkAppId: SDKAPPID, token: TOKEN, ...options });
      } catch (error) {
        assert.ok(isChatError(error));
        assert.equal(error.kind, 'invalid-request');
        return [error.field, error.message];
      }
      return 'made';
    };
    assert.deepEqual(make({ appId: 1 }), ['appId', 'appId is not an option; did you mean sdkAppId?']);
    assert.deepEqual(make({ on: { 'Group.CallbackAfterNewMemberJion': () => {} } }), ['on.Group.CallbackAfterNewMemberJion', 'on.Group.CallbackAfterNewMemberJion is not a callback command the service documents; did you mean Group.CallbackAfterNewMemberJoin?']);
    assert.deepEqual(make({ on: { CallbackAfterNewMemberJoin: () => {} } })[1].split('; ')[1], 'did you mean Group.CallbackAfterNewMemberJoin?');
    assert.deepEqual(make({ on: { 'C2C.CallbackBeforeSendMessage': () => {} } })[1].split('; ')[1], 'did you mean C2C.CallbackBeforeSendMsg?');
    assert.match(make({ on: { 'Follow.CallbackAfterFollow': () => {} } })[1], /goes in the commands option/);
    assert.equal(make({ on: { 'Follow.CallbackAfterFollow': () => {} }, commands: ['Follow.CallbackAfterFollow'] }), 'made');
    assert.deepEqual(make({ on: { 'State.StateChange': 'log it' } }), ['on.State.StateChange', 'on.State.StateChange must be a function (payload, context) => answer']);
    assert.equal(make({ token: '' })[0], 'token');
    assert.equal(make({ sdkAppId: '1400000000' })[0], 'sdkAppId');
    assert.equal(make({ maxBodyBytes: 0 })[0], 'maxBodyBytes');
    assert.equal(make({ clock: 1700000000000 })[0], 'clock');
    assert.equal(make({ log: 'stderr' })[0], 'log');
    assert.ok(CALLBACK_COMMANDS.includes('Group.CallbackAfterNewMemberJoin') && CALLBACK_COMMANDS.includes('State.StateChange'));
  });

  describe('as a node:http listener (handler.node)', () => {
    const serve = async (handler) => {
      const server = createServer(handler.node);
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${server.address().port}`;
      return { base, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }) };
    };

    test('a signed callback is handled; a forged one refused', async () => {
      const { handler, calls } = setup();
      const server = await serve(handler);
      try {
        const path = callbackUrl('Group.CallbackAfterNewMemberJoin').replace('https://app.example', server.base);
        const ok = await fetch(path, { method: 'POST', body: JSON.stringify(joinBody) });
        assert.equal(ok.status, 200);
        assert.deepEqual(await ok.json(), OK);
        assert.deepEqual(calls.map((c) => c.payload.NewMemberList), [[{ Member_Account: 'alice' }]]);
        const forged = await fetch(path.replace(/Sign=[0-9a-f]+/, `Sign=${sign(NOW, 'x')}`), { method: 'POST', body: '{}' });
        assert.equal(forged.status, 401);
      } finally {
        await server.close();
      }
    });

    test('a chunked body past the limit is answered 413 and the connection closed', async () => {
      const { handler, calls } = setup({}, { maxBodyBytes: 4096 });
      const server = await serve(handler);
      try {
        const url = new URL(callbackUrl('Group.CallbackAfterNewMemberJoin').replace('https://app.example', server.base));
        const answer = await new Promise((resolve, reject) => {
          const req = httpRequest(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
            let text = '';
            res.on('data', (d) => { text += d; });
            res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, text }));
          });
          req.on('error', reject);
          for (let i = 0; i < 4; i += 1) req.write('x'.repeat(2048));
          req.end();
        });
        assert.equal(answer.status, 413);
        assert.equal(answer.connection, 'close');
        assert.match(JSON.parse(answer.text).ErrorInfo, /larger than 4096 bytes/);
        assert.equal(calls.length, 0);
      } finally {
        await server.close();
      }
    });
  });
});
