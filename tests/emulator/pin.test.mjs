// recentcontact/top and the account imports: parameter checks, import checks, and their effect on the state.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { ADMIN, IMPORT, MULTI_IMPORT, PIN, c2c, call, codeOf, control, group, pinBody, start } from './helpers.mjs';

let emu;
before(async () => {
  emu = await start({ accounts: ['alice', 'bob'] });
});
beforeEach(() => control(emu, 'reset', {}));
after(() => emu.close());

const pinned = async () => (await control(emu, 'state')).json.pinned;

test('50002 for every request parameter error', async () => {
  const valid = pinBody('alice', [c2c('bob')]);
  const cases = {
    'not an object': [valid],
    'From_Account missing': { ...valid, From_Account: undefined },
    'From_Account not a string': { ...valid, From_Account: 7 },
    'From_Account empty': { ...valid, From_Account: '' },
    'OperationType missing': { ...valid, OperationType: undefined },
    'OperationType a string': { ...valid, OperationType: '1' },
    'OperationType 0': { ...valid, OperationType: 0 },
    'OperationType 3': { ...valid, OperationType: 3 },
    'RecentContactItem missing': { ...valid, RecentContactItem: undefined },
    'RecentContactItem an object': { ...valid, RecentContactItem: c2c('bob') },
    'RecentContactItem empty': { ...valid, RecentContactItem: [] },
    'item not an object': { ...valid, RecentContactItem: ['bob'] },
    'item null': { ...valid, RecentContactItem: [null] },
    'Type missing': { ...valid, RecentContactItem: [{ To_Account: 'bob' }] },
    'Type 3': { ...valid, RecentContactItem: [{ Type: 3, To_Account: 'bob' }] },
    'Type a string': { ...valid, RecentContactItem: [{ Type: '1', To_Account: 'bob' }] },
    'C2C without To_Account': { ...valid, RecentContactItem: [{ Type: 1, GroupId: 'g1' }] },
    'C2C To_Account not a string': { ...valid, RecentContactItem: [{ Type: 1, To_Account: 5 }] },
    'group without GroupId': { ...valid, RecentContactItem: [{ Type: 2, To_Account: 'bob' }] },
    'group GroupId not a string': { ...valid, RecentContactItem: [{ Type: 2, GroupId: ['g1'] }] },
    'group GroupId empty': { ...valid, RecentContactItem: [{ Type: 2, GroupId: '' }] },
    'a bad item after good ones': { ...valid, RecentContactItem: [c2c('bob'), group('g1'), { Type: 2 }] },
  };
  for (const [name, body] of Object.entries(cases)) assert.equal(await codeOf(emu, PIN, body), 50002, name);
  assert.deepEqual(await pinned(), {}, 'nothing changed');
});

test('50001 when From_Account or a C2C To_Account has not been imported', async () => {
  assert.equal(await codeOf(emu, PIN, pinBody('carol', [c2c('bob')])), 50001);
  assert.equal(await codeOf(emu, PIN, pinBody('alice', [group('g1'), c2c('carol')])), 50001);
  assert.equal(await codeOf(emu, PIN, pinBody('alice', [c2c('carol')], 2)), 50001, 'unpin too');
  assert.equal(await codeOf(emu, PIN, pinBody('carol', [{ Type: 1 }])), 50002, 'parameter errors come first');
  assert.deepEqual(await pinned(), {});
});

test('any GroupId is accepted: the docs give no code for an unknown group', async () => {
  assert.equal(await codeOf(emu, PIN, pinBody('alice', [group('@TGS#no-such-group')])), 0);
});

test('pin, idempotent re-pin, unpin, unpin of an unpinned conversation', async () => {
  assert.equal(await codeOf(emu, PIN, pinBody('alice', [c2c('bob'), group('g1')])), 0);
  assert.deepEqual(await pinned(), { alice: [c2c('bob'), group('g1')] });

  assert.equal(await codeOf(emu, PIN, pinBody('alice', [group('g2'), c2c('bob')])), 0);
  assert.deepEqual(await pinned(), { alice: [c2c('bob'), group('g1'), group('g2')] }, 'a re-pin keeps its place');

  assert.equal(await codeOf(emu, PIN, pinBody('bob', [c2c('alice')])), 0);
  assert.equal(await codeOf(emu, PIN, pinBody('alice', [group('g1')], 2)), 0);
  assert.deepEqual(await pinned(), { alice: [c2c('bob'), group('g2')], bob: [c2c('alice')] });

  assert.equal(await codeOf(emu, PIN, pinBody('alice', [group('never-pinned'), c2c(ADMIN)], 2)), 0);
  assert.equal(await codeOf(emu, PIN, pinBody('bob', [c2c('alice')], 2)), 0);
  assert.deepEqual(await pinned(), { alice: [c2c('bob'), group('g2')] });
});

