// examples/pin-on-join end to end, as its users run it: the example's files with the packed package installed by name,
// the emulator sending its callbacks. A member is added by REST (add_group_member), the emulator posts
// Group.CallbackAfterNewMemberJoin (signed), the example's handler pins the group for the member, and the member's
// conversation list (get_list) shows it pinned: once with the Node server (server.mjs in a child process), once with
// the Worker (worker.js bundled as wrangler does, in workerd by miniflare, listening on a port).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator } from '../../emulator/server.mjs';
import { ChatAdmin } from '../../pkg/node.js';
import { ADMIN, KEY, SDKAPPID, until } from '../js/helpers.mjs';
import { installInto, pack, ROOT } from '../packed.mjs';
import { bundleWorker, startWorker } from './workerd.mjs';

const TOKEN = 'pin-on-join-test-token';

describe('examples/pin-on-join against the emulator', () => {
  let tmp;
  let project;
  let emulator;
  let admin;
  const children = [];

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'tca-pin-on-join-'));
    const packed = pack(tmp);
    project = join(tmp, 'pin-on-join');
    cpSync(join(ROOT, 'examples/pin-on-join'), project, { recursive: true, filter: (src) => !src.endsWith('package.json') });
    installInto(project, join(tmp, packed.filename), { name: 'pin-on-join', type: 'module' });
    emulator = await startEmulator({
      demo: false, accounts: ['alice', 'bob', 'carol', 'dave'], log: false,
      groups: [{ groupId: 'announcements', type: 'Public', name: 'Announcements', owner: ADMIN, members: ['alice'] }],
    });
    admin = new ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: emulator.url, retry: false });
  });
  after(async () => {
    for (const child of children) child.kill();
    await emulator?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const control = async (path, body) => {
    const response = await fetch(`${emulator.url}/__emulator/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
    const answer = await response.json();
    assert.equal(answer.ok, true, JSON.stringify(answer));
    return answer;
  };
  /** The example's settings, pointed at the emulator. */
  const settings = () => ({ TENCENT_CHAT_SDK_APP_ID: String(SDKAPPID), TENCENT_CHAT_IDENTIFIER: ADMIN, TENCENT_CHAT_SECRET_KEY: KEY, TENCENT_CHAT_CALLBACK_TOKEN: TOKEN, TENCENT_CHAT_ENDPOINT: emulator.url });
  /** server.mjs in a child process: its URL once it listens. */
  async function startServer() {
    const child = spawn(process.execPath, ['server.mjs'], { cwd: project, env: { PATH: process.env.PATH, ...settings(), PORT: '0' } });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    return until(() => /listening on (http:\S+)/.exec(out)?.[1], 'server.mjs listening');
  }

  /** Points the emulator's callbacks at `url`, adds `member` by REST, and checks the callback, the pin and get_list. */
  async function joinAndSee(member, url) {
    await control('callback-config', { url, token: TOKEN });
    const added = await admin.request('group_open_http_svc/add_group_member', { GroupId: 'announcements', MemberList: [{ Member_Account: member }] });
    assert.deepEqual(added.MemberList, [{ Member_Account: member, Result: 1 }]);
    const record = await until(async () => (await control('callbacks')).callbacks.find((c) => c.body.NewMemberList?.[0]?.Member_Account === member), `the callback for ${member}`);
    assert.equal(record.command, 'Group.CallbackAfterNewMemberJoin');
    assert.equal(record.status, 200);
    assert.deepEqual(record.answer, { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
    const page = await admin.getConversationPage({ fromAccount: member });
    assert.deepEqual(page.conversations.filter((c) => c.pinned).map((c) => [c.type, c.groupId]), [['group', 'announcements']]);
  }

  test('the Node server (server.mjs)', async () => {
    const url = await startServer();
    await joinAndSee('bob', `${url}/`);
  });

  test('the Worker (worker.js) in workerd', async () => {
    const bundle = await bundleWorker(join(project, 'worker.js'));
    const worker = await startWorker(bundle, { bindings: settings(), host: '127.0.0.1', port: 0 });
    try {
      const url = await worker.ready;
      await joinAndSee('carol', url.href);
    } finally {
      await worker.dispose();
    }
  });

  test('a callback that fails (a wrong token: refused 401) does not change the REST call, and pins nothing', async () => {
    const url = await startServer();
    await control('callback-config', { url: `${url}/`, token: 'not the token' });
    const added = await admin.request('group_open_http_svc/add_group_member', { GroupId: 'announcements', MemberList: [{ Member_Account: 'dave' }] });
    assert.deepEqual(added.MemberList, [{ Member_Account: 'dave', Result: 1 }]);
    const record = await until(async () => (await control('callbacks')).callbacks.find((c) => c.body.NewMemberList?.[0]?.Member_Account === 'dave'), 'the callback for dave');
    assert.equal(record.status, 401);
    assert.equal(record.answer.ActionStatus, 'FAIL');
    assert.equal(emulator.state().pinned.dave, undefined);
  });
});
