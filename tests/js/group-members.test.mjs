// A group's members on the wire, against a recording fetch: listGroupMembers' bodies (written by hand from the
// reference, §4d), its lazy pages and `break`, Community `Next` pages, paging that does not move on; and the group
// pins: one recentcontact/top request a member (bodies by hand), each member once, the filters, the report, what a
// failed page does, the 50-pin answer per member, and options refused before anything is sent.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as pkg from '../../pkg/node.js';
import { ADMIN, assertChatError, commandPath, envelope, KEY, rejection, recordingFetch, SDKAPPID } from './helpers.mjs';

const ENDPOINT = 'http://127.0.0.1:9';
const MEMBERS = '/v4/group_open_http_svc/get_group_member_info';
const TOP = '/v4/recentcontact/top';

const member = (id, role = 'Member', join = 1700000000) => ({
  Member_Account: id, Role: role, JoinTime: join, MsgSeq: 1, MsgFlag: 'AcceptAndNotify', LastSendMsgTime: 0, MuteUntil: 0, NameCard: '',
});
const range = (from, to) => Array.from({ length: to - from }, (_, i) => member(`m${String(from + i).padStart(4, '0')}`));
const page = (num, list, next) => ({ MemberNum: num, MemberList: list, ...(next === undefined ? {} : { Next: next }) });
const json = (fields) => new Response(JSON.stringify({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ...fields }), { status: 200 });

/**
 * A client whose fetch answers the i-th member page with `pages[i]` (an object, or a number: that error code) and
 * each top request with `top(body)` (an error code, 0 by default): { admin, calls, pins }.
 */
function setup(pages, top = () => 0) {
  let p = 0;
  const pins = [];
  const { fetch, calls } = recordingFetch((call) => {
    if (commandPath(call) === TOP) {
      pins.push(call.init.body);
      return envelope({ code: top(JSON.parse(call.init.body)) });
    }
    const answer = pages[Math.min(p++, pages.length - 1)];
    return typeof answer === 'number' ? envelope({ code: answer }) : json(answer);
  });
  const admin = new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: ENDPOINT, retry: false, fetch });
  return { admin, calls, pins };
}
const pageBodies = (calls) => calls.filter((c) => commandPath(c) === MEMBERS).map((c) => c.init.body);
const topBody = (id, op = 1, groupId = 'g1') => `{"From_Account":"${id}","OperationType":${op},"RecentContactItem":[{"Type":2,"GroupId":"${groupId}"}]}`;

