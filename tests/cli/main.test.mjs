// The command line's frame: help, unknown commands and flags, exit codes, credentials never taken as flags.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEmulator } from '../../emulator/server.mjs';
import { officialSig } from '../official.mjs';
import { KEY, cli, emulatorEnv } from './helpers.mjs';

describe('tencent-chat-admin (the command line)', () => {
  test('--help lists every command and exits 0; no command is a usage error (2)', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    for (const c of ['usersig', 'pin', 'unpin', 'bulk', 'conversations', 'accounts', 'request']) assert.match(help.stdout, new RegExp(`^  ${c}\\b`, 'm'));
    const none = await cli([]);
    assert.equal(none.code, 2);
  });

  test('an unknown command exits 2 and suggests the nearest', async () => {
    const r = await cli(['pinn']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "pinn"; did you mean pin\?/);
    assert.equal(r.stdout, '');
    const notAWord = await cli(['Pin1']);
    assert.match(notAWord.stderr, /^tencent-chat-admin: the first argument is an unknown command; run/);
    assert.ok(!notAWord.stderr.includes('Pin1'));
  });

  test('--user-sig is refused with advice for the command: stdin for usersig verify and decode', async () => {
    for (const sub of ['verify', 'decode']) {
      const r = await cli(['usersig', sub, '--user-sig=SECRETVALUE']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`--user-sig is refused: .* Give the UserSig on stdin: \\.\\.\\. \\| tencent-chat-admin usersig ${sub} \\(or < FILE\\)\n`));
      assert.ok(!r.stderr.includes('TENCENT_CHAT_USER_SIG') && !r.stderr.includes('SECRETVALUE'));
    }
    const pin = await cli(['pin', '--from', 'a', '--user-sig', 'SECRETVALUE']);
    assert.match(pin.stderr, /--user-sig is refused: .*Set TENCENT_CHAT_USER_SIG, or use --user-sig-file PATH/);
  });

  test('a secret key as a flag is refused (exit 2), saying why, and is not echoed', async () => {
    const r = await cli(['pin', '--from', 'alice', '--c2c', 'bob', '--secret-key', KEY, '--sdk-app-id', '1400000000', '--identifier', 'administrator', '--endpoint', 'http://127.0.0.1:9']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--secret-key is refused: .*shows in ps and in the shell history.*TENCENT_CHAT_SECRET_KEY/s);
    assert.ok(!r.stderr.includes(KEY) && !r.stdout.includes(KEY));
  });
});

