// `conversations --from ID`: the whole list over several pages (the emulator's page size is 2 here), pinned first,
// as a table or JSON Lines; marks and groups set through the emulator with the official library's UserSig.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, recent, start } from '../emulator/helpers.mjs';
import { assertUsageErrors } from './cases.mjs';
import { cli, emulatorEnv } from './helpers.mjs';

const SEED = [
  { Type: 1, To_Account: 'bob', MsgTime: 1700000000 },
  { Type: 2, GroupId: 'g1', MsgTime: 1700000100 },
  { Type: 2, GroupId: 'g2', MsgTime: 1700000200 },
  { Type: 1, To_Account: 'carol', MsgTime: 1700000300 },
  { Type: 2, GroupId: 'g3', MsgTime: 1700000400 },
  { Type: 2, GroupId: 'g4', MsgTime: 0, NoMessages: true },
  { Type: 1, To_Account: 'dave', MsgTime: 1700000500 },
];

let emu;
let env;
before(async () => {
  const many = Array.from({ length: 40 }, (_, i) => ({ Type: 2, GroupId: `team${i}`, MsgTime: 1700000000 + i }));
  emu = await start({ accounts: ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'], pageSize: 2, conversations: { alice: SEED, frank: many } });
  env = emulatorEnv(emu.url);
  const ok = (answer) => assert.equal(answer.json.ErrorCode, 0, answer.text);
  ok(await call(emu, recent('top'), { From_Account: 'alice', OperationType: 1, RecentContactItem: [{ Type: 2, GroupId: 'g1' }, { Type: 1, To_Account: 'bob' }] }));
  ok(await call(emu, recent('mark_contact'), {
    From_Account: 'alice',
    MarkItem: [{ OptType: 3, ContactItem: { Type: 1, To_Account: 'bob' }, SetMark: [1, 33], CustomMark: 'vip one' }],
  }));
  ok(await call(emu, recent('create_contact_group'), {
    From_Account: 'alice',
    GroupContactItem: [{ GroupName: 'work', ContactItem: [{ Type: 1, To_Account: 'carol' }] }],
  }));
});
after(() => emu.close());

const listCalls = () => emu.state().requests.filter((r) => r.path === recent('get_list')).length;

describe('conversations', () => {
  test('a table of the whole list, pinned first, with marks and groups; several pages fetched', async () => {
    const before = listCalls();
    const r = await cli(['conversations', '--from', 'alice'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, [
      'PINNED  TYPE   PEER/GROUP  LAST MESSAGE          MARKS  CUSTOM MARK  GROUPS',
      'pinned  group  g1          2023-11-14T22:15:00Z',
      'pinned  c2c    bob         2023-11-14T22:13:20Z  1,33   "vip one"',
      '        c2c    dave        2023-11-14T22:21:40Z',
      '        group  g3          2023-11-14T22:20:00Z',
      '        c2c    carol       2023-11-14T22:18:20Z                      1',
      '        group  g2          2023-11-14T22:16:40Z',
      '        group  g4          -',
      '7 conversations, 2 pinned',
      '',
    ].join('\n'));
    assert.ok(listCalls() - before >= 4, 'seven conversations at two a page');
  });

  test('--json: JSON Lines, one conversation a line in list order; --exclude-empty leaves out g4', async () => {
    const r = await cli(['conversations', '--from', 'alice', '--json', '--exclude-empty'], { env });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(lines.map((c) => [c.type, c.toAccount ?? c.groupId, c.msgTime, c.pinned]), [
      ['group', 'g1', 1700000100, true],
      ['c2c', 'bob', 1700000000, true],
      ['c2c', 'dave', 1700000500, false],
      ['group', 'g3', 1700000400, false],
      ['c2c', 'carol', 1700000300, false],
      ['group', 'g2', 1700000200, false],
    ]);
    assert.equal(lines[1].customMark, 'vip one');
    assert.deepEqual(lines[4].groupIds, [1]);
  });

  test('a user without conversations says so; a user not imported exits 1 (service 50001)', async () => {
    const none = await cli(['conversations', '--from', 'erin'], { env });
    assert.equal(none.code, 0, none.stderr);
    assert.equal(none.stdout, 'erin has no conversations\n');
    const json = await cli(['conversations', '--from', 'erin', '--json'], { env });
    assert.equal(json.stdout, '');
    const unknown = await cli(['conversations', '--from', 'nobody'], { env });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^tencent-chat-admin: service 50001: /);
    assert.equal(unknown.stdout, '');
  });

  test('stdout closed by its reader (| head -1) while pages still come: exit 141, quietly', async () => {
    const r = await cli(['conversations', '--from', 'frank', '--json'], {
      env,
      onSpawn: (child) => child.stdout.once('data', () => child.stdout.destroy()),
    });
    assert.equal(r.code, 141);
    assert.equal(r.stderr, '');
  });

  test('usage errors exit 2 and send nothing; --help exits 0', async () => {
    const count = emu.state().requestCount;
    await assertUsageErrors(['conversations'], [
      [[], /missing --from ID/],
      [['--from', 'alice', '--from', 'bob'], /--from is given twice/],
      [['--from', 'alice', 'bob'], /unexpected argument 1 \(this command takes no arguments\)/],
      [['--from', 'alice', '--exclude'], /unknown flag --exclude; did you mean --exclude-empty\?/],
    ], env);
    assert.equal(emu.state().requestCount, count);
    const help = await cli(['conversations', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: tencent-chat-admin conversations --from ID \[--exclude-empty\] \[--json\]/);
    assert.match(help.stdout, /JSON Lines/);
    assert.match(help.stdout, /TENCENT_CHAT_SECRET_KEY/);
  });
});
