// genPrivateMapKey against the official Node library (tls-sig-api-v2 1.0.2, its genPrivateMapKey and
// genPrivateMapKeyWithStringRoomID with the clock pinned): the userbuf and TLS.sig of seeded random cases and of the
// reference's vectors, numeric and string rooms, from both entries; what decodeUserSig and verifyUserSig show of
// one; and every refusal with its field path.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as pkg from '../../pkg/node.js';
import * as usersig from '../../pkg/usersig/node.js';
import { decodeSig, encodeSig, KEY, officialPrivateMapKey, prng, SDKAPPID, sigJson, thrown } from './helpers.mjs';

const CASES = 300;
const MAX_EXPIRE = 1577880000;
const U32 = 2 ** 32 - 1;
/** The privileges, written from the reference's table: bit i (value 2^i) is NAMES[i]. */
const NAMES = ['createRoom', 'enterRoom', 'sendAudio', 'receiveAudio', 'sendVideo', 'receiveVideo', 'sendScreen', 'receiveScreen'];
const namesOf = (map) => NAMES.filter((_, bit) => map & (1 << bit));
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
// Any ASCII signs alike in every official library: the documented characters, and some the JSON escapes.
const ROOM_CHARS = `${ID_CHARS} !#$%&()+:;<=.>?@[]^{}|~,"\\/\u0001\u007f`;

/** The cases: identifier, sdkAppId, room (a number or a string), privileges (a number), time, expire. */
function generateCases() {
  const rand = prng(0x0ba5e);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (list) => list[int(0, list.length - 1)];
  const text = (chars, lo, hi) => Array.from({ length: int(lo, hi) }, () => pick(chars)).join('');
  return Array.from({ length: CASES }, (_, i) => {
    const time = i === 0 ? U32 - MAX_EXPIRE : int(1_000_000_000, 2_000_000_000);
    const longest = Math.min(MAX_EXPIRE, U32 - time);
    const room = i % 2
      ? pick([1, 10000, 2 ** 31, U32, int(1, U32)])
      : pick([() => text(ROOM_CHARS, 1, 64), () => String(int(0, U32)), () => text(ID_CHARS, 1, 8)])();
    return {
      identifier: i % 7 ? text(ID_CHARS, 1, 32) : text(ROOM_CHARS, 1, 40),
      sdkAppId: pick([SDKAPPID, 1, 2 ** 31, U32, int(1, U32)]),
      room,
      privileges: pick([0, 255, 42, int(0, 255)]),
      time,
      expire: i === 0 ? longest : pick([1, 300, 86400, int(1, longest)]),
      byName: rand() < 0.5,
    };
  });
}

const cases = generateCases();
const official = (c) => officialPrivateMapKey({ id: c.identifier, expire: c.expire, sdkAppId: c.sdkAppId, timeSec: c.time, room: c.room, privileges: c.privileges });
/** The privileges as ours takes them: the number, or the names in a shuffled order. */
const given = (c) => (c.byName ? namesOf(c.privileges).sort((a, b) => (a.length * 31 + c.time) % 7 - (b.length * 31 + c.time) % 7) : c.privileges);
const ours = (entry, c) => entry.genPrivateMapKey({
  sdkAppId: c.sdkAppId, secretKey: KEY, identifier: c.identifier, roomId: c.room, privileges: given(c), expire: c.expire, now: c.time,
});
const expectedKey = (c) => ({
  roomId: c.room, privileges: c.privileges, privilegeNames: namesOf(c.privileges), expiresAt: c.time + c.expire, sdkAppId: c.sdkAppId, identifier: c.identifier,
});

describe('seeded random cases against the official library', () => {
  test('the cases cover both forms, both ways of giving privileges, and the edges', () => {
    assert.ok(cases.some((c) => typeof c.room === 'number') && cases.some((c) => typeof c.room === 'string'));
    assert.ok(cases.some((c) => typeof c.room === 'string' && /^\d+$/.test(c.room)), 'a string room of digits');
    assert.ok(cases.some((c) => c.byName) && cases.some((c) => !c.byName));
    assert.ok(cases.some((c) => c.room === U32) && cases.some((c) => c.sdkAppId === U32) && cases.some((c) => c.privileges === 0));
    assert.equal(cases[0].time + cases[0].expire, U32, 'an expiry at the last second 4 bytes hold');
  });

  test('the userbuf and TLS.sig are the official ones (the whole JSON compared), from both entries', () => {
    for (const c of cases) {
      const theirs = decodeSig(official(c));
      assert.ok(theirs['TLS.userbuf'], 'the official one has a userbuf');
      assert.deepEqual(decodeSig(ours(pkg, c)), theirs, JSON.stringify(c));
      assert.equal(ours(usersig, c), ours(pkg, c));
    }
  });

  test('byte for byte the official JSON stored at zlib level 0', () => {
    for (const c of cases) assert.equal(ours(pkg, c), encodeSig(sigJson(official(c)), 0), JSON.stringify(c));
  });

  test('decodeUserSig and verifyUserSig show what the official PrivateMapKeys grant', () => {
    for (const c of cases) {
      const userSig = official(c);
      const claims = pkg.decodeUserSig(userSig);
      assert.deepEqual(claims.privateMapKey, expectedKey(c), JSON.stringify(c));
      assert.deepEqual([claims.time, claims.expire], [c.time, c.expire]);
      const verified = usersig.verifyUserSig({ userSig, sdkAppId: c.sdkAppId, secretKey: KEY, identifier: c.identifier, now: c.time });
      assert.deepEqual(verified.privateMapKey, expectedKey(c));
    }
  });
});

