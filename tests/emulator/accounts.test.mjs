// multiaccount_import (AccountList and Accounts), account_check, account_delete and kick.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { ADMIN, answer, codeOf, control, login, makeSig, okWith, recent, start } from './helpers.mjs';

const MULTI = login('multiaccount_import');
const CHECK = login('account_check');
const DELETE = login('account_delete');
const KICK = login('kick');

let emu;
before(async () => {
  emu = await start({ accounts: ['alice', 'bob'], conversations: { alice: [{ Type: 1, To_Account: 'bob', MsgTime: 5 }] } });
});
beforeEach(() => control(emu, 'reset', {}));
after(() => emu.close());

const accounts = async () => (await control(emu, 'state')).json.accounts;
const ids = (n, from = 0) => Array.from({ length: n }, (_, i) => `u${from + i}`);

test('multiaccount_import with AccountList: imports with Nick and FaceUrl, FailAccounts for bad UserIDs', async () => {
  const tooLong = 'x'.repeat(33);
  const raw = `{"AccountList":[{"UserID":"carol","Nick":"Carol","FaceUrl":"https://example.invalid/c.png"},{"UserID":"dave"},{"UserID":"${tooLong}"},{"UserID":"erin","Nick":"${'n'.repeat(501)}"},{"UserID":"bob","Nick":"Bob"}]}`;
  assert.deepEqual(await answer(emu, MULTI, raw), okWith({ FailAccounts: [tooLong, 'erin'] }));
  assert.deepEqual(await accounts(), [
    { UserID: ADMIN },
    { UserID: 'alice' },
    { UserID: 'bob', Nick: 'Bob' },
    { UserID: 'carol', Nick: 'Carol', FaceUrl: 'https://example.invalid/c.png' },
    { UserID: 'dave' },
  ]);
});

test('multiaccount_import: 100 accounts a call; a malformed request (70402) imports nothing', async () => {
  assert.deepEqual(await answer(emu, MULTI, { AccountList: ids(100).map((UserID) => ({ UserID })) }), okWith({ FailAccounts: [] }));
  assert.equal((await accounts()).length, 103);
  const bad = [
    { AccountList: ids(101, 200).map((UserID) => ({ UserID })) },
    { AccountList: [] },
    { AccountList: ['u300'] },
    { AccountList: [{ UserID: 5 }] },
    { AccountList: [{ UserID: 'u300', Nick: 5 }] },
    { AccountList: [{ UserID: 'u300' }], Accounts: ['u301'] },
    { Accounts: ids(101, 200) },
    { accountList: [{ UserID: 'u300' }] },
  ];
  for (const body of bad) assert.equal(await codeOf(emu, MULTI, body), 70402, JSON.stringify(body).slice(0, 80));
  assert.equal((await accounts()).length, 103);
});

test('account_check: Imported / NotImported per UserID, 100 a call', async () => {
  const raw = '{"CheckItem":[{"UserID":"alice"},{"UserID":"zoe"},{"UserID":"administrator"}]}';
  const item = (UserID, status) => ({ UserID, ResultCode: 0, ResultInfo: '', AccountStatus: status });
  assert.deepEqual(
    await answer(emu, CHECK, raw),
    okWith({ ResultItem: [item('alice', 'Imported'), item('zoe', 'NotImported'), item(ADMIN, 'Imported')] }),
  );
  assert.equal(await codeOf(emu, CHECK, { CheckItem: ids(100).map((UserID) => ({ UserID })) }), 0);
  for (const body of [{}, { CheckItem: [] }, { CheckItem: ['alice'] }, { CheckItem: ids(101).map((UserID) => ({ UserID })) }, { CheckItem: [{ UserId: 'alice' }] }]) {
    assert.equal(await codeOf(emu, CHECK, body), 70402, JSON.stringify(body).slice(0, 60));
  }
});

test('account_delete: per-user 70107 for unknown accounts; the account goes with its conversations', async () => {
  const raw = '{"DeleteItem":[{"UserID":"alice"},{"UserID":"zoe"}]}';
  assert.deepEqual(
    await answer(emu, DELETE, raw),
    okWith({
      ResultItem: [
        { UserID: 'alice', ResultCode: 0, ResultInfo: '' },
        { UserID: 'zoe', ResultCode: 70107, ResultInfo: 'account does not exist' },
      ],
    }),
  );
  const state = (await control(emu, 'state')).json;
  assert.deepEqual([state.accounts, state.conversations], [[{ UserID: ADMIN }, { UserID: 'bob' }], {}]);
  const list = { From_Account: 'alice', TimeStamp: 0, StartIndex: 0, TopTimeStamp: 0, TopStartIndex: 0, AssistFlags: 7 };
  assert.equal(await codeOf(emu, recent('get_list'), list), 50001);
  for (const body of [{ DeleteItem: [] }, { DeleteItem: ids(101).map((UserID) => ({ UserID })) }, { DeleteItem: 'bob' }, { UserID: 'bob' }]) {
    assert.equal(await codeOf(emu, DELETE, body), 70402);
  }
  assert.equal(await codeOf(emu, DELETE, { DeleteItem: ids(100).map((UserID) => ({ UserID })) }), 0);
});

test('kick: the envelope, 70107 for an unknown account, 70402 for a bad UserID; 70403 for a non-admin', async () => {
  assert.deepEqual(await answer(emu, KICK, '{"UserID":"bob"}'), okWith());
  assert.equal(await codeOf(emu, KICK, { UserID: 'zoe' }), 70107);
  for (const body of [{}, { UserID: '' }, { UserID: ['bob'] }, { userId: 'bob' }]) assert.equal(await codeOf(emu, KICK, body), 70402);
  const query = { identifier: 'alice', usersig: makeSig({ id: 'alice' }) };
  for (const path of [KICK, CHECK, DELETE]) assert.equal(await codeOf(emu, path, { UserID: 'bob' }, { query }), 70403, path);
  assert.deepEqual((await control(emu, 'state')).json.kicks, ['bob']);
});
