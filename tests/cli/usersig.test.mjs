// `usersig gen|privatemapkey|verify|decode`: UserSigs the emulator's own verifier accepts, claims and PrivateMapKeys
// compared with the official library (tls-sig-api-v2, its clock pinned) and the official vectors, failures as exit 1
// with the code, and the UserSig given to verify never printed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator } from '../../emulator/server.mjs';
import { VECTORS, decodeSig, encodeSig, officialPrivateMapKey, officialSig } from '../js/helpers.mjs';
import { assertUsageErrors } from './cases.mjs';
import { ADMIN, KEY, SDKAPPID, cli, emulatorEnv } from './helpers.mjs';

const APP = { TENCENT_CHAT_SDK_APP_ID: String(SDKAPPID) };
const WITH_KEY = { ...APP, TENCENT_CHAT_SECRET_KEY: KEY };
/** The official library's first vector: admin, 86400 s from 1700000000 (so long expired). */
const VECTOR = VECTORS.cases[0];

let emu;
let dir;
before(async () => {
  emu = await startEmulator({ accounts: ['alice', 'bob'] });
  dir = mkdtempSync(join(tmpdir(), 'cli-usersig-'));
});
after(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The claims `usersig decode|verify` prints for a UserSig document made at `time`. */
const claims = (identifier, time, expire, userbufHex) => ({
  identifier,
  sdkAppId: SDKAPPID,
  time,
  expire,
  expiresAt: new Date((time + expire) * 1000).toISOString().replace('.000Z', 'Z'),
  ...(userbufHex === undefined ? {} : { userbufHex }),
});

describe('usersig gen', () => {
  test('prints one UserSig alone, and the emulator accepts it for a pin as TENCENT_CHAT_USER_SIG', async () => {
    const gen = await cli(['usersig', 'gen', '--user', ADMIN, '--expire', '3600'], { env: WITH_KEY });
    assert.equal(gen.code, 0, gen.stderr);
    assert.equal(gen.stderr, '');
    assert.match(gen.stdout, /^[A-Za-z0-9*_-]+\n$/);
    const userSig = gen.stdout.trim();
    const env = emulatorEnv(emu.url, { TENCENT_CHAT_SECRET_KEY: '', TENCENT_CHAT_USER_SIG: userSig });
    const pin = await cli(['pin', '--from', 'alice', '--c2c', 'bob'], { env });
    assert.equal(pin.code, 0, pin.stderr);
    assert.deepEqual(emu.state().pinned.alice, [{ Type: 1, To_Account: 'bob' }]);
  });

  test("holds the official library's document for the same inputs (its clock pinned to the UserSig's time)", async () => {
    const gen = await cli(['usersig', 'gen', '--user', 'alice', '--expire', '600', '--userbuf-hex', '616263ff'], { env: WITH_KEY });
    assert.equal(gen.code, 0, gen.stderr);
    const userSig = gen.stdout.trim();
    const time = decodeSig(userSig)['TLS.time'];
    const official = officialSig({ id: 'alice', expire: 600, timeSec: time, userbuf: Buffer.from([0x61, 0x62, 0x63, 0xff]) });
    assert.deepEqual(decodeSig(userSig), decodeSig(official));
    const decode = await cli(['usersig', 'decode', userSig]);
    assert.equal(decode.code, 0, decode.stderr);
    assert.deepEqual(JSON.parse(decode.stdout), claims('alice', time, 600, '616263ff'));
  });

  test('the key may come from --secret-key-file; without a key it is a usage error (2)', async () => {
    const file = join(dir, 'key');
    writeFileSync(file, `${KEY}\n`);
    const gen = await cli(['usersig', 'gen', '--user', 'alice', '--secret-key-file', file], { env: APP });
    assert.equal(gen.code, 0, gen.stderr);
    assert.equal(decodeSig(gen.stdout.trim())['TLS.expire'], 180 * 86400);
    const none = await cli(['usersig', 'gen', '--user', 'alice'], { env: APP });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /missing the secret key: set TENCENT_CHAT_SECRET_KEY, or use --secret-key-file PATH/);
    const both = await cli(['usersig', 'gen', '--user', 'alice', '--secret-key-file', file], { env: WITH_KEY });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /given twice: TENCENT_CHAT_SECRET_KEY and --secret-key-file/);
  });

  test('flags given wrong, twice, or missing are usage errors naming the flag, and nothing is printed', async () => {
    const cases = [
      [['--expire', '60'], /missing --user ID/],
      [['--user', 'a', '--expire', '60', '--expire', '120'], /--expire is given twice/],
      [['--user', 'a', '--expire', '0'], /--expire must be a whole number from 1 to 1577880000, not "0"/],
      [['--user', 'a', '--userbuf-hex', 'abc'], /--userbuf-hex must be hex digits/],
      [['--user', ''], /--user: identifier must not be empty/],
      [['--user', 'a', 'extra'], /unexpected argument 1 \(this command takes no arguments\)/],
      [['--user', 'a', '--exprie', '5'], /unknown flag --exprie/],
    ];
    await assertUsageErrors(['usersig', 'gen'], cases, WITH_KEY);
  });
});

