// recentcontact/get_list and recentcontact/delete, and seeding conversations (option, control route, method).
// Expected answers are fixed JSON worked out by hand from the emulator's reading of the reference (README).
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { startEmulator } from '../../emulator/server.mjs';
import { ADMIN, answer, c2c, codeOf, control, group, makeSig, okWith, pinBody, PIN, recent, start } from './helpers.mjs';

const LIST = recent('get_list');
const DELETE = recent('delete');

// Newest first: bob 500, dave 400, then three at 300 (ties by key: c2c:carol, group:g1, group:g2), g3 (no
// messages) 100, erin 50. dave is not imported: a conversation's peer need not be.
const SEEDS = [
  { Type: 2, GroupId: 'g1', MsgTime: 300 },
  { Type: 1, To_Account: 'erin', MsgTime: 50 },
  { Type: 1, To_Account: 'bob', MsgTime: 500 },
  { Type: 2, GroupId: 'g3', MsgTime: 100, NoMessages: true },
  { Type: 1, To_Account: 'carol', MsgTime: 300 },
  { Type: 2, GroupId: 'g2', MsgTime: 300 },
  { Type: 1, To_Account: 'dave', MsgTime: 400 },
];

let emu;
before(async () => {
  emu = await start({ accounts: ['alice', 'bob', 'carol', 'erin'], conversations: { alice: SEEDS } });
});
beforeEach(() => control(emu, 'reset', {}));
after(() => emu.close());

const listBody = (flags, [ts, si, tts, tsi] = [0, 0, 0, 0]) =>
  `{"From_Account":"alice","TimeStamp":${ts},"StartIndex":${si},"TopTimeStamp":${tts},"TopStartIndex":${tsi},"AssistFlags":${flags}}`;
const page = (items, complete, [ts, si, tts, tsi]) =>
  okWith({ SessionItem: items, CompleteFlag: complete, TimeStamp: ts, StartIndex: si, TopTimeStamp: tts, TopStartIndex: tsi });
const u = (id, time, top = 0) => ({ Type: 1, To_Account: id, MsgTime: time, TopFlag: top });
const g = (id, time, top = 0) => ({ Type: 2, GroupId: id, MsgTime: time, TopFlag: top });

test('get_list, AssistFlags 7, nothing pinned: pages of 3 with real cursors through a tie', async () => {
  assert.deepEqual(await answer(emu, LIST, listBody(7)), page([u('bob', 500), u('dave', 400), u('carol', 300)], 0, [300, 1, 0, 0]));
  assert.deepEqual(await answer(emu, LIST, listBody(7, [300, 1, 0, 0])), page([g('g1', 300), g('g2', 300), g('g3', 100)], 0, [100, 1, 0, 0]));
  assert.deepEqual(await answer(emu, LIST, listBody(7, [100, 1, 0, 0])), page([u('erin', 50)], 1, [50, 1, 0, 0]));
});

test('get_list without bit 1 leaves out conversations with no messages', async () => {
  assert.deepEqual(await answer(emu, LIST, listBody(5, [300, 1, 0, 0])), page([g('g1', 300), g('g2', 300), u('erin', 50)], 1, [50, 1, 0, 0]));
});

test('pins made with recentcontact/top come first with TopFlag 1, paged with the Top cursors (bit 2)', async () => {
  assert.equal(await codeOf(emu, PIN, pinBody('alice', [c2c('erin'), group('g2')])), 0);
  assert.deepEqual(
    await answer(emu, LIST, listBody(7)),
    page([g('g2', 300, 1), u('erin', 50, 1), u('bob', 500)], 0, [500, 1, 50, 1]),
  );
  assert.deepEqual(
    await answer(emu, LIST, listBody(7, [500, 1, 50, 1])),
    page([u('dave', 400), u('carol', 300), g('g1', 300)], 0, [300, 2, 50, 1]),
  );
  assert.deepEqual(await answer(emu, LIST, listBody(7, [300, 2, 50, 1])), page([g('g3', 100)], 1, [100, 1, 50, 1]));
});