describe("the reference's vectors (clock 1700000000, xiaojun, expire 300)", () => {
  const base = { sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'xiaojun', expire: 300, now: 1700000000 };
  for (const [form, roomId, privileges, userbuf, sig] of [
    ['numeric', 10000, 255, 'AAAHeGlhb2p1blNyTgAAACcQZVPyLAAAAP8AAAAA', '0+M4K64lITF5k+8jtQGalx0fgxd1aweZx0fZYfdnvZk='],
    ['string', 'adbjkl', 42, 'AQAHeGlhb2p1blNyTgAAAAAAZVPyLAAAACoAAAAAAAZhZGJqa2w=', 'xiRfrLESADoZFJE8iKRrZWaFsR+26xtxS/MWOnfRW3I='],
  ]) {
    test(`${form} room`, () => {
      for (const entry of [pkg, usersig]) {
        for (const p of [privileges, namesOf(privileges)]) {
          const doc = decodeSig(entry.genPrivateMapKey({ ...base, roomId, privileges: p }));
          assert.deepEqual([doc['TLS.userbuf'], doc['TLS.sig'], doc['TLS.expire'], doc['TLS.time']], [userbuf, sig, 300, 1700000000]);
        }
      }
      const official = officialPrivateMapKey({ id: 'xiaojun', expire: 300, timeSec: 1700000000, room: roomId, privileges });
      assert.deepEqual([decodeSig(official)['TLS.userbuf'], decodeSig(official)['TLS.sig']], [userbuf, sig]);
      const shown = pkg.decodeUserSig(official).privateMapKey;
      assert.deepEqual(shown, { roomId, privileges, privilegeNames: namesOf(privileges), expiresAt: 1700000300, sdkAppId: SDKAPPID, identifier: 'xiaojun' });
    });
  }

  test('the same userbuf given to genUserSig makes the same UserSig', () => {
    const userbuf = new Uint8Array(Buffer.from('AAAHeGlhb2p1blNyTgAAACcQZVPyLAAAAP8AAAAA', 'base64'));
    assert.equal(pkg.genUserSig({ ...base, userbuf }), pkg.genPrivateMapKey({ ...base, roomId: 10000, privileges: 255 }));
  });
});

describe('decoding a UserSig that is not a PrivateMapKey', () => {
  test('no privateMapKey key: without a userbuf, with another one, with one a byte too long', () => {
    const base = { sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'a', now: 1700000000 };
    const vector = Buffer.from('AAAHeGlhb2p1blNyTgAAACcQZVPyLAAAAP8AAAAA', 'base64');
    for (const userbuf of [undefined, new Uint8Array([1, 2, 3]), new Uint8Array([...vector, 0]), new Uint8Array(vector.subarray(0, -1))]) {
      const claims = pkg.decodeUserSig(pkg.genUserSig({ ...base, ...(userbuf && { userbuf }) }));
      assert.equal(Object.hasOwn(claims, 'privateMapKey'), false);
      assert.deepEqual(claims.userbuf, userbuf);
    }
  });
});