describe('usersig privatemapkey', () => {
  /** Makes one with `args`; returns the PrivateMapKey and its JSON document. */
  const make = async (args) => {
    const r = await cli(['usersig', 'privatemapkey', ...args], { env: WITH_KEY });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^[A-Za-z0-9*_-]+\n$/);
    const key = r.stdout.trim();
    return { key, doc: decodeSig(key) };
  };

  test("a numeric room, privileges by name: the official library's document at the same time, and decode shows the room", async () => {
    const { key, doc } = await make(['--user', 'alice', '--room', '10000', '--privileges', 'enterRoom, receiveAudio,receiveVideo', '--expire', '300']);
    const time = doc['TLS.time'];
    assert.deepEqual(doc, decodeSig(officialPrivateMapKey({ id: 'alice', expire: 300, timeSec: time, room: 10000, privileges: 42 })));
    const decode = await cli(['usersig', 'decode', '-'], { input: key });
    assert.equal(decode.code, 0, decode.stderr);
    const expiresAt = new Date((time + 300) * 1000).toISOString().replace('.000Z', 'Z');
    const room = { roomId: 10000, privileges: 42, privilegeNames: ['enterRoom', 'receiveAudio', 'receiveVideo'], expiresAt, sdkAppId: SDKAPPID, identifier: 'alice' };
    const userbufHex = Buffer.from(doc['TLS.userbuf'], 'base64').toString('hex');
    assert.deepEqual(JSON.parse(decode.stdout), { ...claims('alice', time, 300, userbufHex), privateMapKey: room });
    const verify = await cli(['usersig', 'verify', '--user', 'alice'], { env: WITH_KEY, input: key });
    assert.equal(verify.code, 0, verify.stderr);
    assert.deepEqual(JSON.parse(verify.stdout).privateMapKey, room);
  });

  test('--room-string makes digits a string room; a name is one anyway; --privileges takes a number', async () => {
    for (const [args, room] of [[['--room', '10000', '--room-string'], '10000'], [['--room', 'adbjkl'], 'adbjkl'], [['--room', 'adbjkl', '--room-string'], 'adbjkl']]) {
      const { doc } = await make(['--user', 'xiaojun', ...args, '--privileges', '42', '--expire', '600']);
      assert.deepEqual(doc, decodeSig(officialPrivateMapKey({ id: 'xiaojun', expire: 600, timeSec: doc['TLS.time'], room, privileges: 42 })), args.join(' '));
    }
    const { doc } = await make(['--user', 'bob', '--room', '4294967295', '--privileges', '255']);
    assert.equal(doc['TLS.expire'], 180 * 86400, 'the default expire is genUserSig\'s');
    assert.deepEqual(doc, decodeSig(officialPrivateMapKey({ id: 'bob', expire: 180 * 86400, timeSec: doc['TLS.time'], room: 4294967295, privileges: 255 })));
  });

  test('usage errors name the flag, and nothing is printed', async () => {
    const base = ['--user', 'alice', '--room', '1234', '--privileges', 'enterRoom'];
    const without = (flag) => base.filter((_, i) => base[i] !== flag && base[i - 1] !== flag);
    const cases = [
      [without('--user'), /missing --user ID/],
      [without('--room'), /missing --room ROOM/],
      [without('--privileges'), /missing --privileges LIST: e\.g\. enterRoom,receiveAudio \(createRoom, enterRoom, .*receiveScreen\), or a number/],
      [[...base, '--room', '5'], /--room is given twice/],
      [[...without('--room'), '--room', '0123'], /--room 0123 starts with 0: give 123 for the numeric room, or add --room-string for the string room "0123"/],
      [[...without('--room'), '--room', '4294967296'], /--room must be at most 4294967295 for a numeric room; add --room-string for the string room "4294967296"/],
      [[...without('--room'), '--room', '0'], /--room: roomId must be an integer from 1 to 4294967295/],
      [[...without('--room'), '--room', ''], /--room: roomId must not be empty/],
      [[...without('--room'), '--room', '房间'], /--room: roomId must be ASCII/],
      [[...without('--user'), '--user', '管理员'], /--user: identifier must be ASCII in a PrivateMapKey/],
      [[...without('--privileges'), '--privileges', 'enterRoom,recieveAudio'], /--privileges: privileges\[1\] is not a privilege name: createRoom, enterRoom/],
      [[...without('--privileges'), '--privileges', 'enterRoom,enterroom'], /--privileges: privileges\[1\] is not a privilege name; did you mean enterRoom\?/],
      [[...without('--privileges'), '--privileges', 'enterRoom,'], /--privileges: privileges\[1\] must not be empty/],
      [[...without('--privileges'), '--privileges', 'sendAudio,sendAudio'], /--privileges: privileges\[1\] repeats sendAudio/],
      [[...without('--privileges'), '--privileges', '256'], /--privileges: privileges must be an integer from 0 to 255/],
      [[...base, '--expire', '0'], /--expire must be a whole number from 1 to 1577880000, not "0"/],
      [[...base, '--room-string=yes'], /--room-string takes no value/],
      [[...base, '--rooms', '1'], /unknown flag --rooms; did you mean --room\?/],
      [[...base, 'extra'], /unexpected argument 1 \(this command takes no arguments\)/],
    ];
    await assertUsageErrors(['usersig', 'privatemapkey'], cases, WITH_KEY);
    const noKey = await cli(['usersig', 'privatemapkey', ...base], { env: APP });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /missing the secret key/);
  });
});

