// The conversation family on the wire, against a recording fetch: exact bodies (written by hand from the
// reference), the JS shapes of the answers, paging cursors sent back verbatim, listConversations fetching lazily
// and stopping at `break`, validation before anything is sent, retries and aborts like a pin.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as pkg from '../../pkg/node.js';
import {
  ADMIN, answering, assertChatError, commandPath, KEY, okAnswer, recordingFetch, rejection, SDKAPPID,
} from './helpers.mjs';

const ENDPOINT = 'http://127.0.0.1:9';
/** A client whose fetch answers the i-th call with `answers[i]` (the last one after that); { admin, calls }. */
function setup(answers = [{}], extra = {}) {
  const { fetch, calls } = answering(answers);
  const admin = new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: ENDPOINT, retry: false, fetch, ...extra });
  return { admin, calls };
}
const path = commandPath;
const ok = okAnswer;
const isChatError = pkg.isChatError;
const BOB = { type: 'c2c', toAccount: 'bob' };
const G1 = { type: 'group', groupId: 'g1' };

describe('getConversationPage and listConversations (recentcontact/get_list)', () => {
  const page = (n, complete, items) => ({
    CompleteFlag: complete ? 1 : 0, TimeStamp: 1700000000 + n, StartIndex: n * 10, TopTimeStamp: 1690000000 + n, TopStartIndex: n,
    SessionItem: items,
  });

  test('the first page: AssistFlags 63, zero cursors; the answer in the one conversation shape', async () => {
    const { admin, calls } = setup([page(1, false, [
      { Type: 1, To_Account: 'bob', MsgTime: 1700000200, TopFlag: 1 },
      { Type: 2, GroupId: 'g1', MsgTime: 1700000100, TopFlag: 0, StandardMark: '01', CustomMark: 'vip', ContactGroupId: [3] },
    ])]);
    const result = await admin.getConversationPage({ fromAccount: 'alice' });
    assert.equal(path(calls[0]), '/v4/recentcontact/get_list');
    assert.equal(calls[0].init.body, '{"From_Account":"alice","TimeStamp":0,"StartIndex":0,"TopTimeStamp":0,"TopStartIndex":0,"AssistFlags":63}');
    assert.deepEqual(result, {
      conversations: [
        { type: 'c2c', toAccount: 'bob', msgTime: 1700000200, pinned: true },
        { type: 'group', groupId: 'g1', msgTime: 1700000100, pinned: false, standardMark: '01', customMark: 'vip', groupIds: [3] },
      ],
      complete: false,
      cursor: { timeStamp: 1700000001, startIndex: 10, topTimeStamp: 1690000001, topStartIndex: 1 },
    });
  });

  test('a cursor given is sent back verbatim; includeEmpty false clears bit 1 (61)', async () => {
    const { admin, calls } = setup([page(2, true, [])]);
    const cursor = { timeStamp: 1700000001, startIndex: 10, topTimeStamp: 1690000001, topStartIndex: 1 };
    const result = await admin.getConversationPage({ fromAccount: 'alice', cursor, includeEmpty: false });
    assert.equal(calls[0].init.body, '{"From_Account":"alice","TimeStamp":1700000001,"StartIndex":10,"TopTimeStamp":1690000001,"TopStartIndex":1,"AssistFlags":61}');
    assert.deepEqual(result, { conversations: [], complete: true, cursor: null });
  });

  test('listConversations walks every page, each cursor the previous answer gave', async () => {
    const { admin, calls } = setup([
      page(1, false, [{ Type: 1, To_Account: 'u1', MsgTime: 3, TopFlag: 1 }]),
      page(2, false, [{ Type: 1, To_Account: 'u2', MsgTime: 2, TopFlag: 0 }, { Type: 2, GroupId: 'g', MsgTime: 1, TopFlag: 0 }]),
      page(3, true, [{ Type: 1, To_Account: 'u3', MsgTime: 0, TopFlag: 0 }]),
    ]);
    const iterable = admin.listConversations({ fromAccount: 'alice', includeEmpty: false });
    assert.equal(calls.length, 0, 'nothing is fetched before iterating');
    const seen = [];
    for await (const c of iterable) seen.push(c.type === 'c2c' ? c.toAccount : c.groupId);
    assert.deepEqual(seen, ['u1', 'u2', 'g', 'u3']);
    assert.deepEqual(calls.map((c) => c.init.body), [
      '{"From_Account":"alice","TimeStamp":0,"StartIndex":0,"TopTimeStamp":0,"TopStartIndex":0,"AssistFlags":61}',
      '{"From_Account":"alice","TimeStamp":1700000001,"StartIndex":10,"TopTimeStamp":1690000001,"TopStartIndex":1,"AssistFlags":61}',
      '{"From_Account":"alice","TimeStamp":1700000002,"StartIndex":20,"TopTimeStamp":1690000002,"TopStartIndex":2,"AssistFlags":61}',
    ]);
  });

  /** Lists alice's conversations until the cursor cycle error, which it checks; { seen, err }. */
  const listUntilCycle = async (admin) => {
    const seen = [];
    const err = await (async () => {
      for await (const c of admin.listConversations({ fromAccount: 'alice' })) seen.push(c.toAccount);
    })().then(() => undefined, (e) => e);
    assertChatError(err, { kind: 'decode' }, isChatError);
    assert.match(err.message, /get_list cursors came back to one answered before/);
    return { seen, err };
  };

  test('listConversations stops with a decode error when the service answers the same cursor twice', async () => {
    const { admin, calls } = setup([
      page(1, false, [{ Type: 1, To_Account: 'u1', MsgTime: 3, TopFlag: 0 }]),
      page(1, false, [{ Type: 1, To_Account: 'u1', MsgTime: 3, TopFlag: 0 }]),
      page(2, true, []),
    ]);
    const { seen } = await listUntilCycle(admin);
    assert.equal(calls.length, 2, 'no third page asked for');
    assert.deepEqual(seen, ['u1', 'u1']);
  });

  test('listConversations stops at a cursor cycle A, B, A (not only a cursor repeated in a row)', async () => {
    // The service answers by the cursor sent: none → A, A → B, B → A; a client that only compares a cursor with
    // the one before would go round for ever (the fetch gives up at 20 calls so that such a client fails).
    const calls = [];
    const A = page(1, false, [{ Type: 1, To_Account: 'a', MsgTime: 2, TopFlag: 0 }]);
    const B = page(2, false, [{ Type: 1, To_Account: 'b', MsgTime: 1, TopFlag: 0 }]);
    const fetch = async (url, init) => {
      calls.push({ url, init });
      if (calls.length > 20) return new Response('too many calls', { status: 400 });
      const { StartIndex } = JSON.parse(init.body);
      return okAnswer(StartIndex === 10 ? B : A);
    };
    const admin = new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: ENDPOINT, retry: false, fetch });
    const { seen } = await listUntilCycle(admin);
    assert.deepEqual(calls.map((c) => JSON.parse(c.init.body).StartIndex), [0, 10, 20]);
    assert.deepEqual(seen, ['a', 'b', 'a']);
  });

  test('for await … break stops fetching; a page is fetched only when the previous one is used up', async () => {
    const { admin, calls } = setup([
      page(1, false, [{ Type: 1, To_Account: 'u1', MsgTime: 3, TopFlag: 1 }, { Type: 1, To_Account: 'u2', MsgTime: 2, TopFlag: 0 }]),
      page(2, true, [{ Type: 1, To_Account: 'u3', MsgTime: 1, TopFlag: 0 }]),
    ]);
    const seen = [];
    for await (const c of admin.listConversations({ fromAccount: 'alice' })) {
      seen.push(c.toAccount);
      if (seen.length === 2) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(seen, ['u1', 'u2']);
    assert.equal(calls.length, 1);
  });

  test('bad requests are refused with the field path, nothing sent (also from listConversations)', async () => {
    const { admin, calls } = setup();
    for (const [request, field] of [
      [{}, 'fromAccount'],
      [{ fromAccount: 'a', curser: {} }, 'curser'],
      [{ fromAccount: 'a', cursor: { timeStamp: 1, startIndex: 0, topTimeStamp: 0 } }, 'cursor.topStartIndex'],
      [{ fromAccount: 'a', includeEmpty: 'yes' }, 'includeEmpty'],
    ]) {
      const err = await rejection(admin.getConversationPage(request));
      assertChatError(err, { kind: 'invalid-request', field, attempts: 0 }, isChatError);
    }
    const err = await rejection(admin.listConversations({ fromAccount: 'a', includeEmpty: 1 })[Symbol.asyncIterator]().next());
    assertChatError(err, { kind: 'invalid-request', field: 'includeEmpty' }, isChatError);
    const typo = await rejection(admin.getConversationPage({ fromAccount: 'a', includeEmtpy: true }));
    assert.match(typo.message, /did you mean includeEmpty\?/);
    assert.equal(calls.length, 0);
  });
});

