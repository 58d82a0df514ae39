// The sign-only entry, `tencent-chat-admin/usersig` (pkg/usersig/, its own small wasm): it signs and verifies as the
// official library and the vectors say, answers every input exactly as the main entry does, and installs from the
// tarball for Node (ESM and CJS), TypeScript and a page, which then loads its wasm and never the client's.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as main from '../../pkg/node.js';
import * as usersig from '../../pkg/usersig/node.js';
import { launchChromium, serveStatic } from '../browser.mjs';
import { installInto, pack, ROOT as root, run } from '../packed.mjs';
import { ADMIN, KEY, SDKAPPID, VECTORS, assertChatError, assertGenuineSig, decodeSig, officialSig, thrown } from './helpers.mjs';

const T = 1_700_000_000;
const base = { sdkAppId: SDKAPPID, secretKey: KEY, identifier: ADMIN, expire: 86400, now: T };
const genOptions = (c) => ({ sdkAppId: VECTORS.sdkappid, secretKey: VECTORS.secret_key, identifier: c.identifier, expire: c.expire, now: VECTORS.time });
const withUserbuf = (c) => (c.userbuf_utf8 === null ? genOptions(c) : { ...genOptions(c), userbuf: new TextEncoder().encode(c.userbuf_utf8) });
const trap = new Proxy({}, { get() { throw new Error('trap'); } });
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
// Every kind of value, as tests/js/usersig-options.test.mjs tries them.
const VALUES = [undefined, null, 0, -1, 1, 1.5, NaN, Infinity, -0, 2 ** 53, 2 ** 53 - 1, 1577880000, 1577880001, '', 'x', 'a\ud800b',
  '\udc00', 'a\ufffdb', true, [], {}, Symbol('s'), 10n, () => 'f', trap, new Uint8Array([1, 2]), Buffer.from([3]), new Uint16Array(1),
  new Date(0), new Map(), /x/, Object.create(null)];

/** What a call gave: its result, or the ChatError's visible parts (with its class name and stable fields). */
function outcome(isChatError, fn) {
  try {
    return { value: fn() };
  } catch (err) {
    assert.ok(isChatError(err), `${err?.name}: ${err?.message}`);
    const { name, kind, code, status, retryable, attempts, field, message } = err;
    return { error: { name, kind, code, status, retryable, attempts, field, message, keys: Object.keys(err) } };
  }
}

/** Asserts that both entries answer `call(entry)` alike. */
function same(call, what) {
  assert.deepEqual(outcome(usersig.isChatError, () => call(usersig)), outcome(main.isChatError, () => call(main)), what);
}

