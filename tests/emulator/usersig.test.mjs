// UserSig verification (emulator/usersig.mjs) against the official library's output and the reference vectors.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { decodeUserSig, signedContent, verifyUserSig } from '../../emulator/usersig.mjs';
import { ADMIN, KEY, SDKAPPID, makeSig } from './helpers.mjs';

const vectors = JSON.parse(readFileSync(new URL('../vectors/usersig-vectors.json', import.meta.url), 'utf8'));
const encode = (bytes) => bytes.toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
const verify = (sig, { identifier = ADMIN, nowSeconds = Math.floor(Date.now() / 1000), secretKey = KEY } = {}) =>
  verifyUserSig(sig, { sdkAppId: SDKAPPID, secretKey, identifier, nowSeconds })?.code ?? 0;

test('the vectors: signed content, and both the official and the level-0 strings verify', () => {
  for (const v of vectors.cases) {
    const fields = decodeUserSig(v.official_node_usersig);
    assert.equal(fields.sig, v.tls_sig);
    assert.equal(signedContent(fields), v.signed_content);
    assert.deepEqual(decodeUserSig(v.zlib_level0_usersig_of_that_json), fields);
    for (const sig of [v.official_node_usersig, v.zlib_level0_usersig_of_that_json]) {
      assert.equal(verify(sig, { identifier: v.identifier, nowSeconds: vectors.time }), 0, v.identifier);
    }
  }
});

test('any deflate level is accepted', () => {
  const json = vectors.cases[0].official_node_json;
  for (let level = 0; level <= 9; level++) {
    assert.equal(verify(encode(deflateSync(json, { level })), { nowSeconds: vectors.time, identifier: 'admin' }), 0);
  }
});

test('a sig with a userbuf from the official library verifies; an altered userbuf does not', () => {
  const sig = makeSig({ userbuf: Buffer.from('room 42') });
  assert.equal(decodeUserSig(sig).userbuf, Buffer.from('room 42').toString('base64'));
  assert.equal(verify(sig), 0);
  const doc = JSON.parse(vectors.cases[2].official_node_json);
  doc['TLS.userbuf'] = 'YWJk';
  assert.equal(verify(encode(deflateSync(JSON.stringify(doc))), { identifier: 'xiaojun', nowSeconds: vectors.time }), 70009);
  delete doc['TLS.userbuf'];
  assert.equal(verify(encode(deflateSync(JSON.stringify(doc))), { identifier: 'xiaojun', nowSeconds: vectors.time }), 70009);
});

test('70003 for anything that is not a well-formed UserSig', () => {
  const json = JSON.parse(vectors.cases[0].official_node_json);
  const variant = (change) => encode(deflateSync(JSON.stringify({ ...json, ...change })));
  const undecodable = [
    'x',
    'not a usersig!',
    vectors.cases[0].official_node_usersig.slice(0, 60), // truncated
    encode(Buffer.from(JSON.stringify(json))), // not deflated
    encode(deflateSync('not json')),
    encode(deflateSync('null')),
    encode(deflateSync(Buffer.alloc(100_000, 32))), // inflates past the size cap
    variant({ 'TLS.sdkappid': String(SDKAPPID) }),
    variant({ 'TLS.time': '1700000000' }),
    variant({ 'TLS.expire': undefined }),
    variant({ 'TLS.identifier': 1 }),
    variant({ 'TLS.sig': undefined }),
    variant({ 'TLS.userbuf': 5 }),
  ];
  for (const sig of undecodable) assert.equal(verify(sig, { identifier: 'admin', nowSeconds: vectors.time }), 70003, sig);
});

test('70014, 70013, 70009 from official sigs made for another app, another user, another key', () => {
  assert.equal(verify(makeSig({ sdkAppId: SDKAPPID + 1 })), 70014);
  assert.equal(verify(makeSig({ id: 'alice' })), 70013);
  assert.equal(verify(makeSig({ key: KEY.replace('5', '6') })), 70009);
  assert.equal(verify(makeSig(), { secretKey: 'another key' }), 70009);
});

test('70001 only once now > time + expire: equality is still valid', () => {
  const sig = makeSig({ timeSec: 1_700_000_000, expire: 3600 });
  assert.equal(verify(sig, { nowSeconds: 1_700_003_600 }), 0);
  assert.equal(verify(sig, { nowSeconds: 1_700_003_601 }), 70001);
});

test('check order: 70014 before 70013 before 70009 before 70001', () => {
  const old = { timeSec: 1_000_000_000, expire: 60 };
  assert.equal(verify(makeSig({ ...old, sdkAppId: 1, id: 'alice', key: 'k' })), 70014);
  assert.equal(verify(makeSig({ ...old, id: 'alice', key: 'k' })), 70013);
  assert.equal(verify(makeSig({ ...old, key: 'k' })), 70009);
  assert.equal(verify(makeSig(old)), 70001);
});
