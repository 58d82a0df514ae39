// The README's Node examples, run as written against the emulator: each ```js block that imports
// the package runs in a child process (ESM or CJS as it is written), with `region: '…'` pointed at the
// emulator and the demo key in TENCENT_CHAT_SECRET_KEY.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { startEmulator } from '../../emulator/server.mjs';

const root = new URL('../../', import.meta.url).pathname;
const KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';
const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((code) => /(from|require\() ?'tencent-chat-admin'/.test(code));

let emu;
let dir;
before(async () => {
  emu = await startEmulator({ accounts: ['alice', 'bob', 'carol'], log: false });
  dir = mkdtempSync(join(tmpdir(), 'readme-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(root, 'pkg'), join(dir, 'node_modules', 'tencent-chat-admin'), 'dir');
});
after(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(code, index) {
  const file = join(dir, `example${index}.${code.includes('require(') ? 'cjs' : 'mjs'}`);
  writeFileSync(file, code.replace(/region: '[a-z-]+'/g, `endpoint: '${emu.url}'`));
  const env = { ...process.env, TENCENT_CHAT_SECRET_KEY: KEY };
  const { stdout } = await promisify(execFile)(process.execPath, [file], { env, timeout: 20_000 });
  return stdout;
}

test('the README has the Node examples', () => {
  assert.equal(blocks.length, 4);
});

test('ESM: pin, then unpin one', async () => {
  const out = await run(blocks[0], 0);
  assert.match(out, /^pinned emu-/);
  assert.deepEqual(emu.state().pinned.alice, [{ Type: 2, GroupId: 'announcements' }]);
});

test('CommonJS: genUserSig and verifyUserSig', async () => {
  assert.equal(await run(blocks[1], 1), 'alice 86400\n');
});

test('bulk: every user gets the announcements group', async () => {
  const out = await run(blocks[2], 2);
  assert.match(out, /3\/3\n3 0 \[\]\n$/);
  for (const user of ['alice', 'bob', 'carol']) {
    assert.ok(emu.state().pinned[user].some((c) => c.GroupId === 'announcements'), user);
  }
});

test("the emulator example: the package's own emulator, as a user imports it", async () => {
  assert.equal(await run(blocks[3], 3), "[ { Type: 1, To_Account: 'bob' } ]\n");
});
