// The package as users of other runtimes get it: `npm pack pkg/`, installed by name into a throw-away project, then
// in Node, Deno (--allow-read --allow-net only), Bun and workerd (bundled as wrangler bundles a Worker, run by
// miniflare) each signs a UserSig with the main and the sign-only entry (against the official library's vector),
// checks a callback Sign (the documented vector, and a callback through tencent-chat-admin/callbacks with a Sign
// made here by node:crypto) and pins a conversation at an in-process emulator (seen in its state).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { startEmulator } from '../../emulator/server.mjs';
import { ADMIN, KEY, SDKAPPID, VECTORS } from '../js/helpers.mjs';
import { installInto, pack, ROOT } from '../packed.mjs';
import { runtimeBinary } from './binaries.mjs';
import { bundleWorker, startWorker } from './workerd.mjs';

const vector = VECTORS.cases[0];
// The documented callback Sign vector (reference §4c).
const SIGN_VECTOR = { token: 'xxxxyyyy', requestTime: '1669872112', sign: '17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061' };
const NOW = 1700000000;
const TOKEN = 'callback-token-of-the-test';

/** The configuration of one runtime's check: it pins the group for `user`. */
function config(emulator, user) {
  const query = new URLSearchParams({
    SdkAppid: String(SDKAPPID), CallbackCommand: 'Group.CallbackAfterNewMemberJoin', contenttype: 'json', ClientIP: '127.0.0.1',
    OptPlatform: 'RESTAPI', RequestTime: String(NOW), Sign: createHash('sha256').update(TOKEN + NOW).digest('hex'),
  });
  return {
    gen: { sdkAppId: VECTORS.sdkappid, secretKey: VECTORS.secret_key, identifier: vector.identifier, expire: vector.expire, now: VECTORS.time },
    vector: SIGN_VECTOR,
    callback: {
      token: TOKEN, now: NOW + 30, query: query.toString(),
      body: { CallbackCommand: 'Group.CallbackAfterNewMemberJoin', GroupId: 'announcements', Type: 'Public', JoinType: 'Invited', Operator_Account: ADMIN, NewMemberList: [{ Member_Account: user }], EventTime: NOW * 1000 },
    },
    client: { sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: emulator.url, retry: false },
    pin: { fromAccount: user, conversations: [{ type: 'group', groupId: 'announcements' }] },
  };
}

/** What every runtime must answer for `user`. */
function assertChecked(result, user, emulator) {
  assert.equal(result.sig, vector.zlib_level0_usersig_of_that_json);
  assert.equal(result.signOnlySig, vector.zlib_level0_usersig_of_that_json);
  assert.equal(result.vectorSign, true);
  assert.equal(result.wrongToken, false);
  assert.deepEqual(result.callback, { status: 200, answer: { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' }, forged: 401, joined: [user] });
  assert.equal(result.pin, 'OK');
  assert.deepEqual(emulator.state().pinned[user], [{ Type: 2, GroupId: 'announcements' }]);
}

describe('the installed package in Node, Deno, Bun and workerd', () => {
  let tmp;
  let project;
  let emulator;
  const exec = promisify(execFile);
  const runMain = async (cmd, args, c) => {
    const { stdout } = await exec(cmd, [...args, 'main.mjs', JSON.stringify(c)], { cwd: project, timeout: 120_000, env: { PATH: process.env.PATH, HOME: process.env.HOME, DENO_DIR: join(tmp, 'deno-dir'), NO_COLOR: '1' } });
    return JSON.parse(stdout);
  };

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'tca-runtimes-'));
    const packed = pack(tmp);
    project = installInto(join(tmp, 'app'), join(tmp, packed.filename), { name: 'app', type: 'module' });
    cpSync(join(ROOT, 'tests/runtimes/fixture'), project, { recursive: true });
    emulator = await startEmulator({ demo: false, accounts: ['alice', 'bob', 'carol', 'dave'], log: false });
  });
  after(async () => {
    await emulator?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('Node', async () => {
    assertChecked(await runMain(process.execPath, [], config(emulator, 'alice')), 'alice', emulator);
  });

  test('Deno, with --allow-read --allow-net only', async () => {
    const deno = runtimeBinary('deno');
    assertChecked(await runMain(deno.path, ['run', '--allow-read', '--allow-net'], config(emulator, 'bob')), 'bob', emulator);
  });

  test('Bun', async () => {
    const bun = runtimeBinary('bun');
    assertChecked(await runMain(bun.path, [], config(emulator, 'carol')), 'carol', emulator);
  });

  test('workerd: bundled as wrangler bundles it, the .wasm as CompiledWasm modules, run by miniflare', async () => {
    const bundle = await bundleWorker(join(project, 'worker.mjs'));
    // The Workers entries: each wasm imported as a module (the main and the sign-only one), none fetched by URL.
    assert.deepEqual(bundle.wasm.map((w) => w.path.replace(/^[0-9a-f]+-/, '')).sort(), ['tencent_chat_admin_bg.wasm', 'usersig_bg.wasm']);
    assert.doesNotMatch(bundle.code, /new URL\(["']\.\/tencent_chat_admin_bg\.wasm/);
    const worker = await startWorker(bundle);
    try {
      const response = await worker.dispatchFetch('http://worker.test/', { method: 'POST', body: JSON.stringify(config(emulator, 'dave')) });
      const result = await response.json();
      assert.equal(result.atImport, true);
      assertChecked(result, 'dave', emulator);
    } finally {
      await worker.dispose();
    }
  });

  test('nothing draws a random value or reads the clock while the entries load and a client or handler is made', async () => {
    const trap = `
      const calls = [];
      const watch = (object, name, label) => { const real = object[name]; object[name] = function (...a) { calls.push(label); return real.apply(this, a); }; return () => { object[name] = real; }; };
      const undo = [watch(crypto, 'getRandomValues', 'crypto.getRandomValues'), watch(Math, 'random', 'Math.random'), watch(Date, 'now', 'Date.now'), watch(performance, 'now', 'performance.now')];
      const main = await import('tencent-chat-admin');
      await import('tencent-chat-admin/usersig');
      const { createCallbackHandler } = await import('tencent-chat-admin/callbacks');
      new main.ChatAdmin({ sdkAppId: 1400000000, identifier: 'administrator', secretKey: 'k', endpoint: 'http://127.0.0.1:9' });
      createCallbackHandler({ sdkAppId: 1400000000, token: 't', on: {} });
      undo.forEach((f) => f());
      console.log(JSON.stringify(calls));`;
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', trap], { cwd: project, timeout: 60_000 });
    assert.deepEqual(JSON.parse(stdout), []);
  });

  test('the exports map: a Workers condition for the main and sign-only entries and the callbacks, types first', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules/tencent-chat-admin/package.json'), 'utf8'));
    assert.deepEqual(manifest.exports['.'], { types: './index.d.ts', workerd: './workerd.js', node: './node.js', default: './index.js' });
    assert.deepEqual(manifest.exports['./usersig'], { types: './usersig/index.d.ts', workerd: './usersig/workerd.js', node: './usersig/node.js', default: './usersig/index.js' });
    assert.deepEqual(manifest.exports['./callbacks'], { types: './callbacks/index.d.ts', workerd: './callbacks/workerd.js', node: './callbacks/node.js', default: './callbacks/index.js' });
  });
});
