// Conversation groups and marks: create/update/del/get/search_contact_group and mark_contact, with their limits.
// Expected answers are fixed JSON worked out by hand from the reference (§4) and the emulator's README.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { answer, codeOf, control, okWith, recent, start } from './helpers.mjs';

const CREATE = recent('create_contact_group');
const UPDATE = recent('update_contact_group');
const DEL = recent('del_contact_group');
const GET = recent('get_contact_group');
const SEARCH = recent('search_contact_group');
const MARK = recent('mark_contact');

let emu;
let nowMs; // the emulator's clock: Timestamp in the answers is this in seconds
before(async () => {
  nowMs = Math.floor(Date.now() / 1000) * 1000;
  emu = await start({ accounts: ['alice', 'bob'], clock: () => nowMs });
});
beforeEach(() => control(emu, 'reset', {}));
after(() => emu.close());

const U = (id) => ({ Type: 1, To_Account: id });
const G = (id) => ({ Type: 2, ToGroupId: id });
const done = (item) => ({ ContactItem: item, ResultCode: 0, ResultInfo: '' });
const ZERO = '0'.repeat(64);
const createBody = (name, items) => ({ From_Account: 'alice', GroupContactItem: [{ GroupName: name, ContactItem: items }] });
const membersBody = (name, changes) => ({
  From_Account: 'alice',
  UpdateType: 1,
  UpdateGroup: { UpdateGroupType: 2, OldGroupName: name, ContactUpdateItem: changes.map(([op, item]) => ({ ContactOptType: op, ContactItem: item })) },
});

test('create_contact_group: GroupId 1, 2, … and a ResultItem per conversation', async () => {
  const raw = '{"From_Account":"alice","GroupContactItem":[{"GroupName":"work","ContactItem":[{"Type":1,"To_Account":"bob"},{"Type":2,"ToGroupId":"g1"}]}]}';
  assert.deepEqual(
    await answer(emu, CREATE, raw),
    okWith({ GroupResultItem: [{ GroupItem: { GroupName: 'work', GroupId: 1 }, ResultItem: [done(U('bob')), done(G('g1'))] }] }),
  );
  assert.deepEqual(
    await answer(emu, CREATE, createBody('family', [U('carol'), U('bob')])),
    okWith({ GroupResultItem: [{ GroupItem: { GroupName: 'family', GroupId: 2 }, ResultItem: [done(U('carol')), done(U('bob'))] }] }),
  );
});

test('get_contact_group pages the grouped and marked conversations with NextStartIndex; every group on each page', async () => {
  await codeOf(emu, CREATE, createBody('work', [U('bob'), G('g1')]));
  await codeOf(emu, CREATE, createBody('family', [U('carol'), U('bob'), U('dave')]));
  const t = nowMs / 1000;
  const groups = [{ GroupName: 'work', GroupId: 1 }, { GroupName: 'family', GroupId: 2 }];
  const item = (base, ids) => ({ ...base, StandardMark: ZERO, CustomMark: '', ContactGroupId: ids, Timestamp: t });
  assert.deepEqual(
    await answer(emu, GET, '{"From_Account":"alice","StartIndex":0}'),
    okWith({ ContactItem: [item(U('bob'), [1, 2]), item(G('g1'), [1]), item(U('carol'), [2])], GroupItem: groups, CompleteFlag: 0, NextStartIndex: 3 }),
  );
  assert.deepEqual(
    await answer(emu, GET, '{"From_Account":"alice","StartIndex":3}'),
    okWith({ ContactItem: [item(U('dave'), [2])], GroupItem: groups, CompleteFlag: 1, NextStartIndex: 4 }),
  );
  assert.deepEqual(
    await answer(emu, GET, '{"From_Account":"bob","StartIndex":0}'),
    okWith({ ContactItem: [], GroupItem: [], CompleteFlag: 1, NextStartIndex: 0 }),
  );
});

