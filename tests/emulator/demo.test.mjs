// The demo an emulator starts with (`npm start`, the `tencent-chat-emulator` command and startEmulator() alike):
// the accounts and conversation lists, written out here by hand; `demo: false` for an empty start; lists given
// with `conversations` added to the demo's. The command line's side is in cli.test.mjs, npm start's in
// tests/scripts/start.test.mjs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startEmulator } from '../../emulator/server.mjs';
import { answer, recent } from './helpers.mjs';

const c2c = (To_Account, MsgTime) => ({ Type: 1, To_Account, MsgTime });
const group = (GroupId, MsgTime) => ({ Type: 2, GroupId, MsgTime });
const DEMO_LISTS = {
  alice: [
    c2c('bob', 1700000000),
    group('announcements', 1699996400),
    c2c('carol', 1699992800),
    group('release-crew', 1699913600),
    c2c('dave', 1699827200),
    { ...group('support', 0), NoMessages: true },
  ],
  bob: [c2c('alice', 1700000000), group('announcements', 1699996400)],
  carol: [c2c('alice', 1699992800), group('announcements', 1699996400), { ...group('support', 0), NoMessages: true }],
  dave: [c2c('alice', 1699827200), group('release-crew', 1699913600)],
};
const ACCOUNTS = ['administrator', 'alice', 'bob', 'carol', 'dave'].map((UserID) => ({ UserID }));

async function withEmulator(options, use) {
  const emu = await startEmulator(options);
  try {
    return await use(emu);
  } finally {
    await emu.close();
  }
}

test('startEmulator() starts with the demo: four accounts and their lists, the same after a reset', () =>
  withEmulator(undefined, async (emu) => {
    assert.deepEqual(emu.state().accounts, ACCOUNTS);
    assert.deepEqual(emu.state().conversations, DEMO_LISTS);
    assert.deepEqual(emu.state().pinned, {});
    const body = '{"From_Account":"alice","TimeStamp":0,"StartIndex":0,"TopTimeStamp":0,"TopStartIndex":0,"AssistFlags":7}';
    const first = await answer(emu, recent('get_list'), body);
    assert.deepEqual(first.SessionItem.map((c) => c.To_Account ?? c.GroupId), ['bob', 'announcements', 'carol']);
    emu.seedConversations('bob', [c2c('zed', 1)]);
    await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' });
    assert.deepEqual(emu.state().conversations, DEMO_LISTS);
  }));

test('demo: false starts with the admin and what is given only', () =>
  withEmulator({ demo: false, accounts: ['zed'] }, (emu) => {
    assert.deepEqual(emu.state().accounts, [{ UserID: 'administrator' }, { UserID: 'zed' }]);
    assert.deepEqual(emu.state().conversations, {});
  }));

test('accounts and conversations given are added to the demo (an item of the same conversation replaces its)', () =>
  withEmulator({ accounts: ['zed', 'bob'], conversations: { zed: [c2c('alice', 5)], alice: [c2c('bob', 7), group('g1', 9)] } }, (emu) => {
    assert.deepEqual(emu.state().accounts, [...ACCOUNTS, { UserID: 'zed' }]);
    const { alice, zed, ...others } = emu.state().conversations;
    assert.deepEqual(alice, [c2c('bob', 7), ...DEMO_LISTS.alice.slice(1), group('g1', 9)]);
    assert.deepEqual(zed, [c2c('alice', 5)]);
    assert.deepEqual(others, { bob: DEMO_LISTS.bob, carol: DEMO_LISTS.carol, dave: DEMO_LISTS.dave });
  }));

test('demo must be a boolean; without the demo, lists of the demo users are refused (not imported)', async () => {
  await assert.rejects(startEmulator({ demo: 'no' }), /emulator option demo must be a boolean/);
  await assert.rejects(startEmulator({ demo: false, conversations: { alice: [] } }), /conversations: alice is not imported at start/);
});
