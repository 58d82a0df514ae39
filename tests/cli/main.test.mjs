// The command line's frame: help, unknown commands and flags, exit codes, credentials never taken as flags.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KEY, cli } from './helpers.mjs';

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
  });

  test('a secret key as a flag is refused (exit 2), saying why, and is not echoed', async () => {
    const r = await cli(['pin', '--from', 'alice', '--c2c', 'bob', '--secret-key', KEY, '--sdk-app-id', '1400000000', '--identifier', 'administrator', '--endpoint', 'http://127.0.0.1:9']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--secret-key is refused: .*shows in ps and in the shell history.*TENCENT_CHAT_SECRET_KEY/s);
    assert.ok(!r.stderr.includes(KEY) && !r.stdout.includes(KEY));
  });
});
