// Ctrl-C while a command reads stdin that stays open (`ssh … | tencent-chat-admin …`): the read stops at once,
// exit 130, nothing printed on stdout and nothing sent.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useEmulator } from './cases.mjs';
import { cli } from './helpers.mjs';

const suite = useEmulator({ accounts: ['alice', 'bob'] });

/**
 * Runs the command with stdin held open and sends SIGINT once the child is in its read loop: the test writes more
 * than a pipe holds, so the write completes only after the child has read most of it (by then its Ctrl-C handler
 * is set up). Stdin is never closed: without the fix the child waits for the end of stdin and the test times out.
 */
function interruptedWhileReading(args, env) {
  return cli(args, {
    env,
    keepStdinOpen: true,
    onSpawn: (child) => {
      child.stdin.on('error', () => {}); // the child may be gone when the pipe is torn down
      child.stdin.write(Buffer.alloc(4 << 20, 'a'), () => child.kill('SIGINT'));
      child.on('exit', () => child.stdin.destroy());
    },
  });
}

describe('Ctrl-C while reading stdin', () => {
  // The timeout only turns a hang (the bug) into a failure; nothing here asserts how long anything took.
  test('usersig decode, accounts check --file -, request BODY -: exit 130, nothing on stdout, nothing sent', { timeout: 120_000 }, async () => {
    const { emu, env } = suite;
    const count = emu.state().requestCount;
    for (const args of [['usersig', 'decode'], ['usersig', 'verify', '-'], ['accounts', 'check', '--file', '-'], ['request', 'v4/im_open_login_svc/account_check', '-']]) {
      const r = await interruptedWhileReading(args, env);
      assert.equal(r.code, 130, `${args.join(' ')}: ${r.signal} ${r.stderr}`);
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, /^tencent-chat-admin: interrupted \(Ctrl-C\); nothing was done\n$/, args.join(' '));
    }
    assert.equal(emu.state().requestCount, count);
  });
});