describe('every command', () => {
  test('the main help aligns what each command does in one column', async () => {
    const { stdout } = await cli(['--help']);
    const lines = stdout.split('\n').filter((line) => /^ {2}(usersig|pin|unpin|bulk|conversations|accounts|request) /.test(line));
    assert.equal(lines.length, 7);
    const columns = new Set(lines.map((line) => /^ {2}\S.*? {2,}(?=\S)/.exec(line)[0].length));
    assert.equal(columns.size, 1, lines.join('\n'));
  });

  test('no help line is wider than 120 columns', async () => {
    const helps = [[], ['usersig'], ['accounts'], ...['gen', 'verify', 'decode'].map((s) => ['usersig', s]),
      ...['import', 'check', 'delete'].map((s) => ['accounts', s]), ['pin'], ['unpin'], ['conversations'], ['request']];
    for (const args of helps) {
      const { stdout } = await cli([...args, '--help']);
      for (const line of stdout.split('\n')) assert.ok(line.length <= 120, `${args.join(' ')} --help: ${line.length} columns: ${line}`);
    }
  });

  test('--help on each command (bulk aside) prints its usage on stdout and exits 0; --version too', async () => {
    for (const command of ['usersig', 'pin', 'unpin', 'conversations', 'accounts', 'request']) {
      const r = await cli([command, '--help']);
      assert.equal(r.code, 0, command);
      assert.match(r.stdout, new RegExp(`^Usage: tencent-chat-admin ${command} `), command);
      assert.equal(r.stderr, '');
    }
    const version = await cli(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  });
});

describe('secrets', () => {
  let emu;
  before(async () => {
    emu = await startEmulator({ accounts: ['alice', 'bob'] });
  });
  after(() => emu.close());

  test('no output of any command holds the secret key or a UserSig (usersig gen stdout aside)', async () => {
    const userSig = officialSig({ expire: 3600 });
    const expired = officialSig({ expire: 60, timeSec: 1700000000 });
    const withKey = emulatorEnv(emu.url);
    const withSig = emulatorEnv(emu.url, { TENCENT_CHAT_SECRET_KEY: '', TENCENT_CHAT_USER_SIG: userSig });
    const runs = [
      [['pin', '--from', 'alice', '--c2c', 'bob'], withKey],
      [['pin', '--from', 'alice', '--c2c', 'nobody', '--json'], withKey],
      [['pin', '--from', 'alice', '--c2c', 'bob'], withSig],
      [['pin', '--from', 'alice', '--c2c', 'nobody'], withSig],
      [['pin', '--from', 'alice', '--c2c', 'bob'], { ...withSig, TENCENT_CHAT_USER_SIG: expired }],
      [['pin', '--from', 'alice', '--c2c', 'bob'], { ...withSig, TENCENT_CHAT_SDK_APP_ID: '1400000001' }],
      [['pin', '--from', 'alice', '--c2c', 'bob', '--bad'], withKey],
      [['pin', '--from', 'alice', '--c2c', 'bob'], { ...withSig, TENCENT_CHAT_ENDPOINT: 'http://127.0.0.1:9' }],
      [['conversations', '--from', 'alice'], withSig],
      [['accounts', 'check', 'alice', '--json'], withKey],
      [['accounts', 'delete', 'nobody', '--yes'], withSig],
      [['request', 'v4/im_open_login_svc/account_check', '{"CheckItem":[{"UserID":"alice"}]}'], withKey],
      [['request', 'v4/im_open_login_svc/account_check'], withSig],
      [['usersig', 'gen', '--user', 'alice', '--expire', 'x'], withKey],
      [['usersig', 'verify', userSig], withKey],
      [['usersig', 'verify', '--user', 'bob', userSig], withKey],
      [['usersig', 'verify', '-', '--user', 'bob'], withKey, userSig],
      [['usersig', 'verify', expired], withKey],
      [['usersig', 'decode', userSig], {}],
      [['usersig', 'decode', `${userSig.slice(0, 40)}`], {}],
      // A key or a UserSig given as an extra argument, or where the command or sub-command goes.
      [['usersig', 'gen', '--user', 'alice', KEY], withKey],
      [['usersig', 'verify', '-', userSig], withKey, userSig],
      [['usersig', 'verify', userSig, KEY], withKey],
      [['usersig', 'decode', userSig, userSig], {}],
      [['pin', '--from', 'alice', '--c2c', 'bob', KEY], withKey],
      [['conversations', '--from', 'alice', userSig], withSig],
      [['request', 'v4/im_open_login_svc/account_check', '{}', KEY], withKey],
      [['request', 'v4/im_open_login_svc/account_check', '-', userSig], withKey, '{}'],
      [['accounts', 'check', '--file', '-', KEY], withKey, 'alice\n'],
      [[KEY], {}],
      [[userSig], {}],
      [['usersig', KEY], withKey],
      [['accounts', userSig], withKey],
    ];
    for (const [args, env, input] of runs) {
      const r = await cli(args, { env, input });
      // Not even a part: the first 12 characters of each secret appear nowhere.
      for (const secret of [KEY, userSig, expired]) {
        const part = secret.slice(0, 12);
        assert.ok(!r.stdout.includes(part) && !r.stderr.includes(part), `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      }
    }
    const unknown = await cli([KEY]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^tencent-chat-admin: the first argument is an unknown command; run tencent-chat-admin --help for the list\n/);
    const extra = await cli(['usersig', 'decode', userSig, userSig]);
    assert.equal(extra.code, 2);
    assert.match(extra.stderr, /^tencent-chat-admin: unexpected argument 2 \(it takes at most 1: USERSIG\)\n/);
    const gen = await cli(['usersig', 'gen', '--user', 'alice'], { env: withKey });
    assert.ok(!gen.stdout.includes(KEY) && !gen.stderr.includes(KEY) && gen.stderr === '');
  });
});