describe('refusals, each naming its field', () => {
  const base = { sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'alice', roomId: 1234, privileges: ['enterRoom'], now: 1700000000 };
  const refused = (extra) => {
    const err = thrown(() => pkg.genPrivateMapKey({ ...base, ...extra }));
    assert.ok(pkg.isChatError(err) && err.kind === 'invalid-request', String(err));
    assert.deepEqual(thrown(() => usersig.genPrivateMapKey({ ...base, ...extra })).message, err.message, 'the sign-only entry alike');
    assert.ok(!err.message.includes(KEY));
    return [err.field, err.message];
  };

  test('where the official libraries disagree: an empty string room, identifiers and rooms beyond ASCII', () => {
    // The official Node library makes a string-form key of an empty room; others make a numeric one.
    const empty = Buffer.from(decodeSig(officialPrivateMapKey({ id: 'a', expire: 300, timeSec: 1, room: '', privileges: 1 }))['TLS.userbuf'], 'base64');
    assert.deepEqual([empty[0], empty.length, ...empty.subarray(-2)], [1, 26, 0, 0], 'version 1, a room of length 0');
    assert.match(refused({ roomId: '' })[1], /^roomId must not be empty .*numeric room is a number/);
    assert.match(refused({ identifier: '管理员' })[1], /^identifier must be ASCII in a PrivateMapKey .*a-z, A-Z, 0-9, _, -/);
    assert.deepEqual(refused({ identifier: 'café' })[0], 'identifier');
    assert.deepEqual(refused({ roomId: '房间' })[0], 'roomId');
    assert.deepEqual(refused({ roomId: 'r'.repeat(65536) })[0], 'roomId');
  });

  test('rooms, privileges and numbers out of range', () => {
    for (const [extra, field, says] of [
      [{ roomId: 0 }, 'roomId', /from 1 to 4294967295/],
      [{ roomId: 2 ** 32 }, 'roomId', /from 1 to 4294967295/],
      [{ roomId: 1.5 }, 'roomId', /integer/],
      [{ roomId: -1 }, 'roomId', /from 1/],
      [{ roomId: true }, 'roomId', /a number or a string, not boolean/],
      [{ roomId: undefined }, 'roomId', /is required/],
      [{ roomId: 'a\ud800' }, 'roomId', /lone UTF-16 surrogate/],
      [{ privileges: 256 }, 'privileges', /from 0 to 255/],
      [{ privileges: 'enterRoom' }, 'privileges', /a number from 0 to 255 or a list of privilege names, not string/],
      [{ privileges: undefined }, 'privileges', /is required/],
      [{ privileges: new Uint8Array([2]) }, 'privileges', /not object/],
      [{ privileges: ['enterRoom', 'recieveAudio'] }, 'privileges[1]', /is not a privilege name: createRoom, enterRoom, sendAudio, receiveAudio, sendVideo, receiveVideo, sendScreen, receiveScreen$/],
      [{ privileges: ['enterroom'] }, 'privileges[0]', /did you mean enterRoom\?$/],
      [{ privileges: ['sendScreenShare'] }, 'privileges[0]', /did you mean sendScreen\?$/],
      [{ privileges: ['enterRoom', 'sendAudio', 'enterRoom'] }, 'privileges[2]', /repeats enterRoom/],
      [{ privileges: ['enterRoom', 2] }, 'privileges[1]', /must be a string, not number/],
      [{ privileges: [, 'enterRoom'] }, 'privileges[0]', /is required/], // eslint-disable-line no-sparse-arrays
      [{ privileges: new Array(1e6).fill('enterRoom') }, 'privileges[1]', /repeats enterRoom/],
      [{ privileges: [...NAMES, 'createRoom'] }, 'privileges[8]', /repeats createRoom/],
      [{ sdkAppId: 2 ** 32 }, 'sdkAppId', /at most 4294967295 in a PrivateMapKey/],
      [{ now: U32 - 299, expire: 300 }, 'expire', /4294967295 \(in 2106\)/],
      [{ identifier: 'i'.repeat(30000) }, 'identifier', /JSON may hold 65536 bytes/],
      [{ roomId: 'r'.repeat(50000) }, 'roomId', /JSON may hold 65536 bytes/],
      [{ roomid: 1 }, 'roomid', /not an option; did you mean roomId\?/],
      [{ privilegeMap: 255 }, 'privilegeMap', /did you mean privileges\?/],
      [{ userbuf: new Uint8Array(1) }, 'userbuf', /is not an option/],
    ]) {
      const [got, message] = refused(extra);
      assert.equal(got, field, `${JSON.stringify(Object.keys(extra))}: ${message}`);
      assert.match(message, says);
      assert.ok(message.startsWith(`${field} `), message);
    }
    assert.ok(pkg.genPrivateMapKey({ ...base, now: U32 - 300, expire: 300 }), 'the last second that fits');
  });

  test('defaults: expire 180 days, now the clock, used for the userbuf and TLS.time alike', () => {
    const before = Math.floor(Date.now() / 1000);
    const claims = pkg.decodeUserSig(pkg.genPrivateMapKey({ ...base, now: undefined }));
    assert.equal(claims.expire, 15552000);
    assert.ok(claims.time >= before && claims.time <= Math.ceil(Date.now() / 1000));
    assert.equal(claims.privateMapKey.expiresAt, claims.time + claims.expire);
  });

  test('each option and each listed privilege is read once; a throwing item reads as missing', () => {
    const reads = {};
    const o = {};
    const list = new Proxy(['enterRoom', 'sendAudio'], {
      get(target, key) {
        reads[`privileges.${String(key)}`] = (reads[`privileges.${String(key)}`] ?? 0) + 1;
        return target[key];
      },
    });
    for (const [key, value] of Object.entries({ ...base, privileges: list })) {
      Object.defineProperty(o, key, { enumerable: true, get: () => { reads[key] = (reads[key] ?? 0) + 1; return value; } });
    }
    assert.equal(pkg.decodeUserSig(pkg.genPrivateMapKey(o)).privateMapKey.privileges, 6);
    assert.deepEqual(reads, { sdkAppId: 1, secretKey: 1, identifier: 1, roomId: 1, privileges: 1, now: 1, 'privileges.length': 1, 'privileges.0': 1, 'privileges.1': 1 });
    const throwing = Object.defineProperty(['enterRoom'], 1, { get() { throw new Error('item'); }, enumerable: true });
    assert.equal(refused({ privileges: throwing })[0], 'privileges[1]');
    const noLength = new Proxy([], { get(target, key) { if (key === 'length') throw new Error('length'); return target[key]; } });
    assert.match(refused({ privileges: noLength }).join(' '), /^privileges privileges is required/);
  });
});
