// The callbacks the emulator sends for group changes made through the REST API (emulator/callbacks.mjs), received by
// a node:http server of the test: the query (SdkAppid, CallbackCommand, contenttype, ClientIP, OptPlatform, Sign,
// RequestTime), the Sign checked against the documented vector and computed here with node:crypto, the body of each
// command written out by hand, and a failing callback URL leaving the REST answer unchanged.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, beforeEach, test } from 'node:test';
import { parseCli } from '../../emulator/options.mjs';
import { startEmulator } from '../../emulator/server.mjs';
import { answer, control, okWith, SDKAPPID, start } from './helpers.mjs';

const svc = (command) => `/v4/group_open_http_svc/${command}`;
// The documented vector (reference §4c): token xxxxyyyy, RequestTime 1669872112.
const VECTOR = { token: 'xxxxyyyy', requestTime: 1669872112, sign: '17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061' };
const NOW_MS = VECTOR.requestTime * 1000 + 999;
const OK = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };

/** The app's server: records each request; `answer(req)` (default the OK envelope) or `hold` decides the reply. */
const received = [];
let reply = () => ({ status: 200, body: JSON.stringify(OK) });
let held = [];
const app = createServer((req, res) => {
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => { text += chunk; });
  req.on('end', () => {
    const url = new URL(req.url, 'http://app.test');
    received.push({ method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), contentType: req.headers['content-type'], body: JSON.parse(text) });
    const send = () => {
      const { status, body } = reply(req);
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    };
    if (reply === HOLD) held.push(send);
    else send();
  });
});
const HOLD = () => ({ status: 200, body: JSON.stringify(OK) });

