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
import { ChatAdmin } from '../../pkg/node.js';

const root = new URL('../../', import.meta.url).pathname;
const KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';
const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((code) => /(from|require\() ?'tencent-chat-admin'/.test(code));

let emu;
let dir;
before(async () => {
  emu = await startEmulator({ demo: false, accounts: ['alice', 'bob', 'carol'], log: false });
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
  assert.equal(blocks.length, 11);
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

test('a group pinned for its members: filters, the report, the admins listed', async () => {
  await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' });
  const members = [
    { account: 'alice', role: 'Owner', joinTime: 1690000000 },
    { account: 'bob', role: 'Admin', joinTime: 1700000100 },
    { account: 'carol', role: 'Member', joinTime: 1699999999 },
  ];
  const seeded = await fetch(`${emu.url}/__emulator/groups`, { method: 'POST', body: JSON.stringify({ groupId: 'announcements', owner: 'alice', members }) });
  assert.equal(seeded.ok, true);
  const out = await run(blocks[3], 3);
  assert.match(out, /^(1\/1\n)+3 1 0 2\nbob admin 2023-11-14T22:15:00.000Z\n$/);
  assert.deepEqual(Object.keys(emu.state().pinned), ['bob']);
});

test("the emulator example: the package's own emulator, as a user imports it", async () => {
  assert.equal(await run(blocks[10], 10), "[ { Type: 1, To_Account: 'bob' } ]\n");
});

test('conversations: the list lazily, a page, a delete', async () => {
  // Without the pins of the examples before (a pin adds a conversation the user has not got to the list).
  await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' });
  emu.seedConversations('alice', [
    { Type: 1, To_Account: 'bob', MsgTime: 1700000300 }, { Type: 2, GroupId: 'old-project', MsgTime: 1700000200 },
    { Type: 2, GroupId: 'team', MsgTime: 1700000100 }, { Type: 1, To_Account: 'carol', MsgTime: 1700000000, NoMessages: true },
  ]);
  const admin = new ChatAdmin({ sdkAppId: 1400000000, identifier: 'administrator', secretKey: KEY, endpoint: emu.url });
  await admin.pinConversations({ fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }] });
  const out = await run(blocks[4], 4);
  assert.equal(out, 'c2c bob true\ngroup old-project false\n3 true\n');
  const listed = emu.state().conversations.alice.map((c) => c.To_Account ?? c.GroupId);
  assert.deepEqual(listed.sort(), ['bob', 'carol', 'team'], 'old-project deleted');
});

test('conversation groups and marks', async () => {
  assert.equal(await run(blocks[5], 5), 'true job 2\n[ 0 ]\n');
  const contacts = emu.state().contacts.alice;
  assert.deepEqual(contacts.groups, [], 'the example deletes its group');
  assert.ok(contacts.conversations.length > 0, 'the mark stays');
});

test('accounts: import, check, kick, delete', async () => {
  assert.equal(await run(blocks[6], 6), "[ 'dave', 'erin' ] []\ndave:true nobody:false\n[ 0, 70107 ]\n");
  const state = emu.state();
  assert.deepEqual(state.kicks.map((k) => k.UserID ?? k), ['dave']);
  assert.ok(state.accounts.some((a) => a.UserID === 'dave' || a.userId === 'dave') && !state.accounts.some((a) => a.UserID === 'erin' || a.userId === 'erin'));
});

test('request(): any endpoint, the answer as parsed', async () => {
  const [item] = JSON.parse(await run(blocks[7], 7));
  assert.equal(item.UserID, 'alice');
  assert.equal(item.AccountStatus, 'Imported');
});

test('callback signatures: the reference vector', async () => {
  assert.equal(await run(blocks[8], 8), 'true\n');
});

test('PrivateMapKey: the room and privileges it grants, read back', async () => {
  assert.equal(await run(blocks[9], 9), "10000 [ 'enterRoom', 'receiveAudio', 'receiveVideo' ]\n");
});
