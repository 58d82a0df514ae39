// The command line: the first line, flags, the log on stderr (and the settings for tencent-chat-admin), clean stop
// on SIGTERM/SIGINT; the demo, --no-demo and --conversations FILE. (How fast it starts is
// not a test: `npm run bench` measures the package's cold start; deadlines here only turn a hang into a failure.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { until } from '../js/helpers.mjs';
import { ADMIN_SIG, KEY, PIN, c2c, call, codeOf, makeSig, pinBody } from './helpers.mjs';

const SERVER = fileURLToPath(new URL('../../emulator/server.mjs', import.meta.url));
const LIMITS = { timeout: 60_000 };
const DEADLINE_MS = 20_000;

/** Spawns the emulator and resolves once its first stdout line is out (or rejects after DEADLINE_MS). */
async function spawnEmulator(args) {
  const child = spawn(process.execPath, [SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  const exited = once(child, 'exit');
  const firstLine = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no first line; stderr: ${output.stderr}`)), DEADLINE_MS);
    const check = () => {
      if (!output.stdout.includes('\n')) return;
      clearTimeout(timer);
      resolve(output.stdout.split('\n')[0]);
    };
    child.stdout.on('data', check);
    exited.then(() => reject(new Error(`exited early; stderr: ${output.stderr}`)), () => {});
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  const url = firstLine.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0];
  const stop = async (signal = 'SIGTERM') => {
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
    const [code, killedBy] = await exited;
    clearTimeout(timer);
    return { code, killedBy };
  };
  return { firstLine, emulator: { url }, output, stop };
}

/** Runs the command to its end (for flags that exit at once). */
async function runToEnd(args) {
  const child = spawn(process.execPath, [SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: DEADLINE_MS });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'exit');
  return { code, stdout, stderr };
}

test('prints its URL first, logs to stderr without the usersig, stops on SIGTERM', LIMITS, async () => {
  const run = await spawnEmulator(['--port', '0']);
  try {
    assert.match(run.firstLine, /^tencent-chat emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(await codeOf(run.emulator, PIN, pinBody('administrator', [{ Type: 2, GroupId: 'g1' }])), 0);
  } finally {
    assert.deepEqual(await run.stop('SIGTERM'), { code: 0, killedBy: null });
  }
  assert.match(run.output.stderr, /POST \/v4\/recentcontact\/top\?.*usersig=<redacted>.* -> 200 0 /);
  assert.ok(!run.output.stderr.includes(ADMIN_SIG));
  assert.ok(!run.output.stdout.includes(KEY));
  // The public demo key appears once: in the settings to paste for the command line, nowhere in the log.
  const settings = `export TENCENT_CHAT_ENDPOINT=${run.emulator.url} TENCENT_CHAT_SDK_APP_ID=1400000000 TENCENT_CHAT_IDENTIFIER=administrator TENCENT_CHAT_SECRET_KEY=${KEY}\n`;
  assert.ok(run.output.stderr.includes(`[emulator] the command line (tencent-chat-admin) against it, in another terminal:\n${settings}`), run.output.stderr);
  assert.equal(run.output.stderr.split(KEY).length, 2, 'the demo key once');
});

test('a key given with --secret-key never appears: the settings it prints leave it to the user', LIMITS, async () => {
  const run = await spawnEmulator(['--secret-key', 'my-own-key-0123', '--admin', 'root']);
  assert.equal((await run.stop()).code, 0);
  assert.ok(!run.output.stderr.includes('my-own-key-0123'));
  assert.ok(!run.output.stdout.includes('my-own-key-0123'));
  assert.ok(run.output.stderr.includes(`export TENCENT_CHAT_ENDPOINT=${run.emulator.url} TENCENT_CHAT_SDK_APP_ID=1400000000 TENCENT_CHAT_IDENTIFIER=root   # and TENCENT_CHAT_SECRET_KEY: the key given with --secret-key\n`), run.output.stderr);
});

test('stops on SIGINT too, even with a connection open', LIMITS, async () => {
  const run = await spawnEmulator([]);
  await fetch(`${run.emulator.url}/__emulator/state`); // leaves a keep-alive connection
  assert.deepEqual(await run.stop('SIGINT'), { code: 0, killedBy: null });
});

test('--sdkappid, --secret-key, --admin, --accounts, --rate-limit, --no-cors, --quiet', LIMITS, async () => {
  const args = ['--sdkappid', '1400000042', '--secret-key', 'my-key', '--admin', 'root', '--accounts', 'alice,bob'];
  const run = await spawnEmulator([...args, '--rate-limit', '2', '--no-cors', '--quiet']);
  try {
    const query = { sdkappid: '1400000042', identifier: 'root', usersig: makeSig({ id: 'root', sdkAppId: 1400000042, key: 'my-key' }) };
    const { json, headers } = await call(run.emulator, PIN, pinBody('alice', [c2c('bob')]), { query });
    assert.equal(json.ErrorCode, 0);
    assert.equal(headers.get('access-control-allow-origin'), null);
    assert.equal(await codeOf(run.emulator, PIN, {}), 60006, 'the default app is not served');
    // The limit is set, and applied: bursts of six calls at once until one gets 60007. (Six calls span at most two
    // one-second windows, and so have a third call in one, unless they take seconds; the limit's windows are tested
    // against a given clock in control.test.mjs.)
    assert.equal((await (await fetch(`${run.emulator.url}/__emulator/state`)).json()).rateLimit, 2);
    const burst = () => Promise.all(Array.from({ length: 6 }, () => codeOf(run.emulator, PIN, {}, { query })));
    await until(async () => (await burst()).includes(60007), 'a call over the rate limit (60007)');
  } finally {
    assert.equal((await run.stop()).code, 0);
  }
  assert.equal(run.output.stderr, '');
});

test('--help prints the usage; a bad option exits 1 with a message', LIMITS, async () => {
  const help = await runToEnd(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: tencent-chat-emulator \[options\]/, 'the command names itself as users run it');
  assert.doesNotMatch(help.stdout, /server\.mjs/);
  for (const args of [['--nope'], ['--port', 'abc'], ['--rate-limit', '-3'], ['--sdkappid', '0']]) {
    const bad = await runToEnd(args);
    assert.equal(bad.code, 1, args.join(' '));
    assert.match(bad.stderr, /^emulator: /);
  }
});

/** The state of the emulator started by `args` (then stopped). */
async function stateOf(args) {
  const run = await spawnEmulator([...args, '--quiet']);
  try {
    return await (await fetch(`${run.emulator.url}/__emulator/state`)).json();
  } finally {
    assert.equal((await run.stop()).code, 0);
  }
}

test('with no options it starts with the demo (as startEmulator() does); --no-demo without; --conversations FILE; --groups FILE', LIMITS, async () => {
  const { startEmulator } = await import('../../emulator/server.mjs');
  const inProcess = await startEmulator();
  const { requests: _sent, ...expected } = inProcess.state();
  await inProcess.close();
  const { requests: _none, ...demo } = await stateOf([]);
  assert.deepEqual(demo, expected);
  assert.deepEqual(demo.accounts.map((a) => a.UserID), ['administrator', 'alice', 'bob', 'carol', 'dave']);
  assert.equal(demo.conversations.alice.length, 6);

  const bare = await stateOf(['--no-demo', '--accounts', 'zed']);
  assert.deepEqual([bare.accounts, bare.conversations], [[{ UserID: 'administrator' }, { UserID: 'zed' }], {}]);

  const dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
  try {
    const file = join(dir, 'lists.json');
    const zedList = [{ Type: 1, To_Account: 'alice', MsgTime: 1700000500 }, { Type: 2, GroupId: 'g1', MsgTime: 0, NoMessages: true }];
    writeFileSync(file, JSON.stringify({ zed: zedList, alice: [{ Type: 1, To_Account: 'bob', MsgTime: 1700000900 }] }));
    const own = await stateOf(['--accounts', 'zed', '--conversations', file]);
    assert.deepEqual(own.conversations.zed, zedList);
    assert.deepEqual(own.conversations.alice, [{ Type: 1, To_Account: 'bob', MsgTime: 1700000900 }, ...demo.conversations.alice.slice(1)], "the file's item replaces the demo's");
    const groupsFile = join(dir, 'groups.json');
    writeFileSync(groupsFile, JSON.stringify([{ groupId: '@TGS#_town', type: 'Community', owner: 'zed', members: ['yan'] }]));
    const withGroups = await stateOf(['--groups', groupsFile]);
    assert.deepEqual(withGroups.groups, { ...demo.groups, '@TGS#_town': { Type: 'Community', Name: '@TGS#_town', Owner_Account: 'zed', MemberNum: 2 } });
    assert.ok(withGroups.accounts.some((a) => a.UserID === 'yan'), 'a member is imported');
    const refused = [
      [['--groups', (writeFileSync(join(dir, 'g.json'), '[{"groupId": "g", "members": [1]}]'), join(dir, 'g.json'))], /^emulator: .*groups\[0\]: g: members\[0\] must be a UserID/],
      [['--groups', join(dir, 'nope.json')], /^emulator: --groups .*nope\.json: no such file\n$/],
      [['--no-demo', '--accounts', 'zed', '--conversations', file], /^emulator: .*conversations: alice is not imported at start: add it to accounts \(--accounts\)/],
      [['--conversations', join(dir, 'missing.json')], /^emulator: --conversations .*missing\.json: no such file\n$/],
      [['--conversations', (writeFileSync(join(dir, 'bad.json'), '{"alice": ['), join(dir, 'bad.json'))], /^emulator: --conversations .*bad\.json is not JSON /],
      [['--conversations', (writeFileSync(join(dir, 'list.json'), '[]'), join(dir, 'list.json'))], /conversations must be an object \{ UserID: \[conversation\] \}/],
      [['--conversations', (writeFileSync(join(dir, 'item.json'), '{"alice": [{"Type": 1, "To_Account": "bob"}]}'), join(dir, 'item.json'))], /conversations\.alice: conversations\[0\]: MsgTime must be Unix seconds/],
    ];
    for (const [args, message] of refused) {
      const run = await runToEnd(args);
      assert.equal(run.code, 1, args.join(' '));
      assert.match(run.stderr, message, args.join(' '));
      assert.equal(run.stdout, '');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