test('a pin of a conversation not in the list adds it without messages (MsgTime 0): listed, pinned, with bit 1', async () => {
  assert.equal(await codeOf(emu, PIN, pinBody('alice', [group('not-listed'), c2c('bob')])), 0);
  const seeded = emu.state().conversations.alice;
  assert.deepEqual(seeded.slice(SEEDS.length), [{ Type: 2, GroupId: 'not-listed', MsgTime: 0, NoMessages: true }]);
  assert.deepEqual(seeded.find((c) => c.To_Account === 'bob'), { Type: 1, To_Account: 'bob', MsgTime: 500 }, 'a listed one is unchanged');
  // Pinned, newest first (bob 500, not-listed 0), on the first page with bit 2 and its Top cursor after it.
  assert.deepEqual(await answer(emu, LIST, listBody(7)), page([u('bob', 500, 1), g('not-listed', 0, 1), u('dave', 400)], 0, [400, 1, 0, 1]));
  // Without bit 1 it is left out, as any conversation without messages.
  assert.deepEqual(await answer(emu, LIST, listBody(1)), page([u('bob', 500, 1), u('dave', 400), u('carol', 300), g('g1', 300)], 0, [300, 2, 0, 0]));
  // Unpinned, it stays in the list; unpinning one that is not there adds nothing; a delete removes it.
  assert.equal(await codeOf(emu, PIN, pinBody('alice', [group('not-listed'), group('never')], 2)), 0);
  assert.deepEqual(emu.state().conversations.alice.slice(SEEDS.length), [{ Type: 2, GroupId: 'not-listed', MsgTime: 0, NoMessages: true }]);
  assert.equal(await codeOf(emu, DELETE, '{"From_Account":"alice","Type":2,"ToGroupid":"not-listed"}'), 0);
  assert.equal(emu.state().conversations.alice.length, SEEDS.length);
  // A user with no list at all gets one; a reset goes back to the lists at start.
  assert.equal(await codeOf(emu, PIN, pinBody('erin', [c2c('alice')])), 0);
  assert.deepEqual(emu.state().conversations.erin, [{ Type: 1, To_Account: 'alice', MsgTime: 0, NoMessages: true }]);
  await control(emu, 'reset', {});
  assert.deepEqual(Object.keys(emu.state().conversations), ['alice']);
});

test('without bit 2 every pinned conversation is on the first page; without bit 0 there is no pinned order', async () => {
  await codeOf(emu, PIN, pinBody('alice', [c2c('erin'), group('g2')]));
  assert.deepEqual(
    await answer(emu, LIST, listBody(3)),
    page([g('g2', 300, 1), u('erin', 50, 1), u('bob', 500), u('dave', 400), u('carol', 300)], 0, [300, 1, 0, 0]),
  );
  assert.deepEqual(await answer(emu, LIST, listBody(3, [300, 1, 0, 0])), page([g('g1', 300), g('g3', 100)], 1, [100, 1, 0, 0]));
  assert.deepEqual(
    await answer(emu, LIST, listBody(2, [300, 1, 0, 0])),
    page([g('g1', 300), g('g2', 300), g('g3', 100)], 0, [100, 1, 0, 0]),
    'bit 0 off: g2 in its time order, TopFlag 0',
  );
});

test('get_list with AssistFlags 63 adds StandardMark, CustomMark and ContactGroupId', async () => {
  const create = '{"From_Account":"alice","GroupContactItem":[{"GroupName":"work","ContactItem":[{"Type":1,"To_Account":"dave"}]}]}';
  assert.equal(await codeOf(emu, recent('create_contact_group'), create), 0);
  const mark = '{"From_Account":"alice","MarkItem":[{"OptType":3,"ContactItem":{"Type":1,"To_Account":"bob"},"SetMark":[0,33],"CustomMark":"vip"}]}';
  assert.equal(await codeOf(emu, recent('mark_contact'), mark), 0);
  const none = { StandardMark: '0'.repeat(64), CustomMark: '', ContactGroupId: [] };
  assert.deepEqual(
    await answer(emu, LIST, listBody(63)),
    page(
      [
        { ...u('bob', 500), StandardMark: `${'0'.repeat(30)}1${'0'.repeat(32)}1`, CustomMark: 'vip', ContactGroupId: [] },
        { ...u('dave', 400), ...none, ContactGroupId: [1] },
        { ...u('carol', 300), ...none },
      ],
      0,
      [300, 1, 0, 0],
    ),
  );
});

test('get_list of a user with no conversations: an empty complete page', async () => {
  const body = '{"From_Account":"bob","TimeStamp":0,"StartIndex":0,"TopTimeStamp":0,"TopStartIndex":0,"AssistFlags":7}';
  assert.deepEqual(await answer(emu, LIST, body), page([], 1, [0, 0, 0, 0]));
});