test('update_contact_group: rename, then add and remove members', async () => {
  await codeOf(emu, CREATE, createBody('work', [U('bob'), G('g1')]));
  const rename = '{"From_Account":"alice","UpdateType":1,"UpdateGroup":{"UpdateGroupType":1,"OldGroupName":"work","NewGroupName":"job"}}';
  assert.deepEqual(
    await answer(emu, UPDATE, rename),
    okWith({ UpdateType: 1, UpdateGroupResult: { UpdateGroupType: 1, GroupName: 'job', GroupId: 1, OldGroupName: 'work', ContactResultItem: [] } }),
  );
  assert.deepEqual(
    await answer(emu, UPDATE, membersBody('job', [[1, U('dave')], [2, U('bob')], [2, G('never-in')]])),
    okWith({
      UpdateType: 1,
      UpdateGroupResult: {
        UpdateGroupType: 2,
        GroupName: 'job',
        GroupId: 1,
        OldGroupName: 'job',
        ContactResultItem: [{ ContactOptType: 1, ...done(U('dave')) }, { ContactOptType: 2, ...done(U('bob')) }, { ContactOptType: 2, ...done(G('never-in')) }],
      },
    }),
  );
  const { contacts } = (await control(emu, 'state')).json;
  assert.deepEqual(contacts.alice.groups, [{ GroupName: 'job', GroupId: 1 }]);
  assert.deepEqual(contacts.alice.conversations.map((c) => [c.To_Account ?? c.ToGroupId, c.ContactGroupId]), [['g1', [1]], ['dave', [1]]]);
});

test('del_contact_group answers the deleted group and takes it off its conversations; IDs are not reused', async () => {
  await codeOf(emu, CREATE, createBody('work', [U('bob')]));
  await codeOf(emu, CREATE, createBody('family', [U('bob')]));
  assert.deepEqual(await answer(emu, DEL, '{"From_Account":"alice","GroupName":["work"]}'), okWith({ GroupItem: [{ GroupName: 'work', GroupId: 1 }] }));
  assert.equal(await codeOf(emu, CREATE, createBody('work', [U('carol')])), 0);
  const { contacts } = (await control(emu, 'state')).json;
  assert.deepEqual(contacts.alice.groups, [{ GroupName: 'family', GroupId: 2 }, { GroupName: 'work', GroupId: 3 }]);
  assert.deepEqual(contacts.alice.conversations.map((c) => c.ContactGroupId), [[2], [3]]);
});

test('search_contact_group: the extended items asked for, and the groups they are in', async () => {
  await codeOf(emu, CREATE, createBody('work', [U('bob')]));
  await codeOf(emu, CREATE, createBody('family', [G('g1')]));
  await codeOf(emu, CREATE, createBody('other', [U('carol')]));
  const raw = '{"From_Account":"alice","ContactItem":[{"Type":1,"To_Account":"bob"},{"Type":2,"ToGroupId":"g1"},{"Type":1,"To_Account":"nobody"}]}';
  const t = nowMs / 1000;
  assert.deepEqual(
    await answer(emu, SEARCH, raw),
    okWith({
      ContactResultItem: [
        { ...U('bob'), StandardMark: ZERO, CustomMark: '', ContactGroupId: [1], Timestamp: t },
        { ...G('g1'), StandardMark: ZERO, CustomMark: '', ContactGroupId: [2], Timestamp: t },
        { ...U('nobody'), StandardMark: ZERO, CustomMark: '', ContactGroupId: [], Timestamp: 0 },
      ],
      GroupItem: [{ GroupName: 'work', GroupId: 1 }, { GroupName: 'family', GroupId: 2 }],
    }),
  );
});

