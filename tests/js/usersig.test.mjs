// genUserSig / verifyUserSig against the official Node library (tls-sig-api-v2) and the official vectors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as pkg from '../../pkg/node.js';
import {
  assertChatError, assertNoSecrets, decodeSig, encodeSig, expectedTlsSig, KEY, officialSig, prng, SDKAPPID, sigJson, thrown,
  VECTORS,
} from './helpers.mjs';

const MAX_EXPIRE = 1577880000;
const CASES = 300;

const ASCII = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-@.';
const CJK = '管理员用户测试中文字符张三李四한국어テスト';
const EMOJI = ['😀', '🚀', '👍🏽', '🇨🇳', '❤️', '👨‍👩‍👧'];
const SPECIAL = ['"', '\\', "'", '/', ' ', '\n', '\t', '\u0001', '\u001f', '\u007f', '\u2028', 'é', '\u00a0', '\\"'];

/** The cases: identifier, key, sdkAppId, time, expire and userbuf (a Buffer, for the official library). */
function generateCases() {
  const rand = prng(0x5eed2024);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (list) => list[int(0, list.length - 1)];
  const token = [() => pick(ASCII), () => pick(ASCII), () => pick([...CJK]), () => pick(EMOJI), () => pick(SPECIAL)];
  const keys = [KEY, 'clé-秘密-🔑', () => Array.from({ length: 64 }, () => pick('0123456789abcdef')).join('')];
  return Array.from({ length: CASES }, (_, i) => {
    const identifier = Array.from({ length: int(1, 24) }, () => pick(token)()).join('');
    const key = pick(keys);
    const expire = i === 0 ? 1 : i === 1 ? MAX_EXPIRE : Math.max(1, Math.floor(Math.exp(rand() * Math.log(MAX_EXPIRE))));
    const userbuf = i % 2 ? undefined : Buffer.from(Array.from({ length: i % 10 === 0 ? 0 : int(1, 48) }, () => int(0, 255)));
    return {
      identifier,
      key: typeof key === 'function' ? key() : key,
      sdkAppId: pick([SDKAPPID, 1, 20000000, int(1, 2 ** 32 - 1)]),
      time: i === 2 ? 0 : int(1_000_000_000, 2_000_000_000),
      expire,
      userbuf,
    };
  });
}

const cases = generateCases();
const official = (c) => officialSig({ id: c.identifier, expire: c.expire, key: c.key, sdkAppId: c.sdkAppId, timeSec: c.time, userbuf: c.userbuf });
const ours = (c) => pkg.genUserSig({
  sdkAppId: c.sdkAppId, secretKey: c.key, identifier: c.identifier, expire: c.expire, now: c.time,
  ...(c.userbuf && { userbuf: new Uint8Array(c.userbuf) }),
});
const claimsOf = (c) => ({
  identifier: c.identifier, sdkAppId: c.sdkAppId, time: c.time, expire: c.expire,
  ...(c.userbuf && { userbuf: new Uint8Array(c.userbuf) }),
});

/** The same JSON bytes as `userSig` holds, stored at zlib level 0 by node:zlib. */
const level0Of = (userSig) => encodeSig(sigJson(userSig), 0);

