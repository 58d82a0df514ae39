// `pin` and `unpin`: the emulator's state changes in the order the flags were given; the service's refusals exit
// 1, usage errors 2 naming the flag (nothing sent), Ctrl-C 130.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { beforeEach, describe, test } from 'node:test';
import { assertUsageErrors, useEmulator } from './cases.mjs';
import { cli, emulatorEnv } from './helpers.mjs';

const suite = useEmulator({ accounts: ['alice', 'bob'] });
let emu;
let env;
beforeEach(async () => {
  ({ emu, env } = suite);
  await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' });
});

describe('pin and unpin', () => {
  test('pin: the conversations in the order the repeated flags give them, and a short line', async () => {
    const r = await cli(['pin', '--from', 'alice', '--group', 'g1', '--c2c', 'bob', '--group=g2'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'pinned for alice: group g1, c2c bob, group g2\n');
    assert.equal(r.stderr, '');
    assert.deepEqual(emu.state().pinned.alice, [{ Type: 2, GroupId: 'g1' }, { Type: 1, To_Account: 'bob' }, { Type: 2, GroupId: 'g2' }]);
  });

  test('unpin --json: the result object, and the pin is gone', async () => {
    await cli(['pin', '--from', 'alice', '--c2c', 'bob', '--group', 'g1'], { env });
    const r = await cli(['unpin', '--json', '--from', 'alice', '--c2c', 'bob'], { env });
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(result.actionStatus, 'OK');
    assert.equal(result.errorCode, 0);
    assert.equal(result.attempts, 1);
    assert.match(result.requestId, /^emu-/);
    assert.deepEqual(emu.state().pinned.alice, [{ Type: 2, GroupId: 'g1' }]);
  });

  test('an account that is not imported: exit 1 with service 50001 on stderr, nothing on stdout', async () => {
    const r = await cli(['pin', '--from', 'alice', '--c2c', 'nobody'], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^tencent-chat-admin: service 50001: .*nobody/);
    assert.equal(r.stdout, '');
    assert.equal(emu.state().pinned.alice, undefined);
  });

  test("a conversation the package refuses is named by its flag, and nothing is sent (2)", async () => {
    const long = 'x'.repeat(33);
    const r = await cli(['pin', '--from', 'alice', '--group', 'g1', '--c2c', long], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^tencent-chat-admin: --c2c #2 "x{33}": conversations\[1\]\.toAccount must be at most 32 bytes/);
    const twice = await cli(['pin', '--from', 'alice', '--c2c', 'bob', '--c2c', 'bob'], { env });
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /^tencent-chat-admin: --c2c #2 "bob": conversations\[1\] repeats conversations\[0\]/);
    const from = await cli(['pin', '--from', '', '--c2c', 'bob'], { env });
    assert.equal(from.code, 2);
    assert.match(from.stderr, /^tencent-chat-admin: --from: fromAccount must not be empty/);
    assert.equal(emu.state().requestCount, 0);
  });

  test('usage errors exit 2 naming the flag: unknown, given twice, missing, an argument', async () => {
    const cases = [
      [['--from', 'alice', '--gruop', 'g1'], /unknown flag --gruop/],
      [['--from', 'alice', '--from', 'bob', '--c2c', 'bob'], /--from is given twice; give it once/],
      [['--c2c', 'bob'], /missing --from ID/],
      [['--from', 'alice'], /missing --c2c PEER or --group GROUP_ID/],
      [['--from', 'alice', '--c2c', 'bob', 'carol'], /unexpected argument 1 \(this command takes no arguments\)/],
      [['--from', 'alice', '--c2c', 'bob', '--timeout-ms', 'soon'], /--timeout-ms must be a whole number/],
    ];
    await assertUsageErrors(['pin'], cases, env);
    assert.equal(emu.state().requestCount, 0);
  });

  test('Ctrl-C while the call waits for its answer: exit 130, and the pin may already have been applied', async () => {
    // A server that takes the call and never answers: the child is interrupted once the call has arrived.
    let arrived;
    const request = new Promise((resolve) => (arrived = resolve));
    const silent = createServer(() => arrived());
    await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${silent.address().port}`;
      const r = await cli(['pin', '--from', 'alice', '--c2c', 'bob'], {
        env: emulatorEnv(url),
        onSpawn: (child) => request.then(() => child.kill('SIGINT')),
      });
      assert.equal(r.code, 130);
      assert.equal(r.stderr, 'tencent-chat-admin: interrupted (Ctrl-C) while waiting for the answer: the pin may already have been applied; run tencent-chat-admin conversations --from alice to see, or run the pin again (it is safe to repeat)\n');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  test('--help: usage, flags and the connection, exit 0', async () => {
    for (const name of ['pin', 'unpin']) {
      const r = await cli([name, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`^Usage: tencent-chat-admin ${name} --from ID \\(--c2c PEER \\| --group GROUP_ID\\)\\.\\.\\.`));
      assert.match(r.stdout, /--json/);
      assert.match(r.stdout, /Connection \(flags, or the environment\):/);
    }
  });
});
