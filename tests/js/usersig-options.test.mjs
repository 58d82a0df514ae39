// genUserSig and verifyUserSig read their options once each (a getter could answer differently the second
// time), treat a throwing getter as a missing option, and answer every kind of value in every field with a
// result or a ChatError that names that field.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as pkg from '../../pkg/node.js';
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
    return { error: { kind: err.kind, field: err.field, code: err.code, message: err.message } };
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

describe('genUserSig options', () => {
  test('every kind of value in every field: a UserSig, or a ChatError naming that field', () => {
    for (const key of ['sdkAppId', 'secretKey', 'identifier', 'expire', 'userbuf', 'now']) {
      for (const [i, value] of VALUES.entries()) {
        const result = outcome(() => pkg.genUserSig({ ...base, [key]: value }));
        if (result.error) assert.equal(result.error.field, key, `${key}: VALUES[${i}]: ${result.error.message}`);
        else assert.equal(pkg.decodeUserSig(result.value).identifier, key === 'identifier' ? value : 'administrator');
      }
    }
  });

  test('a lone surrogate, a bigint or a function is refused with its type named', () => {
    for (const [value, word] of [['a\ud800b', 'lone UTF-16 surrogate'], [10n, 'bigint'], [() => 'f', 'function'], [Symbol('s'), 'symbol']]) {
      const err = thrown(() => pkg.genUserSig({ ...base, identifier: value }));
      assert.equal(err.field, 'identifier');
      assert.match(err.message, new RegExp(word));
    }
  });

  test('identifiers and keys beyond ASCII, and a userbuf, give the same UserSig as the official library would sign', () => {
    for (const identifier of ['管理员', 'a"b\\c\n\u0001', '😀', 'x'.repeat(10_000)]) {
      for (const secretKey of [KEY, 'clé-秘密-🔑', 'k'.repeat(200)]) {
        const sig = pkg.genUserSig({ ...base, identifier, secretKey, userbuf: new Uint8Array([0, 255, 7]) });
        const claims = pkg.verifyUserSig({ userSig: sig, sdkAppId: SDKAPPID, secretKey, identifier, now: T });
        assert.deepEqual([claims.identifier, [...claims.userbuf]], [identifier, [0, 255, 7]]);
      }
    }
  });

  test('defaults: expire is 180 days, now is the clock', () => {
    const before = Math.floor(Date.now() / 1000);
    const claims = pkg.decodeUserSig(pkg.genUserSig({ sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'a' }));
    assert.equal(claims.expire, 15552000);
    assert.ok(claims.time >= before && claims.time <= Math.ceil(Date.now() / 1000), String(claims.time));
  });

  test('each option is read once', () => {
    for (const options of [base, { ...base, expire: 0 }, { ...base, identifier: 5 }, { ...base, userbuf: new Uint8Array(2) }]) {
      const { o, reads } = counted(options);
      outcome(() => pkg.genUserSig(o));
      assert.deepEqual(reads, Object.fromEntries(Object.keys(options).map((k) => [k, 1])));
    }
  });

  test('a throwing getter reads as missing', () => {
    const o = Object.defineProperty({ ...base }, 'expire', { get() { throw new Error('getter'); }, enumerable: true });
    assert.equal(pkg.decodeUserSig(pkg.genUserSig(o)).expire, 15552000);
    assert.equal(thrown(() => pkg.genUserSig(trap)).field, 'sdkAppId');
  });

  test('different identifiers give different UserSigs (nothing is reused between calls)', () => {
    const sigs = new Set(Array.from({ length: 100 }, (_, i) => pkg.genUserSig({ ...base, identifier: `user${i}` })));
    assert.equal(sigs.size, 100);
    for (const [i, sig] of [...sigs].entries()) assert.equal(pkg.decodeUserSig(sig).identifier, `user${i}`);
  });
});

describe('verifyUserSig options', () => {
  const sig = pkg.genUserSig({ ...base, userbuf: new Uint8Array([1, 2, 3]) });
  const verifyBase = { userSig: sig, sdkAppId: SDKAPPID, secretKey: KEY, identifier: 'administrator', now: T };

  test('every kind of value in every field: the claims, a usersig error, or a ChatError naming that field', () => {
    for (const key of ['userSig', 'sdkAppId', 'secretKey', 'identifier', 'now']) {
      for (const [i, value] of [...VALUES, sig, 'administrator', T + 86401].entries()) {
        const result = outcome(() => pkg.verifyUserSig({ ...verifyBase, [key]: value }));
        if (result.error?.kind === 'invalid-request') assert.equal(result.error.field, key, `${key}: value ${i}`);
        else if (result.error) assert.equal(result.error.kind, 'usersig', `${key}: value ${i}`);
        else assert.equal(result.value.identifier, 'administrator');
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