describe('generated cases against the official library', () => {
  test('the cases cover what they should', () => {
    assert.equal(cases.length, CASES);
    const has = (re) => cases.some((c) => re.test(c.identifier));
    assert.ok(has(/[\u4e00-\u9fff]/u) && has(/\p{Extended_Pictographic}/u) && has(/["\\]/) && has(/[\u0000-\u001f]/));
    assert.ok(cases.some((c) => c.userbuf?.length === 0) && cases.some((c) => c.userbuf?.length > 0));
    assert.ok(cases.some((c) => c.expire === 1) && cases.some((c) => c.expire === MAX_EXPIRE));
  });

  test('genUserSig holds the same TLS.sig and claims as the official UserSig made at the same time', () => {
    for (const c of cases) {
      const mine = ours(c);
      const theirs = official(c);
      assert.deepEqual(decodeSig(mine), decodeSig(theirs), JSON.stringify(c.identifier));
      assert.equal(decodeSig(mine)['TLS.sig'], expectedTlsSig(decodeSig(theirs), c.key));
    }
  });

  test('genUserSig is byte for byte the official JSON stored at zlib level 0', () => {
    for (const c of cases) assert.equal(ours(c), level0Of(official(c)), JSON.stringify(c.identifier));
  });

  test('verifyUserSig accepts every official UserSig and returns its claims', () => {
    for (const c of cases) {
      const userSig = official(c);
      const base = { userSig, sdkAppId: c.sdkAppId, secretKey: c.key };
      assert.deepEqual(pkg.verifyUserSig({ ...base, now: c.time }), claimsOf(c));
      assert.deepEqual(pkg.verifyUserSig({ ...base, identifier: c.identifier, now: c.time + c.expire }), claimsOf(c));
    }
  });

  test('verifyUserSig returns userbuf as a Uint8Array, and no userbuf key without one', () => {
    const claimsOfCase = (c) => pkg.verifyUserSig({ userSig: official(c), sdkAppId: c.sdkAppId, secretKey: c.key, now: c.time });
    assert.ok(claimsOfCase(cases.find((c) => c.userbuf?.length > 0)).userbuf instanceof Uint8Array);
    assert.equal(Object.hasOwn(claimsOfCase(cases.find((c) => !c.userbuf)), 'userbuf'), false);
  });
});

describe('official vectors (tests/vectors/usersig-vectors.json)', () => {
  for (const v of VECTORS.cases) {
    test(`${v.identifier} ${v.expire}${v.userbuf_utf8 ? ' userbuf' : ''}`, () => {
      const options = { sdkAppId: VECTORS.sdkappid, secretKey: VECTORS.secret_key, identifier: v.identifier, expire: v.expire, now: VECTORS.time };
      if (v.userbuf_utf8 !== null) options.userbuf = new TextEncoder().encode(v.userbuf_utf8);
      const sig = pkg.genUserSig(options);
      assert.equal(sig, v.zlib_level0_usersig_of_that_json);
      assert.equal(decodeSig(sig)['TLS.sig'], v.tls_sig);
      assert.equal(level0Of(v.official_node_usersig), v.zlib_level0_usersig_of_that_json);
      const claims = pkg.verifyUserSig({ userSig: v.official_node_usersig, sdkAppId: VECTORS.sdkappid, secretKey: VECTORS.secret_key, now: VECTORS.time });
      assert.equal(claims.identifier, v.identifier);
      assert.deepEqual(claims.userbuf, options.userbuf);
    });
  }
});

describe('genUserSig details', () => {
  test('defaults: now is the clock, expire is 180 days', () => {
    const before = Math.floor(Date.now() / 1000);
    const doc = decodeSig(pkg.genUserSig({ sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'a' }));
    assert.ok(doc['TLS.time'] >= before && doc['TLS.time'] <= Math.ceil(Date.now() / 1000));
    assert.equal(doc['TLS.expire'], 15552000);
  });

  test('userbuf: a Buffer and a subarray view sign exactly their bytes', () => {
    const expected = officialSig({ id: 'u', timeSec: 1700000000, userbuf: Buffer.from([1, 2, 3]) });
    const base = { sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'u', expire: 86400, now: 1700000000 };
    assert.equal(pkg.genUserSig({ ...base, userbuf: Buffer.from([1, 2, 3]) }), level0Of(expected));
    assert.equal(pkg.genUserSig({ ...base, userbuf: new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4) }), level0Of(expected));
  });

  test('an identifier with a lone surrogate is refused rather than signed as U+FFFD', () => {
    const err = thrown(() => pkg.genUserSig({ sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'a\ud800b', now: 1700000000 }));
    assert.equal(err.field, 'identifier');
  });
});

describe('verification errors', () => {
  const T = 1700000000;
  const E = 3600;
  const sig = officialSig({ id: 'alice', expire: E, timeSec: T });
  const base = { userSig: sig, sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'alice' };
  const expectCode = (options, code) => {
    const err = assertChatError(thrown(() => pkg.verifyUserSig(options)), { kind: 'usersig', code, status: 0, retryable: false, attempts: 0 }, pkg.isChatError);
    assert.ok(err instanceof pkg.ChatError);
    assertNoSecrets(err, [options.secretKey, options.userSig]);
  };
  const reencode = (doc) => encodeSig(JSON.stringify(doc));

  test('70001: expired one second after time + expire; equality is still valid', () => {
    assert.equal(pkg.verifyUserSig({ ...base, now: T + E }).expire, E);
    expectCode({ ...base, now: T + E + 1 }, 70001);
  });

  test('70003: not decodable, not zlib, not JSON, or missing claims', () => {
    const notJson = encodeSig('not json');
    const noSig = reencode({ 'TLS.ver': '2.0', 'TLS.identifier': 'alice', 'TLS.sdkappid': SDKAPPID, 'TLS.time': T, 'TLS.expire': E });
    for (const userSig of [sig.slice(0, -12), 'not a usersig!', 'aGVsbG8gd29ybGQ_', notJson, noSig]) {
      expectCode({ ...base, userSig, now: T }, 70003);
    }
  });

  test('70009: wrong key, tampered claims, or wrong key even when expired', () => {
    expectCode({ ...base, secretKey: KEY.replace('5', '6'), now: T }, 70009);
    expectCode({ ...base, userSig: reencode({ ...decodeSig(sig), 'TLS.expire': E * 2 }), now: T + E + 1 }, 70009);
    expectCode({ ...base, secretKey: 'x'.repeat(64), now: T + E + 1 }, 70009);
  });

  test('70013: made for another identifier', () => expectCode({ ...base, identifier: 'bob', now: T }, 70013));

  test('70014: made for another SDKAppID', () => expectCode({ ...base, sdkAppId: SDKAPPID + 1, now: T }, 70014));

  test('an official UserSig re-encoded at another level still verifies (the JSON is what counts)', () => {
    assert.equal(pkg.verifyUserSig({ ...base, userSig: reencode(decodeSig(sig)), now: T }).identifier, 'alice');
  });
});

describe('invalid options: invalid-request naming the field, no secret in the error', () => {
  const gen = { sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'a', expire: 60, now: 1700000000 };
  const verify = { userSig: officialSig({ timeSec: 1700000000 }), sdkAppId: SDKAPPID, secretKey: KEY, now: 1700000000 };
  const bad = [
    ['genUserSig', gen, { sdkAppId: undefined }, 'sdkAppId'],
    ['genUserSig', gen, { sdkAppId: 0 }, 'sdkAppId'],
    ['genUserSig', gen, { sdkAppId: -1 }, 'sdkAppId'],
    ['genUserSig', gen, { sdkAppId: 1.5 }, 'sdkAppId'],
    ['genUserSig', gen, { sdkAppId: '1400000000' }, 'sdkAppId'],
    ['genUserSig', gen, { sdkAppId: 2 ** 53 }, 'sdkAppId'],
    ['genUserSig', gen, { secretKey: undefined }, 'secretKey'],
    ['genUserSig', gen, { secretKey: '' }, 'secretKey'],
    ['genUserSig', gen, { identifier: '' }, 'identifier'],
    ['genUserSig', gen, { identifier: 42 }, 'identifier'],
    ['genUserSig', gen, { expire: 0 }, 'expire'],
    ['genUserSig', gen, { expire: MAX_EXPIRE + 1 }, 'expire'],
    ['genUserSig', gen, { expire: 1.5 }, 'expire'],
    ['genUserSig', gen, { userbuf: 'abc' }, 'userbuf'],
    ['genUserSig', gen, { userbuf: [1, 2] }, 'userbuf'],
    ['genUserSig', gen, { now: -1 }, 'now'],
    ['genUserSig', gen, { now: 1.5 }, 'now'],
    ['verifyUserSig', verify, { userSig: '' }, 'userSig'],
    ['verifyUserSig', verify, { userSig: undefined }, 'userSig'],
    ['verifyUserSig', verify, { sdkAppId: 0 }, 'sdkAppId'],
    ['verifyUserSig', verify, { secretKey: undefined }, 'secretKey'],
    ['verifyUserSig', verify, { identifier: '' }, 'identifier'],
    ['verifyUserSig', verify, { now: 'now' }, 'now'],
  ];
  for (const [fn, base, change, field] of bad) {
    const [[key, value]] = Object.entries(change);
    test(`${fn} ${key}: ${value === undefined ? 'missing' : JSON.stringify(value)} → ${field}`, () => {
      const options = { ...base, ...change };
      for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
      const err = assertChatError(thrown(() => pkg[fn](options)), { kind: 'invalid-request', field }, pkg.isChatError);
      assertNoSecrets(err, [KEY, verify.userSig]);
    });
  }

  test('options that are not an object', () => {
    for (const fn of ['genUserSig', 'verifyUserSig']) {
      assertChatError(thrown(() => pkg[fn]()), { kind: 'invalid-request', field: 'options' }, pkg.isChatError);
      assertChatError(thrown(() => pkg[fn]('x')), { kind: 'invalid-request', field: 'options' }, pkg.isChatError);
    }
  });
});

test('decodeUserSig reads the claims of official strings without the key, and refuses junk', () => {
  for (const c of VECTORS.cases) {
    const claims = pkg.decodeUserSig(c.official_node_usersig);
    assert.deepEqual([claims.identifier, claims.sdkAppId, claims.time, claims.expire], [c.identifier, VECTORS.sdkappid, VECTORS.time, c.expire]);
    assert.deepEqual(claims.userbuf && Buffer.from(claims.userbuf).toString(), c.userbuf_utf8 ?? undefined);
  }
  assert.throws(() => pkg.decodeUserSig('eJyrVgrx'), (err) => pkg.isChatError(err) && err.kind === 'usersig' && err.code === 70003);
  assert.throws(() => pkg.decodeUserSig(42), (err) => pkg.isChatError(err) && err.kind === 'invalid-request' && err.field === 'userSig');
});

describe('userbuf: what decoding would refuse is refused at signing', () => {
  // Decoding reads at most 65536 bytes of the UserSig's JSON. With these claims the rest of the document is 191
  // bytes (counted by hand from the official layout), so the userbuf's base64 may take 65345 characters: 49008 bytes.
  const options = (n) => ({ sdkAppId: 1400000000, secretKey: KEY, identifier: 'administrator', expire: 86400, now: 1700000000, userbuf: new Uint8Array(n).fill(7) });

  test('the largest userbuf signs, verifies and decodes (the official layout, read without the package)', () => {
    const sig = pkg.genUserSig(options(49008));
    assert.equal(decodeSig(sig)['TLS.userbuf'].length, 65344);
    assert.ok(sigJson(sig).length <= 65536);
    const claims = pkg.verifyUserSig({ userSig: sig, sdkAppId: 1400000000, secretKey: KEY, identifier: 'administrator', now: 1700000000 });
    assert.equal(claims.userbuf.length, 49008);
    assert.equal(pkg.decodeUserSig(sig).userbuf.length, 49008);
  });

  test('one byte more is refused at signing, naming userbuf and the limit', () => {
    const err = thrown(() => pkg.genUserSig(options(49009)));
    assertChatError(err, { kind: 'invalid-request', field: 'userbuf' }, pkg.isChatError);
    assert.match(err.message, /at most 49008 bytes/);
    assert.match(err.message, /65536/);
    assertNoSecrets(err, [KEY]);
  });
});