describe('listGroupMembers (get_group_member_info)', () => {
  test('pages with Offset, a page fetched only when the last is used up; members in the JS shape', async () => {
    const { admin, calls } = setup([page(5, range(0, 2)), page(5, range(2, 4)), page(5, range(4, 5))]);
    const iterable = admin.listGroupMembers({ groupId: 'g1', pageSize: 2 });
    assert.equal(calls.length, 0, 'nothing is fetched before iterating');
    const seen = [];
    for await (const m of iterable) seen.push(m);
    assert.deepEqual(pageBodies(calls), [
      '{"GroupId":"g1","Limit":2}', '{"GroupId":"g1","Limit":2,"Offset":2}', '{"GroupId":"g1","Limit":2,"Offset":4}',
    ]);
    assert.deepEqual(seen.map((m) => m.userId), ['m0000', 'm0001', 'm0002', 'm0003', 'm0004']);
    assert.deepEqual(seen[0], {
      userId: 'm0000', role: 'member', joinTime: 1700000000, msgSeq: 1, msgFlag: 'AcceptAndNotify', lastSendMsgTime: 0, muteUntil: 0, nameCard: '',
    });
  });

  test('break stops fetching', async () => {
    const { admin, calls } = setup([page(6, range(0, 2)), page(6, range(2, 4)), page(6, range(4, 6))]);
    for await (const m of admin.listGroupMembers({ groupId: 'g1', pageSize: 2 })) if (m.userId === 'm0002') break;
    assert.equal(calls.length, 2);
  });

  test('a Community group pages with Next; roles go as MemberRoleFilter', async () => {
    const { admin, calls } = setup([page(3, range(0, 2), 'n1'), page(3, range(2, 3), '')]);
    const seen = [];
    for await (const m of admin.listGroupMembers({ groupId: '@TGS#_c1', pageSize: 2, roles: ['member', 'admin'] })) seen.push(m.userId);
    assert.deepEqual(pageBodies(calls), [
      '{"GroupId":"@TGS#_c1","MemberRoleFilter":["Member","Admin"],"Limit":2,"Next":""}',
      '{"GroupId":"@TGS#_c1","MemberRoleFilter":["Member","Admin"],"Limit":2,"Next":"n1"}',
    ]);
    assert.deepEqual(seen, ['m0000', 'm0001', 'm0002']);
  });

  test('a Next answered before stops with a decode error, after the members of the pages before it', async () => {
    const { admin } = setup([page(9, range(0, 2), 'n1'), page(9, range(2, 4), 'n1')]);
    const seen = [];
    const err = await rejection((async () => {
      for await (const m of admin.listGroupMembers({ groupId: '@TGS#_c1', pageSize: 2 })) seen.push(m.userId);
    })());
    assertChatError(err, { kind: 'decode' }, pkg.isChatError);
    assert.match(err.message, /Next came back to one answered before/);
    assert.deepEqual(seen, ['m0000', 'm0001']);
  });

  test('bad requests are refused with the field path, nothing sent', async () => {
    const { admin, calls } = setup([page(0, [])]);
    for (const [request, field] of [[{}, 'groupId'], [{ groupId: 'g', pageSize: 500 }, 'pageSize'], [{ groupId: 'g', roles: ['boss'] }, 'roles[0]']]) {
      const err = await rejection(admin.listGroupMembers(request)[Symbol.asyncIterator]().next());
      assertChatError(err, { kind: 'invalid-request', field }, pkg.isChatError);
    }
    const typo = await rejection(admin.listGroupMembers({ groupId: 'g' }, { signl: undefined })[Symbol.asyncIterator]().next());
    assertChatError(typo, { field: 'signl' }, pkg.isChatError);
    assert.equal(calls.length, 0);
  });
});

