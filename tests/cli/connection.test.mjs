// Where the connection comes from: a flag wins over the environment for the region or endpoint, and errors name
// the real source of a value (the flag, the variable, the file, or the arguments).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertUsageErrors, useEmulator, useTempDir } from './cases.mjs';
import { cli } from './helpers.mjs';

const suite = useEmulator({ accounts: ['alice', 'bob'] });
const temp = useTempDir('cli-connection-');
const file = (name, data) => temp.file(name, data);

describe('region and endpoint', () => {
  test('--endpoint wins over TENCENT_CHAT_REGION: the pin reaches the emulator', async () => {
    const { emu, env } = suite;
    const { TENCENT_CHAT_ENDPOINT: url, ...rest } = env;
    const r = await cli(['pin', '--from', 'alice', '--c2c', 'bob', '--endpoint', url], { env: { ...rest, TENCENT_CHAT_REGION: 'singapore' } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(emu.state().pinned.alice, [{ Type: 1, To_Account: 'bob' }]);
  });

  test('--region wins over TENCENT_CHAT_ENDPOINT (its value is what the package checks); nothing is sent', async () => {
    const { emu, env } = suite;
    const count = emu.state().requestCount;
    const r = await cli(['pin', '--from', 'alice', '--c2c', 'bob', '--region', 'mars'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^tencent-chat-admin: --region: region must be one of /);
    assert.equal(emu.state().requestCount, count);
  });

  test('two flags, or two variables without a flag, are refused naming them', async () => {
    const { env } = suite;
    await assertUsageErrors(['pin', '--from', 'alice', '--c2c', 'bob'], [
      [['--region', 'singapore', '--endpoint', env.TENCENT_CHAT_ENDPOINT], /^tencent-chat-admin: --region and --endpoint are both given as flags; give one\n/],
    ], env);
    await assertUsageErrors(['pin', '--from', 'alice', '--c2c', 'bob'], [
      [[], /^tencent-chat-admin: TENCENT_CHAT_REGION and TENCENT_CHAT_ENDPOINT are both set in the environment: unset one, or give --region or --endpoint \(a flag wins over both\)\n/],
    ], { ...env, TENCENT_CHAT_REGION: 'singapore' });
  });
});

describe('the source of a value in errors', () => {
  test('a variable is named as the variable, a file as its flag and path, the package option as its flag', async () => {
    const { emu, env } = suite;
    const { TENCENT_CHAT_ENDPOINT: url, ...noEndpoint } = env;
    const count = emu.state().requestCount;
    const pin = ['pin', '--from', 'alice', '--c2c', 'bob'];
    await assertUsageErrors(pin, [[[], /^tencent-chat-admin: TENCENT_CHAT_REGION: region must be one of /]], { ...noEndpoint, TENCENT_CHAT_REGION: 'mars' });
    await assertUsageErrors(pin, [[[], /^tencent-chat-admin: TENCENT_CHAT_SDK_APP_ID must be the app's SDKAppID \(a positive integer\), not " 1400000000"/]],
      { ...env, TENCENT_CHAT_SDK_APP_ID: ' 1400000000' });
    await assertUsageErrors(pin, [[[], /^tencent-chat-admin: TENCENT_CHAT_ENDPOINT: endpoint uses plain http:\/\/ to a host that is not loopback: use https:\/\/, or set --allow-insecure-http\n/]],
      { ...env, TENCENT_CHAT_ENDPOINT: 'http://example.test' });
    const sigFile = file('sig', 'ab cd\n');
    await assertUsageErrors(pin, [[['--user-sig-file', sigFile, '--endpoint', url], /^tencent-chat-admin: --user-sig-file \S+sig is not a UserSig: it does not decode as one/]],
      { ...noEndpoint, TENCENT_CHAT_SECRET_KEY: '' });
    await assertUsageErrors(pin, [
      [['--region', 'singapore', '--allow-insecure-http'], /^tencent-chat-admin: --allow-insecure-http goes with endpoint, not region\n/],
      [['--sdk-app-id', 'x', '--endpoint', url], /^tencent-chat-admin: --sdk-app-id must be the app's SDKAppID/],
    ], noEndpoint);
    assert.equal(emu.state().requestCount, count);
  });

  test('too many accounts: the file or the arguments is named; nothing is sent', async () => {
    const { emu, env } = suite;
    const count = emu.state().requestCount;
    const ids = Array.from({ length: 10_001 }, (_, i) => `u${i}`);
    const path = file('many.txt', ids.join('\n'));
    await assertUsageErrors(['accounts', 'check'], [
      [['--file', path], /^tencent-chat-admin: --file \S+many\.txt: userIds must list at most 10000/],
      [ids, /^tencent-chat-admin: the arguments: userIds must list at most 10000/],
    ], env);
    assert.equal(emu.state().requestCount, count);
  });
});

describe('the ranges of the flags are the package\'s own', () => {
  // Fixed values: the package refuses a timeoutMs above 2^31 - 1 (a JS timer's longest), a bulk concurrency above
  // 1024 and a UserSig expiry above 50 years; the command line once allowed only 600000 ms.
  test('--timeout-ms up to 2147483647 is taken, one more is refused naming the range; help says the same', async () => {
    const { emu, env } = suite;
    const ok = await cli(['pin', '--from', 'alice', '--c2c', 'bob', '--timeout-ms', '2147483647'], { env });
    assert.equal(ok.code, 0, ok.stderr);
    const count = emu.state().requestCount;
    await assertUsageErrors(['pin', '--from', 'alice', '--c2c', 'bob'], [
      [['--timeout-ms', '2147483648'], /^tencent-chat-admin: --timeout-ms must be a whole number from 1 to 2147483647, not "2147483648"\n/],
    ], env);
    assert.equal(emu.state().requestCount, count);
    const help = await cli(['pin', '--help'], { env });
    assert.match(help.stdout, /--timeout-ms N +per request attempt, 1 to 2147483647 \(default 10000\)/);
  });

  test('bulk --concurrency and usersig gen --expire: the package\'s ranges and defaults', async () => {
    const { env } = suite;
    await assertUsageErrors(['bulk', 'pin', '-'], [
      [['--concurrency', '1025'], /^tencent-chat-admin: --concurrency must be a whole number from 1 to 1024, not "1025"\n/],
    ], env);
    const bulkHelp = await cli(['bulk', '--help'], { env });
    assert.match(bulkHelp.stdout, /--concurrency N +requests in flight at once, 1 to 1024 \(default 32\)/);
    assert.match(bulkHelp.stdout, /--batch N +CSV: conversations merged into one request, 1 to 50 \(default 50;/);
    const genHelp = await cli(['usersig', 'gen', '--help'], { env });
    assert.match(genHelp.stdout, /--expire SECONDS +validity, 1 to 1577880000 \(50 years\); default 15552000 \(180 days\)/);
  });
});