test('get_list: 50002 for a missing, misspelt or bad field, 50001 for a user not imported, 50003 for a non-admin', async () => {
  const valid = JSON.parse(listBody(7));
  const cases = {
    'TimeStamp missing': { ...valid, TimeStamp: undefined },
    'Timestamp spelt with a small s': { ...valid, TimeStamp: undefined, Timestamp: 0 },
    'StartIndex negative': { ...valid, StartIndex: -1 },
    'TopTimeStamp a string': { ...valid, TopTimeStamp: '0' },
    'TopStartIndex missing': { ...valid, TopStartIndex: undefined },
    'AssistFlags missing': { ...valid, AssistFlags: undefined },
    'AssistFlags 64': { ...valid, AssistFlags: 64 },
    'AssistFlags 1.5': { ...valid, AssistFlags: 1.5 },
    'From_Account missing': { ...valid, From_Account: undefined },
    'From_Account empty': { ...valid, From_Account: '' },
  };
  for (const [name, body] of Object.entries(cases)) assert.equal(await codeOf(emu, LIST, body), 50002, name);
  assert.equal(await codeOf(emu, LIST, { ...valid, From_Account: 'zoe' }), 50001);
  const sig = makeSig({ id: 'alice' });
  assert.equal(await codeOf(emu, LIST, valid, { query: { identifier: 'alice', usersig: sig } }), 50003);
});

test('delete: To_Account for C2C, ToGroupid (lower-case id) for groups; the pin goes too', async () => {
  await codeOf(emu, PIN, pinBody('alice', [group('g2')]));
  assert.deepEqual(await answer(emu, DELETE, '{"From_Account":"alice","Type":1,"To_Account":"bob"}'), okWith());
  assert.deepEqual(await answer(emu, DELETE, '{"From_Account":"alice","Type":2,"ToGroupid":"g2","ClearRamble":1}'), okWith());
  assert.deepEqual(await answer(emu, DELETE, '{"From_Account":"alice","Type":2,"ToGroupid":"g3","ClearRamble":0}'), okWith());
  assert.deepEqual(await answer(emu, DELETE, '{"From_Account":"alice","Type":2,"ToGroupid":"never-there"}'), okWith());
  const state = (await control(emu, 'state')).json;
  assert.deepEqual(state.pinned, {});
  assert.deepEqual(state.conversations.alice, [
    { Type: 2, GroupId: 'g1', MsgTime: 300 },
    { Type: 1, To_Account: 'erin', MsgTime: 50 },
    { Type: 1, To_Account: 'carol', MsgTime: 300 },
    { Type: 1, To_Account: 'dave', MsgTime: 400 },
  ]);
  assert.deepEqual(
    await answer(emu, LIST, listBody(7)),
    page([u('dave', 400), u('carol', 300), g('g1', 300)], 0, [300, 2, 0, 0]),
  );
});

test('delete: 50002 for the other spellings of the group field and bad fields, 50001 for a user not imported', async () => {
  const cases = {
    GroupId: '{"From_Account":"alice","Type":2,"GroupId":"g1"}',
    ToGroupId: '{"From_Account":"alice","Type":2,"ToGroupId":"g1"}',
    'type in lower case': '{"From_Account":"alice","type":1,"To_Account":"bob"}',
    'Type 3': '{"From_Account":"alice","Type":3,"To_Account":"bob"}',
    'C2C without To_Account': '{"From_Account":"alice","Type":1,"ToGroupid":"g1"}',
    'ClearRamble 2': '{"From_Account":"alice","Type":1,"To_Account":"bob","ClearRamble":2}',
    'ClearRamble true': '{"From_Account":"alice","Type":1,"To_Account":"bob","ClearRamble":true}',
    'From_Account missing': '{"Type":1,"To_Account":"bob"}',
    'an array': '[]',
  };
  for (const [name, body] of Object.entries(cases)) assert.equal(await codeOf(emu, DELETE, body), 50002, name);
  assert.equal(await codeOf(emu, DELETE, '{"From_Account":"zoe","Type":1,"To_Account":"bob"}'), 50001);
  assert.equal((await control(emu, 'state')).json.conversations.alice.length, 7, 'nothing deleted');
});