describe('pinGroupForMembers and unpinGroupForMembers', () => {
  test('one top request a member, each member once, the report with the group count', async () => {
    // m0002 is listed again on the second page (someone left: the offsets moved).
    const { admin, pins } = setup([page(5, range(0, 3)), page(5, range(2, 5))]);
    const report = await admin.pinGroupForMembers({ groupId: 'g1', pageSize: 3 }, { concurrency: 1 });
    assert.deepEqual(pins, ['m0000', 'm0001', 'm0002', 'm0003', 'm0004'].map((id) => topBody(id)));
    assert.equal(report.groupId, 'g1');
    assert.equal(report.memberNum, 5);
    assert.deepEqual([report.total, report.succeeded, report.failed, report.repeated, report.skipped], [5, 5, 0, 1, 0]);
    assert.deepEqual([report.inFlight, report.notAttempted, report.failures, report.stopped], [[], [], [], false]);
    assert.equal('sourceError' in report, false);
  });

  test('unpin sends OperationType 2; excludeRoles and joinedAfter leave members out', async () => {
    const list = [member('own', 'Owner', 500), member('adm', 'Admin', 500), member('old', 'Member', 100), member('new', 'Member', 101)];
    const { admin, pins } = setup([page(4, list)]);
    const progress = [];
    const report = await admin.unpinGroupForMembers({ groupId: 'g1' }, {
      excludeRoles: ['owner', 'admin'], joinedAfter: 100, onProgress: (p) => progress.push(p),
    });
    assert.deepEqual(pins, [topBody('new', 2)]);
    assert.deepEqual([report.total, report.succeeded, report.skipped], [1, 1, 3]);
    assert.deepEqual(progress.at(-1), { done: 1, succeeded: 1, failed: 0, total: 1 });
  });

  test('a member at the 50-pin cap fails alone, with what to do', async () => {
    const { admin } = setup([page(3, range(0, 3))], (body) => (body.From_Account === 'm0001' ? 50006 : 0));
    const report = await admin.pinGroupForMembers({ groupId: 'g1' });
    assert.deepEqual([report.succeeded, report.failed], [2, 1]);
    const [failure] = report.failures;
    assert.equal(failure.request.fromAccount, 'm0001');
    assertChatError(failure.error, { kind: 'service', code: 50006 }, pkg.isChatError);
    assert.match(failure.error.message, /already has 50 pinned conversations.*unpin one of them first/);
  });

  test('a group that cannot be listed rejects, nothing pinned; a later page that fails stops the run with listError', async () => {
    const missing = setup([10010]);
    const err = await rejection(missing.admin.pinGroupForMembers({ groupId: 'nope' }));
    assertChatError(err, { kind: 'service', code: 10010 }, pkg.isChatError);
    assert.equal(missing.pins.length, 0);

    const broken = setup([page(6, range(0, 2)), page(6, range(0, 2))]);
    const report = await broken.admin.pinGroupForMembers({ groupId: 'g1', pageSize: 2 }, { concurrency: 1 });
    assert.equal(report.succeeded, 2);
    assert.equal(report.stopped, true);
    assertChatError(report.listError, { kind: 'decode' }, pkg.isChatError);
    assert.match(report.listError.message, /listed only members listed before/);
  });

  test('filter: the caller\'s own test of each member; what it throws stops the run as listError', async () => {
    const { admin, pins } = setup([page(4, range(0, 4))]);
    const report = await admin.pinGroupForMembers({ groupId: 'g1' }, { filter: (m) => m.userId !== 'm0002', concurrency: 1 });
    assert.deepEqual(pins, ['m0000', 'm0001', 'm0003'].map((id) => topBody(id)));
    assert.equal(report.skipped, 1);
    const thrown = new Error('no');
    const stopped = await admin.pinGroupForMembers({ groupId: 'g1' }, { filter: () => { throw thrown; } });
    assert.equal(stopped.stopped, true);
    assertChatError(stopped.listError, { kind: 'invalid-request', field: 'filter', cause: thrown }, pkg.isChatError);
  });

  test('the request and each option are read once; an option whose getter throws reads as absent', async () => {
    const { admin, pins } = setup([page(2, range(0, 2))]);
    // A group ID that changes on a second read: the pages and the pins must use the one read.
    let asked = 0;
    const request = { get groupId() { asked += 1; return asked === 1 ? 'g1' : 'g2'; } };
    const reads = {};
    const options = new Proxy({ concurrency: 1, excludeRoles: ['owner'], onProgress: () => {}, signal: new AbortController().signal }, {
      get(target, key) {
        reads[key] = (reads[key] ?? 0) + 1;
        return target[key];
      },
    });
    const report = await admin.pinGroupForMembers(request, options);
    assert.equal(asked, 1);
    assert.equal(report.groupId, 'g1');
    assert.deepEqual(pins, [topBody('m0000'), topBody('m0001')]);
    assert.deepEqual(reads, { concurrency: 1, excludeRoles: 1, onProgress: 1, signal: 1 });

    const throwing = Object.defineProperty({ concurrency: 1 }, 'filter', { get() { throw new Error('getter'); }, enumerable: true });
    const again = setup([page(2, range(0, 2))]);
    const kept = await again.admin.pinGroupForMembers({ groupId: 'g1' }, throwing);
    assert.deepEqual([kept.succeeded, kept.skipped], [2, 0]);
  });

  test('options refused before anything is sent', async () => {
    const { admin, calls } = setup([page(1, range(0, 1))]);
    for (const [options, field] of [
      [{ operation: 'unpin' }, 'operation'], [{ total: 3 }, 'total'], [{ excludeRole: ['owner'] }, 'excludeRole'],
      [{ joinedAfter: Date.now() }, 'joinedAfter'], [{ onResult: async () => {} }, 'onResult'], [{ signal: {} }, 'signal'],
    ]) {
      const err = await rejection(admin.pinGroupForMembers({ groupId: 'g1' }, options));
      assertChatError(err, { kind: 'invalid-request', field }, pkg.isChatError);
    }
    assertChatError(await rejection(admin.pinGroupForMembers({ groupId: 'g1', roles: ['owner'] })), { field: 'roles' }, pkg.isChatError);
    assert.equal(calls.length, 0);
  });
});