let appUrl;
let emu;
before(async () => {
  await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${app.address().port}/chat/callback`;
  emu = await start({
    accounts: ['alice', 'bob', 'carol', 'dave'], clock: () => NOW_MS, callbackUrl: appUrl, callbackToken: VECTOR.token,
    groups: [{ groupId: 'seeded', type: 'Public', name: 'Seeded', owner: 'alice', members: ['bob'] }],
  });
});
beforeEach(async () => {
  await control(emu, 'reset', {});
  received.length = 0;
  reply = () => ({ status: 200, body: JSON.stringify(OK) });
  held = [];
});
after(async () => {
  await emu.close();
  app.close();
});

/** The callbacks received once every one sent has its answer. */
async function settled() {
  await emu.callbacksSettled();
  return received;
}

test('each callback carries the documented query; Sign is SHA-256(token + RequestTime) (the vector, and node:crypto)', async () => {
  await answer(emu, svc('add_group_member'), { GroupId: 'seeded', MemberList: [{ Member_Account: 'carol' }] });
  const [callback] = await settled();
  assert.equal(callback.method, 'POST');
  assert.equal(callback.path, '/chat/callback');
  assert.equal(callback.contentType, 'application/json');
  assert.deepEqual(callback.query, {
    SdkAppid: String(SDKAPPID), CallbackCommand: 'Group.CallbackAfterNewMemberJoin', contenttype: 'json', ClientIP: '127.0.0.1',
    OptPlatform: 'RESTAPI', Sign: VECTOR.sign, RequestTime: String(VECTOR.requestTime),
  });
  assert.equal(createHash('sha256').update(`${VECTOR.token}${VECTOR.requestTime}`).digest('hex'), VECTOR.sign);
});

test('another token and time: the Sign follows them (computed here with node:crypto); no token, no Sign or RequestTime', async () => {
  const clock = { ms: 1_700_000_123_456 };
  const other = await startEmulator({ demo: false, log: false, accounts: ['bob'], clock: () => clock.ms, callbackUrl: `${appUrl}?app=1`, callbackToken: 'an0ther-t0ken' });
  try {
    await other.seedGroup({ groupId: 'g', owner: 'bob', members: [] });
    await answer(other, svc('destroy_group'), { GroupId: 'g' });
    await other.callbacksSettled();
    const [signed] = received.splice(0);
    assert.equal(signed.query.app, '1', 'the query of the URL given is kept');
    assert.equal(signed.query.RequestTime, '1700000123');
    assert.equal(signed.query.Sign, createHash('sha256').update('an0ther-t0ken1700000123').digest('hex'));
    const config = await control(other, 'callback-config', { url: appUrl });
    assert.deepEqual(config.json, { ok: true, url: appUrl });
    await other.seedGroup({ groupId: 'g', owner: 'bob', members: [] });
    await answer(other, svc('destroy_group'), { GroupId: 'g' });
    await other.callbacksSettled();
    const [unsigned] = received.splice(0);
    assert.deepEqual(Object.keys(unsigned.query).sort(), ['CallbackCommand', 'ClientIP', 'OptPlatform', 'SdkAppid', 'contenttype']);
  } finally {
    await other.close();
  }
});

test('the body of each command: create, join, exit (Kicked), destroyed; EventTime in ms; seeding sends nothing', async () => {
  await control(emu, 'groups', { groupId: 'quiet', owner: 'alice', members: ['bob'] });
  await answer(emu, svc('create_group'), { Owner_Account: 'alice', Type: 'Private', Name: 'Crew', GroupId: 'crew', MemberList: [{ Member_Account: 'bob' }] });
  await answer(emu, svc('add_group_member'), { GroupId: 'crew', MemberList: [{ Member_Account: 'carol' }, { Member_Account: 'dave' }, { Member_Account: 'bob' }] });
  await answer(emu, svc('delete_group_member'), { GroupId: 'crew', MemberToDel_Account: ['bob', 'nobody'] });
  await answer(emu, svc('destroy_group'), { GroupId: 'crew' });
  const callbacks = await settled();
  const list = (...accounts) => accounts.map((Member_Account) => ({ Member_Account }));
  const EventTime = NOW_MS;
  assert.deepEqual(callbacks.map((c) => c.body), [
    { CallbackCommand: 'Group.CallbackAfterCreateGroup', GroupId: 'crew', Type: 'Private', Operator_Account: 'administrator', Owner_Account: 'alice', Name: 'Crew', MemberList: list('alice', 'bob'), EventTime },
    { CallbackCommand: 'Group.CallbackAfterNewMemberJoin', GroupId: 'crew', Type: 'Private', JoinType: 'Invited', Operator_Account: 'administrator', NewMemberList: list('carol', 'dave'), EventTime },
    { CallbackCommand: 'Group.CallbackAfterMemberExit', GroupId: 'crew', Type: 'Private', ExitType: 'Kicked', Operator_Account: 'administrator', ExitMemberList: list('bob'), EventTime },
    { CallbackCommand: 'Group.CallbackAfterGroupDestroyed', GroupId: 'crew', Type: 'Private', Owner_Account: 'alice', Name: 'Crew', MemberList: list('alice', 'carol', 'dave'), EventTime },
  ]);
  assert.deepEqual(callbacks.map((c) => c.query.CallbackCommand), callbacks.map((c) => c.body.CallbackCommand));
  const records = (await control(emu, 'callbacks')).json;
  assert.equal(records.url, appUrl);
  assert.deepEqual(records.callbacks.map((r) => [r.command, r.groupId, r.status, r.answer, r.error, r.requestTime]), callbacks.map((c) => [c.body.CallbackCommand, 'crew', 200, OK, null, VECTOR.requestTime]));
  assert.deepEqual(emu.callbacks(), records.callbacks);
});

test('a callback that fails (refused, a 500 that is not JSON, nobody listening) or is still unanswered never changes the REST answer', async () => {
  const add = (account) => answer(emu, svc('add_group_member'), { GroupId: 'seeded', MemberList: [{ Member_Account: account }] });
  const added = (account) => okWith({ MemberList: [{ Member_Account: account, Result: 1 }] });
  reply = () => ({ status: 401, body: JSON.stringify({ ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: 'wrong Sign' }) });
  assert.deepEqual(await add('carol'), added('carol'));
  await emu.callbacksSettled();
  reply = () => ({ status: 500, body: 'oops' });
  assert.deepEqual(await add('dave'), added('dave'));
  await emu.callbacksSettled();
  reply = HOLD;
  assert.deepEqual(await answer(emu, svc('delete_group_member'), { GroupId: 'seeded', MemberToDel_Account: ['dave'] }), okWith(), 'answered while the callback waits');
  for (const deadline = Date.now() + 20_000; held.length === 0;) {
    assert.ok(Date.now() < deadline, 'the held callback never arrived');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  held.shift()();
  await emu.callbacksSettled();
  const closed = createServer();
  await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const deadUrl = `http://127.0.0.1:${closed.address().port}/`;
  await new Promise((resolve) => closed.close(resolve));
  await control(emu, 'callback-config', { url: deadUrl, token: 't' });
  assert.deepEqual(await add('dave'), added('dave'));
  await emu.callbacksSettled();
  assert.deepEqual(emu.callbacks().map((r) => [r.status, r.answer, r.error === null ? null : typeof r.error]), [
    [401, { ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: 'wrong Sign' }, null],
    [500, 'oops', null],
    [200, OK, null],
    [null, null, 'string'],
  ]);
  assert.match(emu.callbacks()[3].error, /ECONNREFUSED|fetch failed/);
  assert.deepEqual(emu.state().groups.seeded.MemberNum, 4);
});