describe('the sign-only entry against the vectors and the official library', () => {
  test('it exports the four functions and the ChatError class and guard, nothing of the client', () => {
    assert.deepEqual(Object.keys(usersig).sort(), ['ChatError', 'decodeUserSig', 'genPrivateMapKey', 'genUserSig', 'isChatError', 'verifyUserSig']);
  });

  test('each vector is signed byte for byte, and each official UserSig verifies', () => {
    for (const c of VECTORS.cases) {
      assert.equal(usersig.genUserSig(withUserbuf(c)), c.zlib_level0_usersig_of_that_json, c.identifier);
      const claims = usersig.verifyUserSig({ userSig: c.official_node_usersig, sdkAppId: VECTORS.sdkappid, secretKey: VECTORS.secret_key, identifier: c.identifier, now: VECTORS.time });
      assert.deepEqual([claims.identifier, claims.expire, claims.time], [c.identifier, c.expire, VECTORS.time]);
    }
  });

  test('its UserSigs are the official library\'s documents, genuine for the key; it verifies the official ones', () => {
    for (const [identifier, userbuf] of [[ADMIN, undefined], ['管理员', undefined], ['alice', Buffer.from([0, 255, 7])]]) {
      const ours = usersig.genUserSig({ ...base, identifier, userbuf: userbuf && new Uint8Array(userbuf) });
      const official = officialSig({ id: identifier, timeSec: T, userbuf });
      assert.deepEqual(assertGenuineSig(ours), decodeSig(official));
      const claims = usersig.verifyUserSig({ userSig: official, sdkAppId: SDKAPPID, secretKey: KEY, identifier, now: T });
      assert.deepEqual([claims.identifier, claims.userbuf && [...claims.userbuf]], [identifier, userbuf && [...userbuf]]);
      assert.deepEqual(usersig.decodeUserSig(ours), main.decodeUserSig(ours));
    }
  });

  test('verification errors carry the service\'s codes', () => {
    const userSig = usersig.genUserSig(base);
    const verify = (extra) => thrown(() => usersig.verifyUserSig({ userSig, sdkAppId: SDKAPPID, secretKey: KEY, now: T, ...extra }));
    assertChatError(verify({ secretKey: 'wrong' }), { kind: 'usersig', code: 70009 }, usersig.isChatError);
    assertChatError(verify({ sdkAppId: 1400000001 }), { kind: 'usersig', code: 70014 }, usersig.isChatError);
    assertChatError(verify({ identifier: 'bob' }), { kind: 'usersig', code: 70013 }, usersig.isChatError);
    assertChatError(verify({ now: T + 86401 }), { kind: 'usersig', code: 70001 }, usersig.isChatError);
    assertChatError(thrown(() => usersig.decodeUserSig('eJy')), { kind: 'usersig', code: 70003 }, usersig.isChatError);
    assert.ok(verify({ secretKey: 'wrong' }) instanceof usersig.ChatError);
  });
});

describe('the sign-only entry answers as the main entry does', () => {
  test('every kind of value in every option, and as the options themselves', () => {
    for (const [key, value, i] of ['sdkAppId', 'secretKey', 'identifier', 'expire', 'userbuf', 'now'].flatMap((k) => VALUES.map((v, i) => [k, v, i]))) {
      same((m) => m.genUserSig({ ...base, [key]: value }), `genUserSig ${key}: VALUES[${i}]`);
    }
    const userSig = main.genUserSig({ ...base, userbuf: new Uint8Array([1, 2, 3]) });
    const verifyBase = { userSig, sdkAppId: SDKAPPID, secretKey: KEY, identifier: ADMIN, now: T };
    for (const [key, value, i] of ['userSig', 'sdkAppId', 'secretKey', 'identifier', 'now'].flatMap((k) => VALUES.map((v, i) => [k, v, i]))) {
      same((m) => m.verifyUserSig({ ...verifyBase, [key]: value }), `verifyUserSig ${key}: VALUES[${i}]`);
    }
    const keyBase = { ...base, roomId: 1234, privileges: ['enterRoom', 'receiveAudio'] };
    for (const [key, value, i] of ['sdkAppId', 'secretKey', 'identifier', 'roomId', 'privileges', 'expire', 'now'].flatMap((k) => VALUES.map((v, i) => [k, v, i]))) {
      same((m) => m.genPrivateMapKey({ ...keyBase, [key]: value }), `genPrivateMapKey ${key}: VALUES[${i}]`);
      if (key === 'privileges') same((m) => m.genPrivateMapKey({ ...keyBase, privileges: ['enterRoom', value] }), `genPrivateMapKey privileges[1]: VALUES[${i}]`);
    }
    const privateMapKey = main.genPrivateMapKey(keyBase);
    same((m) => m.decodeUserSig(privateMapKey), 'decodeUserSig of a PrivateMapKey');
    same((m) => m.verifyUserSig({ ...verifyBase, userSig: privateMapKey }), 'verifyUserSig of a PrivateMapKey');
    for (const [i, value] of [...VALUES, [1400000000, KEY, ADMIN], 1400000000, 1.5, 1e20, userSig].entries()) {
      same((m) => m.genUserSig(value), `genUserSig(value ${i})`);
      same((m) => m.genPrivateMapKey(value), `genPrivateMapKey(value ${i})`);
      same((m) => m.verifyUserSig(value), `verifyUserSig(value ${i})`);
      same((m) => m.decodeUserSig(value), `decodeUserSig(value ${i})`);
    }
  });

  test('names that are not options, hostile objects and getters', () => {
    for (const extra of [{ expireSeconds: 60 }, { time: T }, { appId: 1 }, { key: KEY }, { x: revoked() }, { nested: { deep: trap } }]) {
      same((m) => m.genUserSig({ ...base, ...extra }), Object.keys(extra)[0]);
      same((m) => m.verifyUserSig({ userSig: main.genUserSig(base), sdkAppId: SDKAPPID, secretKey: KEY, ...extra }), Object.keys(extra)[0]);
    }
    const getter = () => Object.defineProperty({ ...base }, 'expire', { get() { throw new Error('getter'); }, enumerable: true });
    same((m) => m.genUserSig(getter()), 'a throwing getter');
    const hidden = () => Object.defineProperty({ ...base }, 'identifier', { value: 'bob', enumerable: false });
    same((m) => m.genUserSig(hidden()), 'a non-enumerable option');
    const inherited = () => Object.assign(Object.create({ expire: 60 }), base, { expire: undefined });
    same((m) => m.genUserSig(inherited()), 'an inherited option');
    for (const options of [trap, revoked(), new Proxy(base, {}), Object.assign(Object.create(null), base)]) {
      same((m) => m.genUserSig(options), 'a proxy or a prototype-less object');
    }
  });

  test('each option is read once', () => {
    for (const options of [base, { ...base, identifier: 5 }, { ...base, userbuf: new Uint8Array(2) }]) {
      const reads = {};
      const o = {};
      for (const [key, value] of Object.entries(options)) {
        Object.defineProperty(o, key, { enumerable: true, get: () => { reads[key] = (reads[key] ?? 0) + 1; return value; } });
      }
      outcome(usersig.isChatError, () => usersig.genUserSig(o));
      assert.deepEqual(reads, Object.fromEntries(Object.keys(options).map((k) => [k, 1])));
    }
  });
});