describe('deleteConversation (recentcontact/delete)', () => {
  test('a group conversation is ToGroupid on the wire; clearMessages is ClearRamble', async () => {
    const { admin, calls } = setup([{ RequestId: 'r-9' }]);
    const result = await admin.deleteConversation({ fromAccount: 'alice', conversation: G1, clearMessages: true });
    assert.equal(path(calls[0]), '/v4/recentcontact/delete');
    assert.equal(calls[0].init.body, '{"From_Account":"alice","Type":2,"ToGroupid":"g1","ClearRamble":1}');
    assert.deepEqual(result, { actionStatus: 'OK', errorCode: 0, errorInfo: '', errorDisplay: '', requestId: 'r-9', attempts: 1 });
    await admin.deleteConversation({ fromAccount: 'alice', conversation: BOB });
    assert.equal(calls[1].init.body, '{"From_Account":"alice","Type":1,"To_Account":"bob"}');
  });

  test('retried after a throttled answer (not after an internal error, which may have deleted it), and stopped by its signal', async () => {
    const { fetch, calls } = recordingFetch((_, i) => (i === 0
      ? new Response('{"ActionStatus":"FAIL","ErrorCode":60007,"ErrorInfo":"slow down"}', { status: 200 })
      : ok()));
    const admin = new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: ENDPOINT, fetch, retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 } });
    const result = await admin.deleteConversation({ fromAccount: 'alice', conversation: BOB });
    assert.equal(result.attempts, 2);
    assert.equal(calls.length, 2);
    const busy = recordingFetch(() => new Response('{"ActionStatus":"FAIL","ErrorCode":50004,"ErrorInfo":"busy"}', { status: 200 }));
    const once = new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: ENDPOINT, fetch: busy.fetch, retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 } });
    assertChatError(await rejection(once.deleteConversation({ fromAccount: 'alice', conversation: BOB })), { kind: 'service', code: 50004, attempts: 1 }, isChatError);
    assert.equal(busy.calls.length, 1);
    const controller = new AbortController();
    controller.abort('stop');
    const err = await rejection(admin.deleteConversation({ fromAccount: 'alice', conversation: BOB }, { signal: controller.signal }));
    assertChatError(err, { kind: 'aborted', attempts: 0 }, isChatError);
    assert.equal(calls.length, 2);
    const bad = await rejection(admin.deleteConversation({ fromAccount: 'alice', conversation: BOB }, { signal: 'no' }));
    assertChatError(bad, { kind: 'invalid-request', field: 'signal' }, isChatError);
  });

  test('the conversation is checked: type, its ID field, unknown keys', async () => {
    const { admin, calls } = setup();
    for (const [conversation, field] of [
      [{ type: 'group', ToGroupid: 'g1' }, 'conversation.ToGroupid'],
      [{ type: 'c2c', groupId: 'g1' }, 'conversation.groupId'],
      [{ type: 'C2C', toAccount: 'b' }, 'conversation.type'],
      [undefined, 'conversation'],
    ]) {
      const err = await rejection(admin.deleteConversation({ fromAccount: 'alice', conversation }));
      assertChatError(err, { kind: 'invalid-request', field }, isChatError);
    }
    assert.equal(calls.length, 0);
  });
});

