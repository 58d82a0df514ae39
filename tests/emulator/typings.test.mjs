// pkg-template/emulator.d.ts: the seeding API and the state's new fields type-check under --strict as documented,
// and the @ts-expect-error lines prove wrong shapes are refused.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

const USAGE = `
import { startEmulator, type EmulatorSeedConversation, type EmulatorState } from './emulator';
const seeds: EmulatorSeedConversation[] = [
  { Type: 1, To_Account: 'bob', MsgTime: 1700000000 },
  { Type: 2, GroupId: 'g1', MsgTime: 0, NoMessages: true },
];
export async function use(): Promise<void> {
  const emulator = await startEmulator({ demo: false, accounts: ['alice'], pageSize: 2, conversations: { alice: seeds } });
  emulator.seedConversations('alice', seeds);
  const state: EmulatorState = emulator.state();
  const times: number[] = state.conversations.alice.map((c) => c.MsgTime);
  const groupIds: number[] = state.contacts.alice.groups.map((g) => g.GroupId);
  const marks: string[] = state.contacts.alice.conversations.map((c) => c.StandardMark + c.CustomMark);
  const kicked: string[] = state.kicks;
  emulator.seedGroup({ groupId: '@TGS#_town', type: 'Community', owner: 'alice', members: ['bob', { account: 'carol', role: 'Admin', joinTime: 1 }] });
  const memberNum: number = state.groups.announcements.MemberNum;
  const stop: () => void = emulator.onGroupEvent((e) => {
    const joined: string[] = e.event === 'join' ? e.members : [];
    void joined;
  });
  stop();
  // @ts-expect-error: a role is Owner, Admin or Member
  emulator.seedGroup({ groupId: 'g', members: [{ account: 'bob', role: 'Boss' }] });
  // @ts-expect-error: not a group type
  await startEmulator({ groups: [{ groupId: 'g', type: 'Club', members: [] }] });
  // @ts-expect-error: a group is GroupId in seeds, not ToGroupId
  emulator.seedConversations('alice', [{ Type: 2, ToGroupId: 'g1', MsgTime: 1 }]);
  // @ts-expect-error: MsgTime is required
  emulator.seedConversations('alice', [{ Type: 1, To_Account: 'bob' }]);
  // @ts-expect-error: pageSize is a number
  await startEmulator({ pageSize: '3' });
  // @ts-expect-error: demo is a boolean
  await startEmulator({ demo: 'off' });
  void [times, groupIds, marks, kicked, memberNum];
  await emulator.close();
}
`;

test('emulator.d.ts: seeding and the state type-check with --strict', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-types-'));
  try {
    copyFileSync(join(root, 'pkg-template/emulator.d.ts'), join(dir, 'emulator.d.ts'));
    writeFileSync(join(dir, 'usage.ts'), USAGE);
    const args = ['--noEmit', '--strict', '--target', 'ES2022', '--module', 'ESNext', '--moduleResolution', 'bundler', join(dir, 'usage.ts')];
    let output = '';
    try {
      execFileSync(join(root, 'node_modules/.bin/tsc'), args, { encoding: 'utf8', timeout: 60_000 });
    } catch (error) {
      output = `${error.stdout}${error.stderr}`;
    }
    assert.equal(output, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