describe('the sign-only entry installed from the tarball', () => {
  let tmp;
  let dir;
  const vector = VECTORS.cases[0];

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'tca-usersig-'));
    const packed = pack(tmp);
    const files = packed.files.map((f) => f.path);
    for (const f of ['usersig/index.js', 'usersig/node.js', 'usersig/index.d.ts', 'usersig/usersig.js', 'usersig/usersig.d.ts', 'usersig/usersig_bg.wasm']) {
      assert.ok(files.includes(f), `${f} is missing from the tarball`);
    }
    dir = installInto(join(tmp, 'project'), join(tmp, packed.filename), { name: 'project', type: 'module' });
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('the exports map: types first, then node, then default', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8'));
    assert.deepEqual(Object.entries(manifest.exports['./usersig']), [['types', './usersig/index.d.ts'], ['node', './usersig/node.js'], ['default', './usersig/index.js']]);
  });

  test('ESM import and CJS require both give the vector UserSig', () => {
    const options = JSON.stringify(genOptions(vector));
    writeFileSync(join(dir, 'check.mjs'), `import { genUserSig } from 'tencent-chat-admin/usersig';\nconsole.log(genUserSig(${options}));\n`);
    assert.equal(run(process.execPath, ['check.mjs'], dir).trim(), vector.zlib_level0_usersig_of_that_json);
    writeFileSync(join(dir, 'check.cjs'), `const { genUserSig, isChatError } = require('tencent-chat-admin/usersig');\nconsole.log(genUserSig(${options}), typeof isChatError);\n`);
    assert.equal(run(process.execPath, ['check.cjs'], dir).trim(), `${vector.zlib_level0_usersig_of_that_json} function`);
  });

  test('tsc resolves its types through the exports map (node16): the main entry\'s own', () => {
    writeFileSync(join(dir, 'check.ts'), [
      "import { genUserSig, genPrivateMapKey, verifyUserSig, decodeUserSig, isChatError, ChatError, type GenUserSigOptions, type UserSigClaims, type ChatErrorKind, type GenPrivateMapKeyOptions, type PrivateMapKeyClaims, type TrtcPrivilege } from 'tencent-chat-admin/usersig';",
      "import type * as Main from 'tencent-chat-admin';",
      "const options: GenUserSigOptions = { sdkAppId: 1, secretKey: 'k', identifier: 'a', userbuf: new Uint8Array(1) };",
      'export const sig: string = genUserSig(options);',
      "export const claims: UserSigClaims = verifyUserSig({ userSig: sig, sdkAppId: 1, secretKey: 'k' });",
      'export const same: Main.UserSigClaims = decodeUserSig(sig);',
      "export const kind: ChatErrorKind = 'usersig';",
      "const privileges: TrtcPrivilege[] = ['enterRoom', 'receiveAudio'];",
      "const keyOptions: GenPrivateMapKeyOptions = { sdkAppId: 1, secretKey: 'k', identifier: 'a', roomId: 'room', privileges };",
      'export const key: PrivateMapKeyClaims | undefined = decodeUserSig(genPrivateMapKey(keyOptions)).privateMapKey;',
      "export const mainKey: Main.PrivateMapKeyClaims | undefined = key;",
      '// @ts-expect-error: not a privilege name',
      "genPrivateMapKey({ ...keyOptions, privileges: ['enterroom'] });",
      'export const guard = (e: unknown): boolean => isChatError(e) || e instanceof ChatError;',
      '// @ts-expect-error: the options are one object',
      'genUserSig(1, "k", "a");',
      '',
    ].join('\n'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'node16', moduleResolution: 'node16', target: 'ES2022', lib: ['ES2022', 'DOM', 'ESNext.Disposable'], types: [] },
      files: ['check.ts'],
    }));
    run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], dir);
  });

  test('a page importing it signs and verifies, and loads its small wasm, never the client\'s', async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>usersig</title>');
    const server = await serveStatic(dir);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requested = [];
      const pageErrors = [];
      page.on('request', (r) => requested.push(new URL(r.url()).pathname));
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await page.goto(`${server.url}/index.html`);
      const result = await page.evaluate(async ({ options, official }) => {
        const m = await import('/node_modules/tencent-chat-admin/usersig/index.js');
        let err;
        try {
          m.verifyUserSig({ ...official, secretKey: 'wrong key' });
        } catch (e) {
          err = { isChatError: m.isChatError(e), instanceOf: e instanceof m.ChatError, kind: e.kind, code: e.code };
        }
        const key = m.decodeUserSig(m.genPrivateMapKey({ ...options, roomId: 'room-1', privileges: ['enterRoom'] })).privateMapKey;
        return { sig: m.genUserSig(options), identifier: m.verifyUserSig(official).identifier, err, key: [key.roomId, key.privilegeNames] };
      }, { options: genOptions(vector), official: { userSig: vector.official_node_usersig, sdkAppId: VECTORS.sdkappid, secretKey: VECTORS.secret_key, now: VECTORS.time } });
      assert.deepEqual(result, {
        sig: vector.zlib_level0_usersig_of_that_json,
        identifier: vector.identifier,
        err: { isChatError: true, instanceOf: true, kind: 'usersig', code: 70009 },
        key: ['room-1', ['enterRoom']],
      });
      assert.deepEqual(pageErrors, []);
      assert.ok(requested.includes('/node_modules/tencent-chat-admin/usersig/usersig_bg.wasm'), requested.join(', '));
      assert.deepEqual(requested.filter((p) => /tencent_chat_admin|client\.js|\/tencent-chat-admin\/index\.js/.test(p)), []);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
