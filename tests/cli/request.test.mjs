// `request COMMAND [BODY|-]`: any endpoint, the body from the argument or stdin, the answer as JSON; bad JSON is a
// usage error saying where it breaks, and nothing is sent.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { assertUsageErrors, useEmulator } from './cases.mjs';
import { cli } from './helpers.mjs';

const suite = useEmulator({ accounts: ['alice', 'bob'] });
let emu;
let env;
beforeEach(() => ({ emu, env } = suite));

describe('request', () => {
  test('a body from stdin: the parsed answer as JSON', async () => {
    const body = '{\n  "CheckItem": [{ "UserID": "alice" }, { "UserID": "nobody" }]\n}\n';
    const r = await cli(['request', 'v4/im_open_login_svc/account_check', '-'], { env, input: body });
    assert.equal(r.code, 0, r.stderr);
    const answer = JSON.parse(r.stdout);
    assert.equal(answer.ActionStatus, 'OK');
    assert.deepEqual(answer.ResultItem.map((i) => [i.UserID, i.AccountStatus]), [['alice', 'Imported'], ['nobody', 'NotImported']]);
  });

  test('--json is accepted (the answer is always JSON) and changes nothing', async () => {
    const r = await cli(['request', '--json', 'v4/im_open_login_svc/account_check', '{"CheckItem":[{"UserID":"bob"}]}'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).ResultItem[0].AccountStatus, 'Imported');
  });

  test('a body as the argument (without v4/) changes the state', async () => {
    const body = JSON.stringify({ From_Account: 'alice', OperationType: 1, RecentContactItem: [{ Type: 1, To_Account: 'bob' }] });
    const r = await cli(['request', 'recentcontact/top', body], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).ErrorCode, 0);
    assert.deepEqual(emu.state().pinned.alice, [{ Type: 1, To_Account: 'bob' }]);
  });

  test('a dropped connection: sent once, unless --idempotent says the endpoint is safe to send twice', async () => {
    const SENDMSG = '/v4/openim/sendmsg';
    const drop = (times) => fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ drop: true, times, path: SENDMSG }) });
    const sent = () => emu.state().requests.filter((r) => r.path === SENDMSG).length;
    const body = JSON.stringify({ From_Account: 'alice', To_Account: 'bob', MsgRandom: 1 });
    await drop(4);
    const once = await cli(['request', 'v4/openim/sendmsg', body], { env });
    assert.equal(once.code, 1);
    assert.match(once.stderr, /not retried: it may have been applied/);
    assert.match(once.stderr, /if it is safe to repeat, add --idempotent\)/);
    assert.doesNotMatch(once.stderr, /\{ idempotent: true \}/);
    assert.equal(sent(), 1);
    await fetch(`${emu.url}/__emulator/clear-faults`, { method: 'POST' });
    // Two drops, then the emulator's own answer (it does not emulate sendmsg: 60009): sent three times.
    await drop(2);
    const again = await cli(['request', '--idempotent', 'v4/openim/sendmsg', body], { env });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /60009/);
    assert.equal(sent(), 4);
  });

  test('a FAIL answer (no body: {}) exits 1 with the service code; nothing on stdout', async () => {
    const r = await cli(['request', 'v4/im_open_login_svc/account_check'], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^tencent-chat-admin: service 70402: /);
    assert.equal(r.stdout, '');
  });

  test('bad JSON exits 2 naming the argument and where it breaks; nothing is sent', async () => {
    const count = emu.state().requestCount;
    const arg = await cli(['request', 'v4/im_open_login_svc/account_check', '{"CheckItem": }'], { env });
    assert.equal(arg.code, 2);
    assert.match(arg.stderr, /^tencent-chat-admin: BODY is not JSON: unexpected "}" at line 1, column 15\n/);
    const stdin = await cli(['request', 'v4/im_open_login_svc/account_check', '-'], { env, input: '{\n  "CheckItem": [\n' });
    assert.equal(stdin.code, 2);
    assert.match(stdin.stderr, /^tencent-chat-admin: BODY \(stdin\) is not JSON: it ends too early at line 3, column 1\n/);
    const empty = await cli(['request', 'v4/im_open_login_svc/account_check', '-'], { env, input: '' });
    assert.match(empty.stderr, /BODY \(stdin\) is not JSON: it is empty/);
    assert.equal(emu.state().requestCount, count);
  });

  test('usage errors exit 2: a body that is not an object, a bad command, arguments missing or extra', async () => {
    const count = emu.state().requestCount;
    await assertUsageErrors(['request'], [
      [['v4/a/b', '[1]'], /^tencent-chat-admin: BODY: body must be an object/],
      [['../etc/passwd'], /^tencent-chat-admin: COMMAND: command must be 'service\/command'/],
      [[], /^tencent-chat-admin: missing COMMAND/],
      [['v4/a/b', '{}', '{}'], /unexpected argument 3 \(it takes at most 2: COMMAND BODY\)/],
    ], env);
    assert.equal(emu.state().requestCount, count);
    const help = await cli(['request', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: tencent-chat-admin request COMMAND \[BODY\|-\]/);
    assert.match(help.stdout, /TENCENT_CHAT_ENDPOINT/);
  });
});