test('mark_contact: standard bits set and cleared, custom mark set and cleared, per-item results', async () => {
  const raw =
    '{"From_Account":"alice","MarkItem":[' +
    '{"OptType":1,"ContactItem":{"Type":1,"To_Account":"bob"},"SetMark":[0,3,63]},' +
    '{"OptType":2,"ContactItem":{"Type":2,"ToGroupId":"g1"},"CustomMark":"star"},' +
    '{"OptType":3,"ContactItem":{"Type":1,"To_Account":"bob"},"SetMark":[5],"ClearMark":[3],"CustomMark":"x"}]}';
  assert.deepEqual(
    await answer(emu, MARK, raw),
    okWith({ ResultItem: [{ OptType: 1, ...done(U('bob')) }, { OptType: 2, ...done(G('g1')) }, { OptType: 3, ...done(U('bob')) }] }),
  );
  let { contacts } = (await control(emu, 'state')).json;
  assert.deepEqual(contacts.alice.conversations, [
    { ...U('bob'), StandardMark: `1${'0'.repeat(57)}100001`, CustomMark: 'x', ContactGroupId: [], Timestamp: nowMs / 1000 },
    { ...G('g1'), StandardMark: ZERO, CustomMark: 'star', ContactGroupId: [], Timestamp: nowMs / 1000 },
  ]);
  const clear = { From_Account: 'alice', MarkItem: [{ OptType: 3, ContactItem: U('bob'), ClearMark: [0, 5, 63], CustomMark: '' }] };
  assert.equal(await codeOf(emu, MARK, clear), 0);
  ({ contacts } = (await control(emu, 'state')).json);
  assert.deepEqual(contacts.alice.conversations.map((c) => c.ToGroupId), ['g1'], 'bob has no mark left');
});

test('50002 for parameter errors, the other group-field spellings included; 50001 for a user not imported', async () => {
  const cases = [
    [CREATE, createBody('work', [{ Type: 2, GroupId: 'g1' }])],
    [CREATE, createBody('work', [{ Type: 2, ToGroupid: 'g1' }])],
    [CREATE, createBody('work', [])],
    [CREATE, createBody('', [U('bob')])],
    [CREATE, createBody('x'.repeat(33), [U('bob')])],
    [CREATE, { From_Account: 'alice', GroupContactItem: [createBody('a', [U('bob')]).GroupContactItem[0], createBody('b', [U('bob')]).GroupContactItem[0]] }],
    [UPDATE, { ...membersBody('work', [[1, U('bob')]]), UpdateType: 2 }],
    [UPDATE, membersBody('work', [[3, U('bob')]])],
    [UPDATE, membersBody('work', [])],
    [UPDATE, { From_Account: 'alice', UpdateType: 1, UpdateGroup: { UpdateGroupType: 1, OldGroupName: 'work' } }],
    [DEL, { From_Account: 'alice', GroupName: 'work' }],
    [DEL, { From_Account: 'alice', GroupName: ['work', 'family'] }],
    [GET, { From_Account: 'alice' }],
    [GET, { From_Account: 'alice', StartIndex: -1 }],
    [SEARCH, { From_Account: 'alice', ContactItem: [] }],
    [SEARCH, { From_Account: 'alice', ContactItem: [{ Type: 2, GroupId: 'g1' }] }],
    [MARK, { From_Account: 'alice', MarkItem: [{ OptType: 1, ContactItem: U('bob') }] }],
    [MARK, { From_Account: 'alice', MarkItem: [{ OptType: 1, ContactItem: U('bob'), SetMark: [64] }] }],
    [MARK, { From_Account: 'alice', MarkItem: [{ OptType: 2, ContactItem: U('bob') }] }],
    [MARK, { From_Account: 'alice', MarkItem: [{ OptType: 2, ContactItem: U('bob'), CustomMark: 'x'.repeat(257) }] }],
    [MARK, { From_Account: 'alice', MarkItem: [{ OptType: 4, ContactItem: U('bob'), CustomMark: 'x' }] }],
    [MARK, { From_Account: 'alice', MarkItem: [{ OptType: 2, ContactItem: G('g1'), CustomMark: 'x' }, { OptType: 2, ContactItem: { Type: 2, GroupId: 'g1' }, CustomMark: 'x' }] }],
  ];
  for (const [path, body] of cases) assert.equal(await codeOf(emu, path, body), 50002, `${path} ${JSON.stringify(body)}`);
  assert.equal((await control(emu, 'state')).json.requestCount, cases.length);
  assert.deepEqual((await control(emu, 'state')).json.contacts, {}, 'nothing changed');
  for (const path of [CREATE, GET, SEARCH]) {
    const body = { ...createBody('work', [U('bob')]), StartIndex: 0, ContactItem: [U('bob')], From_Account: 'zoe' };
    assert.equal(await codeOf(emu, path, body), 50001, path);
  }
});