test('reset: callbacks still sent, to the URL and token given at start, and the record cleared; callback-config checks its body', async () => {
  await control(emu, 'callback-config', { url: null });
  await answer(emu, svc('add_group_member'), { GroupId: 'seeded', MemberList: [{ Member_Account: 'carol' }] });
  assert.deepEqual(await settled(), [], 'url null: none sent');
  await control(emu, 'reset', {});
  assert.deepEqual((await control(emu, 'callbacks')).json, { ok: true, url: appUrl, callbacks: [] });
  await answer(emu, svc('add_group_member'), { GroupId: 'seeded', MemberList: [{ Member_Account: 'dave' }] });
  const [callback] = await settled();
  assert.deepEqual([callback.body.NewMemberList, callback.query.Sign], [[{ Member_Account: 'dave' }], VECTOR.sign]);
  for (const body of [{}, { url: 'ftp://x/' }, { url: 'not a url' }, { url: appUrl, token: '' }, { url: appUrl, secret: 'x' }]) {
    const refused = await control(emu, 'callback-config', body);
    assert.equal(refused.status, 400, JSON.stringify(body));
    assert.equal(refused.json.ok, false);
  }
  assert.equal((await control(emu, 'callbacks')).json.url, appUrl, 'nothing changed by a refused config');
});

test('the token is in no log line, record or state; each callback is logged in one line', async () => {
  const token = 'tok-SECRET-9f8e';
  const lines = [];
  const other = await startEmulator({ demo: false, log: (line) => lines.push(line), accounts: ['bob'], callbackUrl: appUrl, callbackToken: token });
  try {
    await other.seedGroup({ groupId: 'g', owner: 'bob', members: [] });
    await answer(other, svc('destroy_group'), { GroupId: 'g' });
    await other.callbacksSettled();
    const shown = JSON.stringify([lines, other.callbacks(), other.state(), (await control(other, 'callbacks')).json]);
    assert.doesNotMatch(shown, /tok-SECRET/);
    assert.ok(lines.some((line) => line === '[emulator] callback Group.CallbackAfterGroupDestroyed g → 200 0'), lines.join('\n'));
  } finally {
    await other.close();
  }
});

test('options: callbackUrl must be http(s), callbackToken non-empty; --callback-url and --callback-token', async () => {
  await assert.rejects(startEmulator({ callbackUrl: 'file:///tmp/x' }), /callbackUrl must be an http\(s\) URL/);
  await assert.rejects(startEmulator({ callbackUrl: appUrl, callbackToken: '' }), /callbackToken must be a non-empty string/);
  const cli = parseCli(['--callback-url', 'http://127.0.0.1:9/cb', '--callback-token', 'tk']);
  assert.deepEqual([cli.callbackUrl, cli.callbackToken], ['http://127.0.0.1:9/cb', 'tk']);
});