test('seeding through POST /__emulator/conversations adds and updates; reset goes back to the option', async () => {
  const seed = (body) => control(emu, 'conversations', body);
  const added = await seed({ fromAccount: 'bob', conversations: [{ Type: 1, To_Account: 'alice', MsgTime: 10 }] });
  assert.deepEqual([added.status, added.json], [200, { ok: true, conversations: 1 }]);
  await seed({ fromAccount: 'bob', conversations: [{ Type: 1, To_Account: 'alice', MsgTime: 20 }, { Type: 2, GroupId: 'g9', MsgTime: 0, NoMessages: true }] });
  assert.deepEqual((await control(emu, 'state')).json.conversations.bob, [
    { Type: 1, To_Account: 'alice', MsgTime: 20 },
    { Type: 2, GroupId: 'g9', MsgTime: 0, NoMessages: true },
  ]);
  const body = '{"From_Account":"bob","TimeStamp":0,"StartIndex":0,"TopTimeStamp":0,"TopStartIndex":0,"AssistFlags":7}';
  assert.deepEqual(await answer(emu, LIST, body), page([u('alice', 20), g('g9', 0)], 1, [0, 1, 0, 0]));
  await control(emu, 'reset', {});
  const state = (await control(emu, 'state')).json;
  assert.deepEqual([Object.keys(state.conversations), state.conversations.alice.length], [['alice'], 7]);
});

test('POST /__emulator/conversations refuses bad bodies with 400 and changes nothing', async () => {
  const bad = [
    {},
    { fromAccount: 'bob' },
    { fromAccount: 'zoe', conversations: [] },
    { fromAccount: 'bob', conversations: [], extra: 1 },
    { fromAccount: 'bob', conversations: {} },
    { fromAccount: 'bob', conversations: [{ Type: 1, To_Account: 'alice' }] },
    { fromAccount: 'bob', conversations: [{ Type: 1, To_Account: 'alice', MsgTime: -1 }] },
    { fromAccount: 'bob', conversations: [{ Type: 2, ToGroupId: 'g1', MsgTime: 1 }] },
    { fromAccount: 'bob', conversations: [{ Type: 1, To_Account: 'alice', MsgTime: 1, NoMessages: 1 }] },
    { fromAccount: 'bob', conversations: [{ Type: 1, To_Account: 'alice', MsgTime: 1, msgTime: 1 }] },
  ];
  for (const body of bad) {
    const { status, json } = await control(emu, 'conversations', body);
    assert.equal(status, 400, JSON.stringify(body));
    assert.equal(json.ok, false);
    assert.equal(typeof json.error, 'string');
  }
  assert.deepEqual(Object.keys((await control(emu, 'state')).json.conversations), ['alice']);
});

test('startEmulator: the conversations and pageSize options and seedConversations()', async () => {
  await assert.rejects(startEmulator({ log: false, conversations: { zoe: [] } }), /zoe is not imported/);
  await assert.rejects(startEmulator({ log: false, conversations: { [ADMIN]: [{ Type: 1, MsgTime: 1 }] } }), /To_Account/);
  await assert.rejects(startEmulator({ log: false, pageSize: 0 }), /pageSize/);
  const own = await startEmulator({ log: false, demo: false, accounts: ['alice'], pageSize: 1, conversations: { alice: SEEDS } });
  try {
    own.seedConversations('alice', [{ Type: 1, To_Account: 'zed', MsgTime: 999 }]);
    assert.throws(() => own.seedConversations('nobody', []), TypeError);
    const walked = [];
    let cursor = [0, 0, 0, 0];
    for (let complete = 0; !complete; ) {
      const json = await answer(own, LIST, listBody(7, cursor));
      const [item] = json.SessionItem;
      cursor = [json.TimeStamp, json.StartIndex, json.TopTimeStamp, json.TopStartIndex];
      complete = json.CompleteFlag;
      walked.push([item.To_Account ?? item.GroupId, ...cursor.slice(0, 2), complete]);
    }
    assert.deepEqual(walked, [
      ['zed', 999, 1, 0],
      ['bob', 500, 1, 0],
      ['dave', 400, 1, 0],
      ['carol', 300, 1, 0],
      ['g1', 300, 2, 0],
      ['g2', 300, 3, 0],
      ['g3', 100, 1, 0],
      ['erin', 50, 1, 1],
    ]);
  } finally {
    await own.close();
  }
});