test('only documented item fields are kept', async () => {
  const item = { Type: 1, To_Account: 'bob', GroupId: 'ignored', Extra: true };
  assert.equal(await codeOf(emu, PIN, pinBody('alice', [item])), 0);
  assert.deepEqual(await pinned(), { alice: [c2c('bob')] });
});

test('50006 (unconfirmed) for a pin past 50 pinned conversations; nothing of it pinned; a pinned one pins again', async () => {
  const groups = Array.from({ length: 60 }, (_, i) => group(`g${i}`));
  const { json } = await call(emu, PIN, pinBody('alice', groups));
  assert.equal(json.ErrorCode, 50006);
  assert.equal(json.ActionStatus, 'FAIL');
  assert.match(json.ErrorInfo, /alice has 0 pinned conversations: at most 50/);
  assert.equal((await pinned()).alice, undefined, 'nothing of a refused request is pinned');
  assert.equal(await codeOf(emu, PIN, pinBody('alice', groups.slice(0, 49))), 0);
  // The 50th, with one already pinned in the same request: 50 in all.
  assert.equal(await codeOf(emu, PIN, pinBody('alice', [groups[0], groups[49]])), 0);
  assert.equal(await codeOf(emu, PIN, pinBody('alice', [groups[50]])), 50006);
  assert.equal(await codeOf(emu, PIN, pinBody('alice', [groups[7]])), 0, 'pinning an already pinned one at the cap');
  assert.equal(await codeOf(emu, PIN, pinBody('bob', [groups[50]])), 0, 'the cap is per user');
  assert.equal((await pinned()).alice.length, 50);
  // An unpin makes room.
  assert.equal(await codeOf(emu, PIN, { ...pinBody('alice', [groups[3]]), OperationType: 2 }), 0);
  assert.equal(await codeOf(emu, PIN, pinBody('alice', [groups[50]])), 0);
});

test('account_import, then the account can pin and be pinned', async () => {
  assert.equal(await codeOf(emu, PIN, pinBody('carol', [c2c('dave')])), 50001);
  assert.equal(await codeOf(emu, IMPORT, { UserID: 'carol', Nick: 'Carol', FaceUrl: 'https://example.invalid/c.png' }), 0);
  assert.equal(await codeOf(emu, IMPORT, { UserID: 'dave' }), 0);
  assert.equal(await codeOf(emu, IMPORT, { UserID: 'dave', Nick: 'Dave' }), 0, 'a re-import is fine');
  assert.equal(await codeOf(emu, PIN, pinBody('carol', [c2c('dave')])), 0);
  const { accounts, pinned: pins } = (await control(emu, 'state')).json;
  assert.deepEqual(accounts.slice(3), [
    { UserID: 'carol', Nick: 'Carol', FaceUrl: 'https://example.invalid/c.png' },
    { UserID: 'dave', Nick: 'Dave' },
  ]);
  assert.deepEqual(pins, { carol: [c2c('dave')] });
});

test('multiaccount_import answers FailAccounts and imports the valid UserIDs', async () => {
  const tooLong = 'x'.repeat(33);
  const { json } = await call(emu, MULTI_IMPORT, { Accounts: ['carol', 'dave', tooLong, ''] });
  assert.equal(json.ErrorCode, 0);
  assert.deepEqual(json.FailAccounts, [tooLong, '']);
  assert.deepEqual((await call(emu, MULTI_IMPORT, { Accounts: ['erin'] })).json.FailAccounts, []);
  assert.equal(await codeOf(emu, PIN, pinBody('carol', [c2c('dave'), c2c('erin')])), 0);
  const ids = (await control(emu, 'state')).json.accounts.map((a) => a.UserID);
  assert.deepEqual(ids, [ADMIN, 'alice', 'bob', 'carol', 'dave', 'erin']);
});

test('70402 and 40601 for bad import requests', async () => {
  const importCases = [[], { Nick: 'n' }, { UserID: 5 }, { UserID: '' }, { UserID: 'é'.repeat(17) }, { UserID: 'u', Nick: 5 }];
  for (const body of importCases) assert.equal(await codeOf(emu, IMPORT, body), 70402, JSON.stringify(body));
  assert.equal(await codeOf(emu, IMPORT, { UserID: 'é'.repeat(16) }), 0, '32 bytes is the maximum');
  assert.equal(await codeOf(emu, IMPORT, { UserID: 'u', FaceUrl: 'x'.repeat(501) }), 40601);
  const multiCases = [{}, { Accounts: 'a' }, { Accounts: [] }, { Accounts: ['a', 1] }, { Accounts: Array(101).fill('a') }];
  for (const body of multiCases) assert.equal(await codeOf(emu, MULTI_IMPORT, body), 70402, JSON.stringify(body));
  assert.equal(await codeOf(emu, MULTI_IMPORT, { Accounts: Array(100).fill('a') }), 0);
});
