// The common request checks over HTTP: query, UserSig, admin, body, paths and methods.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, IMPORT, KEY, MULTI_IMPORT, PIN, SDKAPPID, call, codeOf, makeSig, start } from './helpers.mjs';

const NOW = 1_800_000_000;
let emu; // its clock is fixed at NOW, so sigs made "now" by the official library are made at NOW too
let live; // a real clock
const fixedSig = (options) => makeSig({ timeSec: NOW, ...options });
const adminQuery = { usersig: makeSig({ timeSec: NOW }) };
const pinBody = { From_Account: ADMIN, OperationType: 1, RecentContactItem: [{ Type: 2, GroupId: 'g1' }] };
const pinCode = (query, body = pinBody) => codeOf(emu, PIN, body, { query: { ...adminQuery, ...query } });

before(async () => {
  emu = await start({ clock: () => NOW * 1000, accounts: ['alice'] });
  live = await start();
});
after(() => Promise.all([emu.close(), live.close()]));

test('a valid call answers HTTP 200 with the full envelope', async () => {
  const { status, headers, json } = await call(live, PIN, pinBody);
  assert.equal(status, 200);
  assert.match(headers.get('content-type'), /^application\/json/);
  assert.deepEqual(Object.keys(json), ['ActionStatus', 'ErrorCode', 'ErrorInfo', 'ErrorDisplay', 'RequestId']);
  assert.deepEqual({ ...json, RequestId: 'x' }, { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ErrorDisplay: '', RequestId: 'x' });
  assert.equal(typeof json.RequestId, 'string');
  const failed = (await call(live, PIN, '{')).json;
  assert.equal(failed.ActionStatus, 'FAIL');
  assert.notEqual(failed.ErrorInfo, '');
  assert.notEqual(failed.RequestId, json.RequestId);
});

test('60012 without sdkappid, 60006 with another one', async () => {
  assert.equal(await pinCode({ sdkappid: undefined }), 60012);
  assert.equal(await pinCode({ sdkappid: '' }), 60012);
  assert.equal(await pinCode({ sdkappid: String(SDKAPPID + 1) }), 60006);
  assert.equal(await pinCode({ sdkappid: 'abc' }), 60006);
});

test('60002 for a contenttype other than json', async () => {
  for (const contenttype of [undefined, '', 'JSON', 'xml']) assert.equal(await pinCode({ contenttype }), 60002, contenttype);
});

test('60002 for a random outside 0..=4294967295, both ends accepted', async () => {
  for (const random of [undefined, '', '-1', '4294967296', '1.5', '1e3', 'abc', '99999999999']) {
    assert.equal(await pinCode({ random }), 60002, random);
  }
  for (const random of ['0', '4294967295']) assert.equal(await pinCode({ random }), 0, random);
});

test('60004 without identifier or usersig', async () => {
  assert.equal(await pinCode({ identifier: undefined }), 60004);
  assert.equal(await pinCode({ usersig: undefined }), 60004);
  assert.equal(await pinCode({ usersig: '' }), 60004);
});

test('70003 for an undecodable usersig', async () => {
  assert.equal(await pinCode({ usersig: adminQuery.usersig.slice(0, 40) }), 70003);
  assert.equal(await pinCode({ usersig: 'garbage' }), 70003);
});

test('70014, 70013, 70009 for a sig of another app, another user, another key', async () => {
  assert.equal(await pinCode({ usersig: fixedSig({ sdkAppId: 1400000001 }) }), 70014);
  assert.equal(await pinCode({ usersig: fixedSig({ id: 'alice' }) }), 70013);
  assert.equal(await pinCode({ usersig: fixedSig({ key: 'not the key' }) }), 70009);
});

test('70001 once expired; the last valid second still passes', async () => {
  assert.equal(await pinCode({ usersig: fixedSig({ timeSec: NOW - 60, expire: 60 }) }), 0);
  assert.equal(await pinCode({ usersig: fixedSig({ timeSec: NOW - 61, expire: 60 }) }), 70001);
});

test('the real clock: a fresh official sig passes, an old one is expired', async () => {
  assert.equal(await codeOf(live, PIN, pinBody), 0);
  const old = makeSig({ timeSec: Math.floor(Date.now() / 1000) - 7200, expire: 3600 });
  assert.equal(await codeOf(live, PIN, pinBody, { query: { usersig: old } }), 70001);
});

test('a non-admin identifier with its own valid sig: 50003 for the pin, 70403 for the imports', async () => {
  const asAlice = { identifier: 'alice', usersig: fixedSig({ id: 'alice' }) };
  assert.equal(await pinCode(asAlice), 50003);
  assert.equal(await codeOf(emu, IMPORT, { UserID: 'x' }, { query: asAlice }), 70403);
  assert.equal(await codeOf(emu, MULTI_IMPORT, { Accounts: ['x'] }, { query: asAlice }), 70403);
});

test('60003 for a body that is not JSON', async () => {
  for (const body of ['', '{', 'hello', '{"From_Account":}']) assert.equal(await pinCode({}, body), 60003, body);
  assert.equal(await codeOf(emu, IMPORT, 'nope', { query: adminQuery }), 60003);
});

test('unknown paths: HTTP 404 with 60009', async () => {
  for (const path of ['/v4/recentcontact/get_list_all', '/v4/group_open_http_svc/get_group_info', '/v4/nope', '/', '/favicon.ico']) {
    const { status, json } = await call(live, path, {});
    assert.equal(status, 404, path);
    assert.equal(json.ErrorCode, 60009, path);
  }
});

test('methods other than POST: HTTP 405 with 60002', async () => {
  for (const method of ['GET', 'PUT', 'DELETE']) {
    const { status, headers, json } = await call(live, PIN, {}, { method });
    assert.equal(status, 405, method);
    assert.equal(headers.get('allow'), 'POST');
    assert.equal(json.ErrorCode, 60002);
  }
});

test('a body over 1 MiB: HTTP 413 with 60002; just under is read', async () => {
  const big = await call(live, PIN, 'x'.repeat(1024 * 1024 + 1));
  assert.equal(big.status, 413);
  assert.equal(big.json.ErrorCode, 60002);
  const items = Array.from({ length: 20000 }, (_, i) => ({ Type: 2, GroupId: `group-${i}` }));
  const body = JSON.stringify({ From_Account: ADMIN, OperationType: 2, RecentContactItem: items });
  assert.ok(body.length > 500_000 && body.length < 1024 * 1024);
  assert.equal(await codeOf(live, PIN, body), 0);
});

test('the key is only accepted as given (not hex-decoded, not trimmed)', async () => {
  assert.equal(await pinCode({ usersig: fixedSig({ key: Buffer.from(KEY, 'hex').toString('latin1') }) }), 70009);
  assert.equal(await pinCode({ usersig: fixedSig({ key: ` ${KEY}` }) }), 70009);
});
