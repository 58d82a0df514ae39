// What the commands read from files and stdin: UTF-8 only (anything else is a usage error naming the file and
// line, and nothing is sent), a byte order mark at the start dropped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertUsageErrors, useEmulator, useTempDir } from './cases.mjs';
import { KEY, SDKAPPID, cli } from './helpers.mjs';

const suite = useEmulator({ accounts: ['alice', 'bob'] });
const temp = useTempDir('cli-input-');
const file = (name, data) => temp.file(name, data);
/** "al\xffice": 0xff is never UTF-8. */
const BAD = Buffer.from([0x61, 0x6c, 0xff, 0x69, 0x63, 0x65]);
const lines = (...parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));

describe('input that is not UTF-8', () => {
  test('accounts from stdin or a file: the line is named, no account made, nothing sent', async () => {
    const { emu, env } = suite;
    const count = emu.state().requestCount;
    for (const [args, input, message] of [
      [['--file', '-'], lines(BAD, '\n'), /^tencent-chat-admin: --file - \(stdin\) line 1: not UTF-8 text\n/],
      [['--file', file('bad.txt', lines('carol\n\n', BAD, '\n'))], undefined, /^tencent-chat-admin: --file \S+bad\.txt line 3: not UTF-8 text\n/],
    ]) {
      const r = await cli(['accounts', 'import', ...args], { env, input });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    assert.equal(emu.state().requestCount, count);
    assert.deepEqual(emu.state().accounts.map((a) => a.UserID).sort(), ['administrator', 'alice', 'bob'].sort());
  });

  test('a request BODY from stdin, and a --secret-key-file: named; nothing sent or signed', async () => {
    const { emu, env } = suite;
    const count = emu.state().requestCount;
    const body = await cli(['request', 'v4/im_open_login_svc/account_check', '-'], { env, input: lines('{"CheckItem":[{"UserID":"', BAD, '"}]}') });
    assert.equal(body.code, 2);
    assert.match(body.stderr, /^tencent-chat-admin: BODY \(stdin\) line 1: not UTF-8 text\n/);
    const key = file('key', lines(KEY.slice(0, 10), Buffer.from([0xc3]), '\n'));
    const { TENCENT_CHAT_SECRET_KEY: _, ...noKey } = env;
    await assertUsageErrors(['pin', '--from', 'alice', '--c2c', 'bob'], [[['--secret-key-file', key], /^tencent-chat-admin: --secret-key-file \S+key line 1: not UTF-8 text\n/]], noKey);
    await assertUsageErrors(['usersig', 'gen', '--user', 'alice'], [[['--secret-key-file', key], /--secret-key-file \S+key line 1: not UTF-8 text\n/]],
      { TENCENT_CHAT_SDK_APP_ID: String(SDKAPPID) });
    assert.equal(emu.state().requestCount, count);
  });
});

describe('a byte order mark', () => {
  test('at the start of a BODY (stdin) or an accounts file is dropped', async () => {
    const { env } = suite;
    const r = await cli(['request', 'v4/im_open_login_svc/account_check', '-'], { env, input: '\ufeff{"CheckItem":[{"UserID":"alice"}]}' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).ResultItem[0].AccountStatus, 'Imported');
    const check = await cli(['accounts', 'check', '--file', file('bom.txt', '\ufeffalice\n'), '--json'], { env });
    assert.equal(check.code, 0, check.stderr);
    assert.deepEqual(JSON.parse(check.stdout), [{ userId: 'alice', imported: true, code: 0, info: '' }]);
  });
});
