// genUserSig and verifyUserSig read their options in JS (pkg/usersig.js) and take a fast path to wasm when
// every field has its type; anything else goes to the careful wasm readers. Both paths must agree: the
// same UserSig, the same claims, the same ChatError, and each option getter read once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as pkg from '../../pkg/node.js';
import * as careful from '../../pkg/tencent_chat_admin.js';
import { KEY, SDKAPPID, thrown } from './helpers.mjs';

const T = 1700000000;
const base = { sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'administrator', expire: 86400, now: T };
const trap = new Proxy({}, { get() { throw new Error('trap'); } });
const VALUES = [undefined, null, 0, -1, 1, 1.5, NaN, Infinity, -0, 2 ** 53, 2 ** 53 - 1, 1577880000, 1577880001, '', 'x', 'a\ud800b',
  '\udc00', true, [], {}, Symbol('s'), 10n, () => 'f', trap, new Uint8Array([1, 2]), Buffer.from([3]), new Uint16Array(1), new Date(0)];

/** What a call gave: its result, or the ChatError's visible parts. */
function outcome(fn) {
  try {
    return { value: fn() };
  } catch (err) {
    assert.ok(pkg.isChatError(err), `${err?.name}: ${err?.message}`);
    return { error: { name: err.name, kind: err.kind, field: err.field, code: err.code, message: err.message } };
  }
}

/** `options` with a getter for each key that counts its reads. */
function counted(options) {
  const reads = {};
  const o = {};
  for (const [key, value] of Object.entries(options)) {
    Object.defineProperty(o, key, { enumerable: true, get: () => { reads[key] = (reads[key] ?? 0) + 1; return value; } });
  }
  return { o, reads };
}

describe('genUserSig: the fast path and the careful path agree', () => {
  test('on every kind of value in every field', () => {
    for (const key of ['sdkAppId', 'secretKey', 'identifier', 'expire', 'userbuf', 'now']) {
      for (const [i, value] of VALUES.entries()) {
        const options = { ...base, [key]: value };
        assert.deepEqual(outcome(() => pkg.genUserSig(options)), outcome(() => careful.genUserSig(options)), `${key}: VALUES[${i}]`);
      }
    }
  });

  test('on identifiers and keys beyond ASCII, and with a userbuf', () => {
    for (const identifier of ['管理员', 'a"b\\c\n\u0001', '😀', 'x'.repeat(10_000)]) {
      for (const secretKey of [KEY, 'clé-秘密-🔑', 'k'.repeat(200)]) {
        const options = { ...base, identifier, secretKey, userbuf: new Uint8Array([0, 255, 7]) };
        assert.equal(pkg.genUserSig(options), careful.genUserSig(options));
      }
    }
  });

  test('defaults: expire is 180 days, now is the clock', () => {
    const before = Math.floor(Date.now() / 1000);
    const claims = pkg.decodeUserSig(pkg.genUserSig({ sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'a' }));
    assert.equal(claims.expire, 15552000);
    assert.ok(claims.time >= before && claims.time <= Math.ceil(Date.now() / 1000), String(claims.time));
  });

  test('each option is read once, on the fast path and on the careful one', () => {
    for (const options of [base, { ...base, expire: 0 }, { ...base, identifier: 5 }]) {
      const { o, reads } = counted(options);
      outcome(() => pkg.genUserSig(o));
      assert.deepEqual(reads, { sdkAppId: 1, secretKey: 1, identifier: 1, expire: 1, now: 1 });
    }
  });

  test('a throwing getter reads as missing, as in wasm', () => {
    const o = Object.defineProperty({ ...base }, 'expire', { get() { throw new Error('getter'); } });
    assert.equal(pkg.decodeUserSig(pkg.genUserSig(o)).expire, 15552000);
    assert.deepEqual(outcome(() => pkg.genUserSig(trap)), outcome(() => careful.genUserSig(trap)));
  });

  test('different identifiers give different UserSigs (nothing is reused between calls)', () => {
    const sigs = new Set(Array.from({ length: 100 }, (_, i) => pkg.genUserSig({ ...base, identifier: `user${i}` })));
    assert.equal(sigs.size, 100);
    for (const [i, sig] of [...sigs].entries()) assert.equal(pkg.decodeUserSig(sig).identifier, `user${i}`);
  });
});

describe('verifyUserSig: the fast path and the careful path agree', () => {
  const sig = pkg.genUserSig({ ...base, userbuf: new Uint8Array([1, 2, 3]) });
  const verifyBase = { userSig: sig, sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'administrator', now: T };

  test('on every kind of value in every field', () => {
    for (const key of ['userSig', 'sdkAppId', 'secretKey', 'identifier', 'now']) {
      for (const [i, value] of [...VALUES, sig, 'administrator', T + 86401].entries()) {
        const options = { ...verifyBase, [key]: value };
        assert.deepEqual(outcome(() => pkg.verifyUserSig(options)), outcome(() => careful.verifyUserSig(options)), `${key}: value ${i}`);
      }
    }
  });

  test('each option is read once', () => {
    const { o, reads } = counted(verifyBase);
    pkg.verifyUserSig(o);
    assert.deepEqual(reads, { userSig: 1, sdkAppId: 1, secretKey: 1, identifier: 1, now: 1 });
  });

  test('now defaults to the clock', () => {
    const fresh = pkg.genUserSig({ ...base, now: undefined, expire: 60 });
    assert.equal(pkg.verifyUserSig({ ...verifyBase, userSig: fresh, now: undefined }).expire, 60);
    const old = pkg.genUserSig({ ...base, now: 1000, expire: 60 });
    assert.equal(thrown(() => pkg.verifyUserSig({ ...verifyBase, userSig: old, now: undefined })).code, 70001);
  });
});