test('group names: 32 bytes is the maximum, 20 groups a user, a taken or unknown name is 50002', async () => {
  assert.equal(await codeOf(emu, CREATE, createBody('é'.repeat(16), [U('bob')])), 0);
  assert.equal(await codeOf(emu, CREATE, createBody('é'.repeat(16) + 'x', [U('bob')])), 50002);
  assert.equal(await codeOf(emu, CREATE, createBody('é'.repeat(16), [U('carol')])), 50002, 'taken');
  for (let i = 2; i <= 20; i++) assert.equal(await codeOf(emu, CREATE, createBody(`g${i}`, [U('bob')])), 0);
  assert.equal(await codeOf(emu, CREATE, createBody('g21', [U('bob')])), 50002, 'the 21st group');
  assert.equal(await codeOf(emu, DEL, { From_Account: 'alice', GroupName: ['nope'] }), 50002);
  assert.equal(await codeOf(emu, UPDATE, membersBody('nope', [[1, U('bob')]])), 50002);
  const rename = (to) => ({ From_Account: 'alice', UpdateType: 1, UpdateGroup: { UpdateGroupType: 1, OldGroupName: 'g2', NewGroupName: to } });
  assert.equal(await codeOf(emu, UPDATE, rename('g3')), 50002, 'a taken new name');
  assert.equal(await codeOf(emu, DEL, { From_Account: 'alice', GroupName: ['g2'] }), 0);
  assert.equal(await codeOf(emu, CREATE, createBody('g21', [U('bob')])), 0, 'room again after a delete');
});

test('search takes 300 items, mark 100; the 1001st grouped or marked conversation gets ResultCode 51008', async () => {
  const users = (n, from = 0) => Array.from({ length: n }, (_, i) => U(`u${from + i}`));
  assert.equal(await codeOf(emu, SEARCH, { From_Account: 'alice', ContactItem: users(300) }), 0);
  assert.equal(await codeOf(emu, SEARCH, { From_Account: 'alice', ContactItem: users(301) }), 50002);
  const marks = (list) => ({ From_Account: 'alice', MarkItem: list.map((item) => ({ OptType: 2, ContactItem: item, CustomMark: 'm' })) });
  assert.equal(await codeOf(emu, MARK, marks(users(101))), 50002);
  for (let i = 0; i < 9; i++) assert.equal(await codeOf(emu, MARK, marks(users(100, i * 100))), 0);
  // u0..u899 are marked; u850..u899 are already tracked, u900..u999 fill the 1000; u1000 and u1001 do not fit.
  const json = await answer(emu, CREATE, createBody('big', users(152, 850)));
  const codes = json.GroupResultItem[0].ResultItem.map((r) => r.ResultCode);
  assert.deepEqual(codes, [...Array(150).fill(0), 51008, 51008]);
  assert.equal(json.GroupResultItem[0].ResultItem[150].ResultInfo, 'over the limit of 1000 conversations grouped or marked');
  const more = await answer(emu, MARK, marks([U('u0'), U('u1000')]));
  assert.deepEqual(more.ResultItem.map((r) => r.ResultCode), [0, 51008], 'a tracked conversation may still change');
  const unmark = { From_Account: 'alice', MarkItem: [{ OptType: 2, ContactItem: U('u1'), CustomMark: '' }] };
  assert.equal((await answer(emu, MARK, unmark)).ResultItem[0].ResultCode, 0);
  assert.equal((await answer(emu, MARK, marks([U('u1000')]))).ResultItem[0].ResultCode, 0, 'room for one after a clear');
});
