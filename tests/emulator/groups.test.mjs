// The emulator's chat groups: create_group, add_group_member, delete_group_member, destroy_group and
// get_group_member_info (Offset and Next paging, filters, limits, codes); the control seed, the groups option and
// the demo group; the events the callbacks are made from. Expected answers are written out by hand from the docs.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { answer, call, codeOf, control, makeSig, okWith, start } from './helpers.mjs';
import { startEmulator } from '../../emulator/server.mjs';

const svc = (command) => `/v4/group_open_http_svc/${command}`;
const CREATE = svc('create_group');
const ADD = svc('add_group_member');
const DELETE = svc('delete_group_member');
const DESTROY = svc('destroy_group');
const MEMBERS = svc('get_group_member_info');
const NOW = 1_700_000_000;

let emu;
let events = [];
before(async () => {
  emu = await start({
    accounts: ['alice', 'bob', 'carol', 'dave', 'erin'],
    clock: () => NOW * 1000,
    groups: [{ groupId: 'seeded', owner: 'alice', members: ['bob'] }],
  });
  emu.onGroupEvent((event) => events.push(event));
});
beforeEach(async () => {
  await control(emu, 'reset', {});
  events = [];
});
after(() => emu.close());

const ids = (n, prefix = 'm') => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`);
const seed = (body) => control(emu, 'groups', body);
const accountsOf = (reply) => reply.MemberList.map((m) => m.Member_Account);

test('create_group: the GroupId given or one of the type form; MemberList with roles; the owner a member; 10021 when taken', async () => {
  const made = await answer(emu, CREATE, { Owner_Account: 'alice', Type: 'Public', Name: 'News', GroupId: 'news', MemberList: [{ Member_Account: 'bob', Role: 'Admin' }, { Member_Account: 'carol' }] });
  assert.deepEqual(made, okWith({ GroupId: 'news' }));
  const listed = await answer(emu, MEMBERS, { GroupId: 'news', MemberInfoFilter: ['Role', 'JoinTime'] });
  assert.deepEqual(listed, okWith({
    MemberNum: 3,
    MemberList: [
      { Member_Account: 'alice', Role: 'Owner', JoinTime: NOW },
      { Member_Account: 'bob', Role: 'Admin', JoinTime: NOW },
      { Member_Account: 'carol', Role: 'Member', JoinTime: NOW },
    ],
  }));
  assert.equal(await codeOf(emu, CREATE, { Type: 'Public', Name: 'Again', GroupId: 'news' }), 10021);
  const generated = await answer(emu, CREATE, { Type: 'Work', Name: 'Ops' });
  assert.match(generated.GroupId, /^@TGS#[^_]/);
  const community = await answer(emu, CREATE, { Type: 'Community', Name: 'Town' });
  assert.match(community.GroupId, /^@TGS#_/);
  assert.deepEqual(events.map((e) => [e.event, e.groupId, e.members]), [
    ['create', 'news', ['alice', 'bob', 'carol']],
    ['create', generated.GroupId, []],
    ['create', community.GroupId, []],
  ]);
  assert.deepEqual(events[0], { event: 'create', groupId: 'news', groupType: 'Public', operator: 'administrator', members: ['alice', 'bob', 'carol'], time: NOW * 1000, owner: 'alice', name: 'News' });
});

test('create_group refuses bad fields with 10004 and creates nothing', async () => {
  const bad = [
    { Type: 'Club', Name: 'x' },
    { Type: 'Public' },
    { Type: 'Public', Name: 'x'.repeat(31) },
    { Type: 'Public', Name: 'x', Owner_Account: 'nobody' },
    { Type: 'Public', Name: 'x', GroupId: '@TGS#_notcommunity' },
    { Type: 'Community', Name: 'x', GroupId: 'plain' },
    { Type: 'Public', Name: 'x', MemberList: [{ Member_Account: 'nobody' }] },
    { Type: 'Public', Name: 'x', MemberList: [{ Member_Account: 'bob', Role: 'Owner' }] },
    { Type: 'Public', Name: 'x', MemberList: ids(101).map((Member_Account) => ({ Member_Account })) },
  ];
  for (const body of bad) assert.equal(await codeOf(emu, CREATE, body), 10004, JSON.stringify(body).slice(0, 80));
  assert.deepEqual(Object.keys((await control(emu, 'state')).json.groups), ['seeded']);
  assert.deepEqual(events, []);
});

test('add_group_member: Result 1 added, 2 already a member, 0 not imported; one join event for those added', async () => {
  const reply = await answer(emu, ADD, { GroupId: 'seeded', MemberList: [{ Member_Account: 'carol' }, { Member_Account: 'bob' }, { Member_Account: 'ghost' }, { Member_Account: 'dave' }] });
  assert.deepEqual(reply, okWith({
    MemberList: [
      { Member_Account: 'carol', Result: 1 },
      { Member_Account: 'bob', Result: 2 },
      { Member_Account: 'ghost', Result: 0 },
      { Member_Account: 'dave', Result: 1 },
    ],
  }));
  assert.deepEqual(events, [{ event: 'join', groupId: 'seeded', groupType: 'Public', operator: 'administrator', members: ['carol', 'dave'], time: NOW * 1000, joinType: 'Invited' }]);
  assert.deepEqual(accountsOf(await answer(emu, MEMBERS, { GroupId: 'seeded' })), ['alice', 'bob', 'carol', 'dave']);
  await answer(emu, ADD, { GroupId: 'seeded', MemberList: [{ Member_Account: 'bob' }] });
  assert.equal(events.length, 1, 'adding a member again fires nothing');
  assert.equal(await codeOf(emu, ADD, { GroupId: 'seeded', MemberList: [] }), 10004);
  assert.equal(await codeOf(emu, ADD, { GroupId: 'seeded', MemberList: ids(301).map((Member_Account) => ({ Member_Account })) }), 10004);
  assert.equal(await codeOf(emu, ADD, { GroupId: 'missing', MemberList: [{ Member_Account: 'bob' }] }), 10010);
});

test('delete_group_member removes members (a leave event, Kicked); the owner cannot be removed; destroy_group ends the group', async () => {
  await answer(emu, ADD, { GroupId: 'seeded', MemberList: [{ Member_Account: 'carol' }] });
  assert.equal(await codeOf(emu, DELETE, { GroupId: 'seeded', MemberToDel_Account: ['alice'] }), 10004);
  assert.deepEqual(await answer(emu, DELETE, { GroupId: 'seeded', MemberToDel_Account: ['bob', 'nobody'] }), okWith());
  assert.deepEqual(accountsOf(await answer(emu, MEMBERS, { GroupId: 'seeded' })), ['alice', 'carol']);
  assert.deepEqual(await answer(emu, DESTROY, { GroupId: 'seeded' }), okWith());
  assert.equal(await codeOf(emu, MEMBERS, { GroupId: 'seeded' }), 10010);
  assert.equal(await codeOf(emu, DESTROY, { GroupId: 'seeded' }), 10010);
  assert.deepEqual(events.map((e) => [e.event, e.members, e.exitType]), [
    ['join', ['carol'], undefined],
    ['leave', ['bob'], 'Kicked'],
    ['destroy', ['alice', 'carol'], undefined],
  ]);
});

test('get_group_member_info pages with Limit and Offset; without Limit a page is 200; Limit past 200 is 10004', async () => {
  await seed({ groupId: 'big', owner: 'alice', members: ids(250) });
  const pages = [];
  for (let offset = 0; offset < 251; offset += 100) {
    pages.push(accountsOf(await answer(emu, MEMBERS, { GroupId: 'big', Limit: 100, Offset: offset, MemberInfoFilter: [] })));
  }
  assert.deepEqual(pages.map((p) => p.length), [100, 100, 51]);
  assert.deepEqual(pages.flat(), ['alice', ...ids(250)]);
  const whole = await answer(emu, MEMBERS, { GroupId: 'big', MemberInfoFilter: ['Role'] });
  assert.equal(whole.MemberNum, 251);
  assert.equal(whole.MemberList.length, 200);
  assert.deepEqual(whole.MemberList[1], { Member_Account: 'm0001', Role: 'Member' });
  assert.equal(await answer(emu, MEMBERS, { GroupId: 'big', Offset: 300 }).then((r) => r.MemberList.length), 0);
  for (const body of [{ Limit: 201 }, { Limit: 0 }, { Limit: '10' }, { Offset: -1 }, { Next: '' }, { MemberRoleFilter: ['Boss'] }, { MemberInfoFilter: ['Secret'] }]) {
    assert.equal(await codeOf(emu, MEMBERS, { GroupId: 'big', ...body }), 10004, JSON.stringify(body));
  }
  assert.equal(await codeOf(emu, MEMBERS, {}), 10004);
  assert.equal(await codeOf(emu, MEMBERS, { GroupId: 'nope' }), 10010);
});

test('get_group_member_info: Community groups page with Next ("" first, "" at the end) and refuse Offset', async () => {
  await seed({ groupId: '@TGS#_town', type: 'Community', owner: 'alice', members: ids(5) });
  const seen = [];
  const nexts = [];
  let next = '';
  do {
    const page = await answer(emu, MEMBERS, { GroupId: '@TGS#_town', Limit: 2, Next: next, MemberInfoFilter: [] });
    assert.equal(page.MemberNum, 6);
    seen.push(...accountsOf(page));
    next = page.Next;
    nexts.push(next);
  } while (next !== '');
  assert.deepEqual(seen, ['alice', ...ids(5)]);
  assert.equal(nexts.length, 3);
  assert.equal(new Set(nexts).size, 3, 'each Next moves on');
  const first = await answer(emu, MEMBERS, { GroupId: '@TGS#_town', Limit: 2 });
  assert.notEqual(first.Next, '', 'no Next sent is the first page');
  assert.equal(await codeOf(emu, MEMBERS, { GroupId: '@TGS#_town', Offset: 2 }), 10004);
  assert.equal(await codeOf(emu, MEMBERS, { GroupId: '@TGS#_town', Next: 'not-a-token' }), 10004);
  const exact = await answer(emu, MEMBERS, { GroupId: '@TGS#_town', Limit: 6 });
  assert.equal(exact.Next, '', 'a page that ends the list has Next ""');
});

test('get_group_member_info: MemberRoleFilter lists those roles (MemberNum counts all); every field by default; AVChatRoom is 10007', async () => {
  await seed({ groupId: 'roles', owner: 'alice', members: [{ account: 'bob', role: 'Admin', joinTime: 5 }, 'carol', { account: 'dave', role: 'Admin' }] });
  const admins = await answer(emu, MEMBERS, { GroupId: 'roles', MemberRoleFilter: ['Admin', 'Owner'], MemberInfoFilter: ['Role'] });
  assert.deepEqual(admins, okWith({
    MemberNum: 4,
    MemberList: [{ Member_Account: 'alice', Role: 'Owner' }, { Member_Account: 'bob', Role: 'Admin' }, { Member_Account: 'dave', Role: 'Admin' }],
  }));
  const full = await answer(emu, MEMBERS, { GroupId: 'roles', Limit: 2, Offset: 1 });
  assert.deepEqual(full.MemberList[0], { Member_Account: 'bob', Role: 'Admin', JoinTime: 5, MsgSeq: 0, MsgFlag: 'AcceptAndNotify', LastSendMsgTime: 0, MuteUntil: 0, NameCard: '' });
  await seed({ groupId: 'live', type: 'AVChatRoom', members: ['bob'] });
  assert.equal(await codeOf(emu, MEMBERS, { GroupId: 'live' }), 10007);
});

test('a caller that is not the app administrator gets 10007 from the group service', async () => {
  const asAlice = { identifier: 'alice', usersig: makeSig({ id: 'alice' }) };
  assert.equal(await codeOf(emu, MEMBERS, { GroupId: 'seeded' }, { query: asAlice }), 10007);
  assert.equal(await codeOf(emu, ADD, { GroupId: 'seeded', MemberList: [{ Member_Account: 'carol' }] }, { query: asAlice }), 10007);
  assert.deepEqual(events, []);
});

test('control seed: creates or replaces a group, imports its members, appends with add: true, fires no event; reset restores the groups option', async () => {
  const created = await seed({ groupId: 'club', name: 'Club', owner: 'zed', members: ['yan', { account: 'xi', role: 'Admin', joinTime: 7 }] });
  assert.deepEqual(created.json, { ok: true, groupId: 'club', memberNum: 3 });
  const accounts = (await control(emu, 'state')).json.accounts.map((a) => a.UserID);
  for (const id of ['zed', 'yan', 'xi']) assert.ok(accounts.includes(id), id);
  assert.deepEqual((await seed({ groupId: 'club', add: true, members: ['yan', 'wu'] })).json, { ok: true, groupId: 'club', memberNum: 4 });
  assert.deepEqual(accountsOf(await answer(emu, MEMBERS, { GroupId: 'club' })), ['zed', 'yan', 'xi', 'wu']);
  assert.deepEqual((await control(emu, 'state')).json.groups.club, { Type: 'Public', Name: 'Club', Owner_Account: 'zed', MemberNum: 4 });
  for (const [body, message] of [
    [{ groupId: 'new', add: true, members: ['a'] }, /needs the group new to exist/],
    [{ groupId: 'club', add: true, type: 'Work', members: [] }, /takes only groupId and members/],
    [{ groupId: 'c', type: 'Community', members: [] }, /begins with @TGS#_/],
    [{ groupId: 'c', members: [{ account: 'a', role: 'Boss' }] }, /members\[0\]\.role must be one of Owner, Admin, Member/],
    [{ groupId: 'c', members: 'a,b' }, /members must be an array/],
    [{ groupId: 'c', member: [] }, /unknown group field member/],
  ]) {
    const { status, json } = await seed(body);
    assert.equal(status, 400);
    assert.match(json.error, message);
  }
  assert.deepEqual(events, []);
  await control(emu, 'reset', {});
  assert.deepEqual((await control(emu, 'state')).json.groups, { seeded: { Type: 'Public', Name: 'seeded', Owner_Account: 'alice', MemberNum: 2 } });
});

test('a listener that throws is logged and the others still hear the event; deleting an account ends its memberships', async () => {
  const stop = emu.onGroupEvent(() => {
    throw new Error('listener broke');
  });
  try {
    await answer(emu, ADD, { GroupId: 'seeded', MemberList: [{ Member_Account: 'erin' }] });
  } finally {
    stop();
  }
  assert.equal(events.length, 1);
  assert.ok(emu.lines.some((line) => line.includes('listener broke')));
  await call(emu, '/v4/im_open_login_svc/account_delete', { DeleteItem: [{ UserID: 'erin' }] });
  assert.deepEqual(accountsOf(await answer(emu, MEMBERS, { GroupId: 'seeded' })), ['alice', 'bob']);
});

test('the demo has the group announcements; the groups option is checked at start', async () => {
  const demo = await startEmulator({});
  try {
    assert.deepEqual(demo.state().groups, { announcements: { Type: 'Public', Name: 'Announcements', Owner_Account: 'alice', MemberNum: 4 } });
  } finally {
    await demo.close();
  }
  await assert.rejects(startEmulator({ groups: {} }), /emulator option groups must be an array/);
  await assert.rejects(startEmulator({ groups: [{ groupId: 'a', members: [] }, { groupId: 'a', members: [] }] }), /groups\[1\]: a is given twice/);
  await assert.rejects(startEmulator({ groups: [{ groupId: 'a', type: 'Club', members: [] }] }), /groups\[0\]: a: type must be one of/);
});