describe('usersig verify and decode', () => {
  test('verify: the claims of a good UserSig read from stdin (-), with --user checked', async () => {
    const userSig = officialSig({ id: 'alice', expire: 3600 });
    const time = decodeSig(userSig)['TLS.time'];
    for (const args of [['-', '--user', 'alice'], ['--user', 'alice']]) {
      const r = await cli(['usersig', 'verify', ...args], { env: WITH_KEY, input: `${userSig}\n` });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), claims('alice', time, 3600));
    }
    const other = await cli(['usersig', 'verify', '--user', 'bob'], { env: WITH_KEY, input: userSig });
    assert.equal(other.code, 1);
    assert.match(other.stderr, /^tencent-chat-admin: usersig 70013: /);
  });

  test('verify: a tampered UserSig exits 1 with 70009, and the UserSig is in no output', async () => {
    const doc = decodeSig(officialSig({ id: 'alice', expire: 3600 }));
    const tampered = encodeSig(JSON.stringify({ ...doc, 'TLS.expire': 999999 }));
    for (const [args, input] of [[[tampered], undefined], [['-'], tampered]]) {
      const r = await cli(['usersig', 'verify', ...args], { env: WITH_KEY, input });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^tencent-chat-admin: usersig 70009: /);
      assert.equal(r.stdout, '');
      assert.ok(!r.stderr.includes(tampered) && !r.stderr.includes(doc['TLS.sig']));
    }
  });

  test('an official vector: decode gives its claims; verify says it expired (70001)', async () => {
    const userSig = VECTOR.official_node_usersig;
    const decode = await cli(['usersig', 'decode', '-'], { input: userSig });
    assert.equal(decode.code, 0, decode.stderr);
    assert.deepEqual(JSON.parse(decode.stdout), {
      identifier: 'admin', sdkAppId: 1400000000, time: 1700000000, expire: 86400, expiresAt: '2023-11-15T22:13:20Z',
    });
    const verify = await cli(['usersig', 'verify', userSig], { env: WITH_KEY });
    assert.equal(verify.code, 1);
    assert.match(verify.stderr, /^tencent-chat-admin: usersig 70001: /);
    assert.ok(!verify.stderr.includes(userSig));
  });

  test('decode of a UserSig made past what a date holds: its claims, expiresAt null', async () => {
    const doc = { 'TLS.ver': '2.0', 'TLS.identifier': 'a', 'TLS.sdkappid': SDKAPPID, 'TLS.time': 99999999999999, 'TLS.expire': 1, 'TLS.sig': 'x' };
    const r = await cli(['usersig', 'decode', encodeSig(JSON.stringify(doc))]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { identifier: 'a', sdkAppId: SDKAPPID, time: 99999999999999, expire: 1, expiresAt: null });
  });

  test('decode of what is not a UserSig exits 1 (70003); empty input and a second argument are usage errors', async () => {
    const bad = await cli(['usersig', 'decode', 'not-a-usersig']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^tencent-chat-admin: usersig 70003: /);
    assert.ok(!bad.stderr.includes('not-a-usersig'));
    const empty = await cli(['usersig', 'decode'], { input: '' });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /USERSIG is empty/);
    const two = await cli(['usersig', 'decode', 'a', 'b']);
    assert.equal(two.code, 2);
    assert.match(two.stderr, /unexpected argument 2 \(it takes at most 1: USERSIG\)/);
    const noKey = await cli(['usersig', 'verify', VECTOR.official_node_usersig], { env: APP });
    assert.equal(noKey.code, 2);
  });

  test('--json is accepted on verify and decode (the claims are always JSON), and changes nothing', async () => {
    const userSig = officialSig({ id: 'alice', expire: 3600 });
    const time = decodeSig(userSig)['TLS.time'];
    const verify = await cli(['usersig', 'verify', '--json'], { env: WITH_KEY, input: userSig });
    assert.equal(verify.code, 0, verify.stderr);
    assert.deepEqual(JSON.parse(verify.stdout), claims('alice', time, 3600));
    const decode = await cli(['usersig', 'decode', '--json', '-'], { input: userSig });
    assert.equal(decode.code, 0, decode.stderr);
    assert.deepEqual(JSON.parse(decode.stdout), claims('alice', time, 3600));
  });

  test('at a terminal, without a UserSig or with -: says to pipe or redirect it in, and reads nothing', async () => {
    const { main } = await import('../../pkg/cli/main.mjs');
    for (const args of [['verify'], ['verify', '-'], ['decode'], ['decode', '-']]) {
      let stdout = '';
      let stderr = '';
      const stdin = { isTTY: true, [Symbol.asyncIterator]: () => assert.fail('stdin read') };
      const io = { stdin, stdout: { write: (t) => (stdout += t) }, stderr: { write: (t) => (stderr += t) }, env: WITH_KEY, signal: new AbortController().signal };
      const code = await main(['usersig', ...args], io);
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      const sub = args[0];
      assert.match(stderr, new RegExp(`^tencent-chat-admin: ${args[1] ? '' : 'missing USERSIG, and '}stdin is a terminal: pipe the UserSig in ` +
        `\\(e\\.g\\. pbpaste \\| tencent-chat-admin usersig ${sub}\\) or redirect it \\(tencent-chat-admin usersig ${sub} < FILE\\); ` +
        'as an argument it would show in ps and in the shell history\n'), args.join(' '));
    }
  });

  test('--help on usersig and each sub-command exits 0; a missing or unknown sub-command is a usage error', async () => {
    for (const sub of [[], ['gen'], ['privatemapkey'], ['verify'], ['decode']]) {
      const r = await cli(['usersig', ...sub, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`^Usage: tencent-chat-admin usersig ${sub[0] ?? 'gen\\|privatemapkey\\|verify\\|decode'}`));
    }
    assert.match((await cli(['usersig', 'gen', '--help'])).stdout, /--secret-key-file PATH/);
    const keyHelp = (await cli(['usersig', 'privatemapkey', '--help'])).stdout;
    assert.match(keyHelp, /--room-string/);
    assert.match(keyHelp.replace(/\s+/g, ' '), /createRoom, enterRoom, sendAudio, receiveAudio, sendVideo, receiveVideo, sendScreen, receiveScreen/);
    assert.match((await cli(['usersig', '--help'])).stdout, /usersig privatemapkey --user ID --room ROOM --privileges LIST/);
    const none = await cli(['usersig']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /missing the usersig sub-command: gen, privatemapkey, verify or decode/);
    const unknown = await cli(['usersig', 'sign']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown usersig sub-command "sign"/);
    const notAWord = await cli(['usersig', 'Sign2']);
    assert.equal(notAWord.code, 2);
    assert.match(notAWord.stderr, /^tencent-chat-admin: the first argument of usersig is not a sub-command: gen, privatemapkey, verify or decode\n/);
  });
});