describe('conversation groups and marks (ToGroupId on the wire)', () => {
  test('createConversationGroup', async () => {
    const { admin, calls } = setup([{ GroupResultItem: [{ GroupItem: { GroupName: 'work', GroupId: 7 }, ResultItem: [
      { ContactItem: { Type: 1, To_Account: 'bob' }, ResultCode: 0, ResultInfo: '' },
      { ContactItem: { Type: 2, ToGroupId: 'g1' }, ResultCode: 51008, ResultInfo: 'limit' },
    ] }] }]);
    const result = await admin.createConversationGroup({ fromAccount: 'alice', name: 'work', conversations: [BOB, G1] });
    assert.equal(path(calls[0]), '/v4/recentcontact/create_contact_group');
    assert.equal(calls[0].init.body, '{"From_Account":"alice","GroupContactItem":[{"GroupName":"work","ContactItem":[{"Type":1,"To_Account":"bob"},{"Type":2,"ToGroupId":"g1"}]}]}');
    assert.deepEqual(result, { name: 'work', groupId: 7, results: [
      { conversation: BOB, code: 0, info: '' }, { conversation: G1, code: 51008, info: 'limit' },
    ] });
  });

  test('group changes and deleteConversation are not repeated once they may have been applied; a throttled one and a mark are', async () => {
    const created = { GroupResultItem: [{ GroupItem: { GroupName: 'work', GroupId: 7 }, ResultItem: [] }] };
    const body = (json) => new Response(JSON.stringify({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ...json }));
    const failing = (first) => {
      const calls = [];
      const fetch = async (url, init) => {
        calls.push({ url, init });
        if (calls.length === 1) return first();
        return body(created);
      };
      const admin = new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: ENDPOINT, fetch, retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1 } });
      return { admin, calls };
    };
    const dropped = () => Promise.reject(new TypeError('fetch failed'));
    const request = { fromAccount: 'alice', name: 'work', conversations: [BOB] };

    // A dropped connection may have created the group: a second create would fail for it.
    const once = failing(dropped);
    const err = await rejection(once.admin.createConversationGroup(request));
    assertChatError(err, { kind: 'network', attempts: 1 }, isChatError);
    assert.match(err.message, /not retried: it may have been applied/);
    assert.equal(once.calls.length, 1);
    for (const call of [
      (a) => a.updateConversationGroup({ fromAccount: 'alice', name: 'work', newName: 'job' }),
      (a) => a.deleteConversationGroup({ fromAccount: 'alice', name: 'work' }),
      // Deleting a conversation follows the same rule.
      (a) => a.deleteConversation({ fromAccount: 'alice', conversation: BOB }),
    ]) {
      const again = failing(dropped);
      const failed = await rejection(call(again.admin));
      assertChatError(failed, { kind: 'network', attempts: 1 }, isChatError);
      assert.match(failed.message, /not retried: it may have been applied/);
      assert.equal(again.calls.length, 1);
    }
    // A throttled delete proves nothing was done: retried.
    const throttledDelete = failing(() => body({ ActionStatus: 'FAIL', ErrorCode: 60007, ErrorInfo: 'limit' }));
    assert.equal((await throttledDelete.admin.deleteConversation({ fromAccount: 'alice', conversation: BOB })).attempts, 2);

    // A throttled answer proves nothing was done: retried.
    const throttled = failing(() => body({ ActionStatus: 'FAIL', ErrorCode: 60007, ErrorInfo: 'limit' }));
    assert.equal((await throttled.admin.createConversationGroup(request)).groupId, 7);
    assert.equal(throttled.calls.length, 2);

    // Marks are safe to repeat: retried after a dropped connection.
    const marks = failing(dropped);
    await marks.admin.markConversations({ fromAccount: 'alice', marks: [{ conversation: BOB, set: [40] }] }).catch(() => {});
    assert.equal(marks.calls.length, 2);
  });

  test('updateConversationGroup: rename, or add and remove', async () => {
    const { admin, calls } = setup([{ UpdateType: 1, UpdateGroupResult: { UpdateGroupType: 2, GroupName: 'work', GroupId: 7, OldGroupName: 'work', ContactResultItem: [
      { ContactOptType: 1, ContactItem: { Type: 1, To_Account: 'bob' }, ResultCode: 0, ResultInfo: '' },
      { ContactOptType: 2, ContactItem: { Type: 2, ToGroupId: 'g1' }, ResultCode: 0, ResultInfo: '' },
    ] } }]);
    const result = await admin.updateConversationGroup({ fromAccount: 'alice', name: 'work', add: [BOB], remove: [G1] });
    assert.equal(path(calls[0]), '/v4/recentcontact/update_contact_group');
    assert.equal(calls[0].init.body, '{"From_Account":"alice","UpdateType":1,"UpdateGroup":{"UpdateGroupType":2,"OldGroupName":"work","ContactUpdateItem":[{"ContactOptType":1,"ContactItem":{"Type":1,"To_Account":"bob"}},{"ContactOptType":2,"ContactItem":{"Type":2,"ToGroupId":"g1"}}]}}');
    assert.deepEqual(result, { name: 'work', groupId: 7, results: [{ conversation: BOB, code: 0, info: '' }, { conversation: G1, code: 0, info: '' }] });
    await admin.updateConversationGroup({ fromAccount: 'alice', name: 'work', newName: 'job' });
    assert.equal(calls[1].init.body, '{"From_Account":"alice","UpdateType":1,"UpdateGroup":{"UpdateGroupType":1,"OldGroupName":"work","NewGroupName":"job"}}');
    const err = await rejection(admin.updateConversationGroup({ fromAccount: 'alice', name: 'work', newName: 'job', add: [BOB] }));
    assertChatError(err, { kind: 'invalid-request', field: 'add' }, isChatError);
    assert.equal(calls.length, 2);
  });

  test('deleteConversationGroup', async () => {
    const { admin, calls } = setup([{ GroupItem: [{ GroupName: 'work', GroupId: 7 }] }]);
    assert.deepEqual(await admin.deleteConversationGroup({ fromAccount: 'alice', name: 'work' }), { name: 'work', groupId: 7 });
    assert.equal(path(calls[0]), '/v4/recentcontact/del_contact_group');
    assert.equal(calls[0].init.body, '{"From_Account":"alice","GroupName":["work"]}');
  });

  test('getConversationGroups reads every page, sending NextStartIndex back', async () => {
    const { admin, calls } = setup([
      { CompleteFlag: 0, NextStartIndex: 5, GroupItem: [{ GroupName: 'work', GroupId: 7 }], ContactItem: [{ Type: 1, To_Account: 'bob', ContactGroupId: [7], StandardMark: '1', CustomMark: 'x', Timestamp: 9 }] },
      { CompleteFlag: 1, NextStartIndex: 0, GroupItem: [{ GroupName: 'home', GroupId: 8 }], ContactItem: [{ Type: 2, ToGroupId: 'g1', ContactGroupId: [8] }] },
    ]);
    const result = await admin.getConversationGroups({ fromAccount: 'alice' });
    assert.deepEqual(calls.map((c) => [path(c), c.init.body]), [
      ['/v4/recentcontact/get_contact_group', '{"From_Account":"alice","StartIndex":0}'],
      ['/v4/recentcontact/get_contact_group', '{"From_Account":"alice","StartIndex":5}'],
    ]);
    assert.deepEqual(result, {
      groups: [{ name: 'work', groupId: 7 }, { name: 'home', groupId: 8 }],
      conversations: [
        { type: 'c2c', toAccount: 'bob', groupIds: [7], standardMark: '1', customMark: 'x', timestamp: 9 },
        { type: 'group', groupId: 'g1', groupIds: [8] },
      ],
    });
  });

  test('searchConversationGroups', async () => {
    const { admin, calls } = setup([{ GroupItem: [{ GroupName: 'work', GroupId: 7 }], ContactResultItem: [{ Type: 1, To_Account: 'bob', ContactGroupId: [7] }] }]);
    const result = await admin.searchConversationGroups({ fromAccount: 'alice', conversations: [BOB, G1] });
    assert.equal(path(calls[0]), '/v4/recentcontact/search_contact_group');
    assert.equal(calls[0].init.body, '{"From_Account":"alice","ContactItem":[{"Type":1,"To_Account":"bob"},{"Type":2,"ToGroupId":"g1"}]}');
    assert.deepEqual(result, { groups: [{ name: 'work', groupId: 7 }], conversations: [{ type: 'c2c', toAccount: 'bob', groupIds: [7] }] });
    const many = Array.from({ length: 301 }, (_, i) => ({ type: 'c2c', toAccount: `u${i}` }));
    assertChatError(await rejection(admin.searchConversationGroups({ fromAccount: 'alice', conversations: many })), { field: 'conversations' }, isChatError);
    assert.equal(calls.length, 1);
  });

  test('markConversations: OptType 1, 2 or 3 from what each item gives', async () => {
    const { admin, calls } = setup([{ ResultItem: [
      { OptType: 1, ContactItem: { Type: 1, To_Account: 'bob' }, ResultCode: 0, ResultInfo: '' },
      { OptType: 3, ContactItem: { Type: 2, ToGroupId: 'g1' }, ResultCode: 51008, ResultInfo: 'limit' },
    ] }]);
    const result = await admin.markConversations({ fromAccount: 'alice', marks: [
      { conversation: BOB, set: [32], clear: [33] },
      { conversation: G1, set: [40], customMark: 'vip' },
    ] });
    assert.equal(path(calls[0]), '/v4/recentcontact/mark_contact');
    assert.equal(calls[0].init.body, '{"From_Account":"alice","MarkItem":[{"OptType":1,"ContactItem":{"Type":1,"To_Account":"bob"},"SetMark":[32],"ClearMark":[33]},{"OptType":3,"ContactItem":{"Type":2,"ToGroupId":"g1"},"SetMark":[40],"CustomMark":"vip"}]}');
    assert.deepEqual(result, { results: [{ conversation: BOB, code: 0, info: '' }, { conversation: G1, code: 51008, info: 'limit' }] });
    await admin.markConversations({ fromAccount: 'alice', marks: [{ conversation: BOB, customMark: '' }] });
    assert.equal(calls[1].init.body, '{"From_Account":"alice","MarkItem":[{"OptType":2,"ContactItem":{"Type":1,"To_Account":"bob"},"CustomMark":""}]}');
    for (const [mark, field] of [[{ conversation: BOB, set: [64] }, 'marks[0].set[0]'], [{ conversation: BOB }, 'marks[0]'], [{ conversation: BOB, customMark: 'x'.repeat(257) }, 'marks[0].customMark']]) {
      assertChatError(await rejection(admin.markConversations({ fromAccount: 'alice', marks: [mark] })), { kind: 'invalid-request', field }, isChatError);
    }
    assert.equal(calls.length, 2);
  });

  test('a group name over 32 bytes is refused before sending', async () => {
    const { admin, calls } = setup();
    const err = await rejection(admin.createConversationGroup({ fromAccount: 'alice', name: '组'.repeat(11), conversations: [] }));
    assertChatError(err, { kind: 'invalid-request', field: 'name' }, isChatError);
    assert.equal(calls.length, 0);
  });
});

describe('c2c() and group()', () => {
  test('make the conversation objects, which pin as literals do (the body written by hand)', async () => {
    assert.deepEqual([pkg.c2c('bob'), pkg.group('g1')], [{ type: 'c2c', toAccount: 'bob' }, { type: 'group', groupId: 'g1' }]);
    const { admin, calls } = setup();
    await admin.pinConversations({ fromAccount: 'alice', conversations: [...['bob', 'carol'].map(pkg.c2c), ...['g1'].map(pkg.group)] });
    assert.equal(path(calls[0]), '/v4/recentcontact/top');
    assert.equal(
      calls[0].init.body,
      '{"From_Account":"alice","OperationType":1,"RecentContactItem":[{"Type":1,"To_Account":"bob"},{"Type":1,"To_Account":"carol"},{"Type":2,"GroupId":"g1"}]}',
    );
  });
});
