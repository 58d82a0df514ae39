// What the command line says when something is off: credentials in the wrong place or expired, errors without a
// code, an http answer that is not the service's, an endpoint ending in /v4, flags as people type them, `help CMD`,
// values parseArgs would word for us, a `request` path with a leading /, and a journal with nothing changed.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, test } from 'node:test';
import { officialSig } from '../official.mjs';
import { assertUsageErrors, useEmulator, useTempDir } from './cases.mjs';
import { KEY, cli } from './helpers.mjs';

const suite = useEmulator({ accounts: ['alice', 'bob'] }, { reset: true });
const temp = useTempDir('cli-messages-');
const PIN = ['pin', '--from', 'alice', '--c2c', 'bob'];

/** A local HTTP server answering every request with `respond(req, res)`; resolves { url, requests, close }. */
async function server(respond) {
  const requests = [];
  const s = createServer((req, res) => {
    requests.push(req.url);
    respond(req, res);
  });
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${s.address().port}`,
    requests,
    close: () => (s.closeAllConnections(), new Promise((resolve) => s.close(resolve))),
  };
}

describe('credentials', () => {
  test('the secret key given as TENCENT_CHAT_USER_SIG: exit 2, told where it belongs, not shown, nothing sent', async () => {
    const { emu, env } = suite;
    const { TENCENT_CHAT_SECRET_KEY: _, ...noKey } = env;
    const r = await cli(PIN, { env: { ...noKey, TENCENT_CHAT_USER_SIG: KEY } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^tencent-chat-admin: TENCENT_CHAT_USER_SIG looks like the secret key \(64 hex characters\), not a UserSig: set TENCENT_CHAT_SECRET_KEY \(or use --secret-key-file PATH\) instead; nothing was sent\n/);
    assert.ok(!r.stderr.includes(KEY.slice(0, 16)) && !r.stdout.includes(KEY.slice(0, 16)));
    // Another value that is no UserSig is named by its file, and not shown either.
    const path = temp.file('sig.txt', 'eJyrVgrxCdYrSy1SslIy0jNQqgUALUoEuQ__\n');
    const file = await cli([...PIN, '--user-sig-file', path], { env: noKey });
    assert.equal(file.code, 2);
    assert.match(file.stderr, /^tencent-chat-admin: --user-sig-file \S+sig\.txt is not a UserSig: it does not decode as one .*nothing was sent \(70003\)\n/);
    assert.ok(!file.stderr.includes('eJyrVgrx'));
    assert.equal(emu.state().requestCount, 0);
  });

  test('an expired TENCENT_CHAT_USER_SIG points to usersig gen and TENCENT_CHAT_SECRET_KEY; nothing sent', async () => {
    const { emu, env } = suite;
    const { TENCENT_CHAT_SECRET_KEY: _, ...noKey } = env;
    const sig = officialSig({ expire: 60, timeSec: Math.floor(Date.now() / 1000) - 3600 });
    const r = await cli(PIN, { env: { ...noKey, TENCENT_CHAT_USER_SIG: sig } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^tencent-chat-admin: usersig 70001: the UserSig \(TENCENT_CHAT_USER_SIG or --user-sig-file\) expired \d+ s ago \(made at \d+, valid 60 s\): make a new one with tencent-chat-admin usersig gen --user ID, or set TENCENT_CHAT_SECRET_KEY instead/);
    assert.ok(!/new ChatAdmin|userSigProvider/.test(r.stderr), r.stderr);
    assert.ok(!r.stderr.includes(sig.slice(0, 24)));
    assert.equal(emu.state().requestCount, 0);
  });

  test("the service's own 70001 for a TENCENT_CHAT_USER_SIG points to usersig gen and TENCENT_CHAT_SECRET_KEY too", async () => {
    const { emu, env } = suite;
    const { TENCENT_CHAT_SECRET_KEY: _, ...noKey } = env;
    const sig = officialSig({ expire: 600 });
    // Valid by the package's clock, expired by the service's: the emulator answers 70001.
    await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ errorCode: 70001, times: 1 }) });
    const r = await cli(PIN, { env: { ...noKey, TENCENT_CHAT_USER_SIG: sig } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^tencent-chat-admin: service 70001: .*; the UserSig came from TENCENT_CHAT_USER_SIG: make a new one with tencent-chat-admin usersig gen --user ID, or set TENCENT_CHAT_SECRET_KEY instead/);
    assert.ok(!r.stderr.includes(sig.slice(0, 24)));
    // With the secret key the command line signs its own: the package re-signs once and the hint does not apply.
    await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ errorCode: 70001, times: 2 }) });
    const signed = await cli(PIN, { env });
    assert.equal(signed.code, 1);
    assert.doesNotMatch(signed.stderr, /usersig gen/);
  });

  test('a secret key file (or variable, or UserSig file) of two lines is refused before anything is signed or sent', async () => {
    const { emu, env } = suite;
    const { TENCENT_CHAT_SECRET_KEY: _, ...noKey } = env;
    const twoLines = temp.file('key.txt', `${KEY}\n${KEY}\n`);
    const sigLines = temp.file('two-sigs.txt', `${officialSig()}\r\n${officialSig()}`);
    await assertUsageErrors(PIN, [
      [['--secret-key-file', twoLines], /^tencent-chat-admin: --secret-key-file \S+key\.txt: 2 lines; it must hold the secret key alone, on one line\n/],
      [['--user-sig-file', sigLines], /^tencent-chat-admin: --user-sig-file \S+two-sigs\.txt: 2 lines; it must hold the UserSig alone, on one line\n/],
    ], noKey);
    await assertUsageErrors(PIN, [[[], /^tencent-chat-admin: TENCENT_CHAT_SECRET_KEY: 2 lines; it must hold the secret key alone/]],
      { ...noKey, TENCENT_CHAT_SECRET_KEY: `${KEY}\nsecond` });
    await assertUsageErrors(['usersig', 'gen', '--user', 'alice'], [[['--secret-key-file', twoLines], /--secret-key-file \S+key\.txt: 2 lines/]], noKey);
    assert.equal(emu.state().requestCount, 0);
  });
});

describe('errors from the connection', () => {
  test('network and timeout errors print no code 0', async () => {
    const { env } = suite;
    const closed = await server(() => {});
    await closed.close();
    const network = await cli([...PIN, '--endpoint', closed.url], { env });
    assert.equal(network.code, 1);
    assert.match(network.stderr, new RegExp(`^tencent-chat-admin: network: could not reach ${closed.url}/v4/recentcontact/top: `));
    const silent = await server(() => {});
    try {
      const timeout = await cli([...PIN, '--endpoint', silent.url, '--timeout-ms', '100'], { env });
      assert.equal(timeout.code, 1);
      assert.match(timeout.stderr, new RegExp(`^tencent-chat-admin: timeout: no answer within 100 ms from ${silent.url}/v4/recentcontact/top\n`));
    } finally {
      await silent.close();
    }
  });

  test('an http answer that is not the service: the URL without its query, and what to check', async () => {
    const { env } = suite;
    const web = await server((req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>'));
    try {
      const r = await cli([...PIN, '--endpoint', `${web.url}/chat`], { env });
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `tencent-chat-admin: http: the service answered HTTP 404 from ${web.url}/chat/v4/recentcontact/top: check the endpoint, or the proxy in between\n`);
      assert.match(web.requests[0], /[?&]usersig=[^&]+/, 'the request carried a UserSig, which the message leaves out');
    } finally {
      await web.close();
    }
  });

  test('an endpoint ending in /v4 is not doubled into /v4/v4/...', async () => {
    const { emu, env } = suite;
    const r = await cli(PIN, { env: { ...env, TENCENT_CHAT_ENDPOINT: `${env.TENCENT_CHAT_ENDPOINT}/v4/` } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(emu.state().pinned.alice, [{ Type: 1, To_Account: 'bob' }]);
  });
});

describe('flags and arguments', () => {
  test('flag suggestions know the words people type', async () => {
    const { env } = suite;
    await assertUsageErrors([], [
      [['pin', '--user', 'alice', '--c2c', 'bob'], /unknown flag --user; did you mean --from\?\n/],
      [['pin', '--from', 'alice', '--to', 'bob'], /unknown flag --to; did you mean --c2c\?\n/],
      [['conversations', '--user', 'alice'], /unknown flag --user; did you mean --from\?\n/],
      [[...PIN, '--sdkappid', '1400000000'], /unknown flag --sdkappid; did you mean --sdk-app-id\?\n/],
      [[...PIN, '--app-id', '1400000000'], /unknown flag --app-id; did you mean --sdk-app-id\?\n/],
      [['usersig', 'gen', '--user', 'a', '--appid', '1'], /unknown flag --appid; did you mean --sdk-app-id\?\n/],
      [[...PIN, '--usersig-file', 'x'], /unknown flag --usersig-file; did you mean --user-sig-file\?\n/],
    ], env);
    // --usersig (a credential as a flag) is refused with what to do instead; its value is not echoed.
    const r = await cli([...PIN, '--usersig', 'SECRETVALUE'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^tencent-chat-admin: --usersig is refused: a credential given as a flag shows in ps and in the shell history\. Set TENCENT_CHAT_USER_SIG, or use --user-sig-file PATH\n/);
    assert.ok(!r.stderr.includes('SECRETVALUE'));
  });

  test('help CMD is CMD --help', async () => {
    for (const args of [['pin'], ['bulk'], ['usersig', 'gen']]) {
      const [help, flag] = await Promise.all([cli(['help', ...args]), cli([...args, '--help'])]);
      assert.equal(help.code, 0, args.join(' '));
      assert.match(help.stdout, new RegExp(`^Usage: tencent-chat-admin ${args.join(' ')} `));
      assert.equal(help.stdout, flag.stdout);
    }
    const unknown = await cli(['help', 'pinn']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "pinn"; did you mean pin\?/);
  });

  test('a negative number and a flag without its value get our own messages', async () => {
    const { env } = suite;
    await assertUsageErrors([], [
      [['usersig', 'gen', '--user', 'alice', '--expire', '-5'], /^tencent-chat-admin: --expire must be a whole number from 1 to 1577880000, not "-5"\n/],
      [['pin', '--from', 'alice', '--c2c'], /^tencent-chat-admin: --c2c needs a value: --c2c PEER\n/],
      [['pin', '--from', 'alice', '--c2c', '--group', 'g1'], /^tencent-chat-admin: --c2c needs a value: --c2c PEER \(a value that starts with - is written --c2c=-…\)\n/],
      [['conversations', '--from'], /^tencent-chat-admin: --from needs a value: --from ID\n/],
      [[...PIN, '--timeout-ms'], /^tencent-chat-admin: --timeout-ms needs a value: --timeout-ms N\n/],
      [[...PIN, '--json=yes'], /^tencent-chat-admin: --json takes no value\n/],
    ], env);
    for (const args of [['usersig', 'gen', '--user', 'alice', '--expire', '-5'], ['pin', '--c2c']]) {
      const r = await cli(args, { env });
      assert.ok(!/ambiguous|argument missing|Did you forget|<value>/.test(r.stderr), r.stderr);
    }
  });

  test('bulk with a file and no pin or unpin says which is missing', async () => {
    const { env } = suite;
    const csv = temp.file('users.csv', 'fromAccount,type,id\nalice,c2c,bob\n');
    await assertUsageErrors(['bulk'], [
      [[csv], /^tencent-chat-admin: missing pin or unpin: bulk pin FILE, or bulk unpin FILE\n/],
      [['pin'], /^tencent-chat-admin: missing FILE\n/],
    ], env);
  });

  test('request accepts a command written as a URL path, with a leading /', async () => {
    const { emu, env } = suite;
    for (const command of ['/v4/im_open_login_svc/account_check', '/im_open_login_svc/account_check']) {
      const r = await cli(['request', command, '{"CheckItem":[{"UserID":"alice"}]}'], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).ResultItem[0].AccountStatus, 'Imported');
    }
    assert.equal(emu.state().requestCount, 2);
  });
});

describe('bulk report', () => {
  test('changedSinceJournal is 0 when nothing changed (with a journal or without)', async () => {
    const { env } = suite;
    const csv = temp.file('rows.csv', 'fromAccount,type,id\nalice,c2c,bob\n');
    const journal = `${temp.dir}/rows.journal`;
    for (const extra of [[], ['--journal', journal], ['--journal', journal]]) {
      const r = await cli(['bulk', 'pin', csv, '--progress', 'none', ...extra], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).changedSinceJournal, 0);
    }
  });
});
