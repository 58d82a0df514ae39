// `accounts import|check|delete`: accounts from arguments, a file or stdin, their effect in the emulator's state,
// per-account failures as exit 1 with the whole result on stdout, and delete refused without --yes.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { assertUsageErrors, useEmulator, useTempDir } from './cases.mjs';
import { cli, emulatorEnv } from './helpers.mjs';

const suite = useEmulator({ accounts: ['alice', 'bob'] }, { reset: true });
const temp = useTempDir('cli-accounts-');

const ids = () => suite.emu.state().accounts.map((a) => a.UserID);
const file = (name, text) => temp.file(name, text);

describe('accounts import', () => {
  test('IDs as arguments: imported, a table', async () => {
    const r = await cli(['accounts', 'import', 'carol', 'dave'], { env: suite.env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'USER   RESULT\ncarol  imported\ndave   imported\n2 imported, 0 failed\n');
    assert.ok(ids().includes('carol') && ids().includes('dave'));
  });

  test('--file with UserIDs and JSON Lines accounts (CRLF, blank lines), --json', async () => {
    const path = file('accounts.txt', 'carol\r\n\r\n{"userId":"dave","nick":"Dave","faceUrl":"https://x.test/d.png"}\r\n  erin  \n');
    const r = await cli(['accounts', 'import', '--file', path, '--json'], { env: suite.env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { imported: ['carol', 'dave', 'erin'], failed: [] });
    assert.deepEqual(suite.emu.state().accounts.find((a) => a.UserID === 'dave'), { UserID: 'dave', Nick: 'Dave', FaceUrl: 'https://x.test/d.png' });
  });

  test('accounts the service did not import: exit 1, the whole result still on stdout', async () => {
    // A stand-in for the service that answers every import with one account in FailAccounts.
    const service = createServer((req, res) => {
      req.resume().on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', FailAccounts: ['dave'] }));
      });
    });
    await new Promise((resolve) => service.listen(0, '127.0.0.1', resolve));
    try {
      const stand = emulatorEnv(`http://127.0.0.1:${service.address().port}`);
      const table = await cli(['accounts', 'import', 'carol', 'dave'], { env: stand });
      assert.equal(table.code, 1);
      assert.equal(table.stdout, 'USER   RESULT\ncarol  imported\ndave   failed\n1 imported, 1 failed\n');
      const json = await cli(['accounts', 'import', 'carol', 'dave', '--json'], { env: stand });
      assert.equal(json.code, 1);
      assert.deepEqual(JSON.parse(json.stdout), { imported: ['carol'], failed: ['dave'] });
    } finally {
      service.close();
    }
  });

  test('a UserID with a comma or white space (a list given as one) is refused, naming it, and nothing is imported', async () => {
    const count = suite.emu.state().requestCount;
    await assertUsageErrors(['accounts', 'import'], [
      [['erin', 'x1,x2,x3'], /^tencent-chat-admin: argument 2 "x1,x2,x3": a UserID with a comma or white space is not imported: give each UserID as its own argument: accounts import x1 x2 x3\n/],
      [['x1, x2'], /^tencent-chat-admin: argument 1 "x1, x2": .*: accounts import x1 x2\n/],
      [['a\tb'], /^tencent-chat-admin: argument 1 "a\\tb": a UserID with a comma or white space is not imported/],
      [['--file', file('list.txt', 'erin\n  frank gina  \n')], /^tencent-chat-admin: --file \S+list\.txt line 2 "frank gina": a UserID with a comma or white space is not imported: one UserID a line\n/],
    ], suite.env);
    assert.equal(suite.emu.state().requestCount, count);
    assert.equal(suite.emu.state().accounts.some((a) => /[\s,]/.test(a.UserID)), false);
    // check and delete take such an ID as it is (an account made elsewhere may have one): it is not created.
    const check = await cli(['accounts', 'check', 'x1,x2', '--json'], { env: suite.env });
    assert.deepEqual(JSON.parse(check.stdout), [{ userId: 'x1,x2', imported: false, code: 0, info: '' }]);
  });

  test('a bad file line is a usage error naming the line, and nothing is sent', async () => {
    const count = suite.emu.state().requestCount;
    const cases = [
      ['carol\n{"userId": "dave",\n', /--file \S+ line 2 is not JSON: it ends too early at line 1, column 19/],
      ['carol\n\n{"userId":"dave","nik":"D"}\n', /--file \S+ line 3: accounts\[1\]\.nik is not a field of \{ userId, nick\?, faceUrl\? \}/],
      ['\n\n', /no accounts in it/],
    ];
    for (const [text, message] of cases) {
      const r = await cli(['accounts', 'import', '--file', file('bad.txt', text)], { env: suite.env });
      assert.equal(r.code, 2, text);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    assert.equal(suite.emu.state().requestCount, count);
  });
});

describe('accounts check and delete', () => {
  test('check from stdin: imported or not, exit 0', async () => {
    const r = await cli(['accounts', 'check', '--file', '-'], { env: suite.env, input: 'alice\nnobody\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'USER    STATUS        CODE  INFO\nalice   imported\nnobody  not imported\n');
    const json = await cli(['accounts', 'check', 'bob', '--json'], { env: suite.env });
    assert.deepEqual(JSON.parse(json.stdout), [{ userId: 'bob', imported: true, code: 0, info: '' }]);
  });

  test('delete without --yes: exit 2, says how many it would delete, and deletes nothing', async () => {
    const count = suite.emu.state().requestCount;
    const r = await cli(['accounts', 'delete', 'alice', 'bob'], { env: suite.env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /accounts delete would delete 2 accounts \(alice, bob\); add --yes to delete them/);
    assert.ok(ids().includes('alice') && ids().includes('bob'));
    assert.equal(suite.emu.state().requestCount, count);
  });

  test('delete --yes: deleted; an account that does not exist makes exit 1 with the whole result on stdout', async () => {
    const r = await cli(['accounts', 'delete', '--yes', 'alice', 'nobody'], { env: suite.env });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, [
      'USER    RESULT           CODE   INFO',
      'alice   deleted',
      'nobody  no such account  70107  account does not exist',
      '1 deleted, 1 not',
      '',
    ].join('\n'));
    assert.ok(!ids().includes('alice'));
    const json = await cli(['accounts', 'delete', '--yes', '--json', 'bob'], { env: suite.env });
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), [{ userId: 'bob', code: 0, info: '' }]);
    assert.ok(!ids().includes('bob'));
  });

  test('a batch the service refuses as a whole: exit 1, what was done and what was not on stdout', async () => {
    await fetch(`${suite.emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ errorCode: 70402, path: '/v4/im_open_login_svc/account_check' }) });
    const r = await cli(['accounts', 'check', '--json', 'alice', 'bob'], { env: suite.env });
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout), { results: [], notDone: ['alice', 'bob'] });
    assert.match(r.stderr, /^tencent-chat-admin: service 70402: /m);
    await fetch(`${suite.emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ errorCode: 70402, path: '/v4/im_open_login_svc/account_check' }) });
    const table = await cli(['accounts', 'check', 'alice', 'bob'], { env: suite.env });
    assert.equal(table.code, 1);
    assert.equal(table.stdout, 'USER  STATUS  CODE  INFO\n');
    assert.match(table.stderr, /^tencent-chat-admin: 2 accounts not known to be done: alice, bob$/m);
  });

  test('usage errors exit 2: a JSON line for check, arguments and --file together, no accounts, a missing file', async () => {
    const cases = [
      [['check', '--file', file('obj.txt', '{"userId":"alice"}\n')], /line 1: a JSON object is for accounts import/],
      [['check', 'alice', '--file', file('ids.txt', 'bob\n')], /as arguments or with --file, not both/],
      [['delete', '--yes'], /missing the accounts/],
      [['check', '--file', join(temp.dir, 'absent.txt')], /--file \S+absent\.txt: no such file/],
      [['check', '--yes', 'alice'], /unknown flag --yes/],
      [['check', ''], /argument 1: userIds\[0\] must not be empty/],
      [['purge', 'alice'], /unknown accounts sub-command "purge": import, check or delete/],
    ];
    await assertUsageErrors(['accounts'], cases, suite.env);
  });

  test('--help on accounts and each sub-command exits 0', async () => {
    for (const sub of [[], ['import'], ['check'], ['delete']]) {
      const r = await cli(['accounts', ...sub, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`^Usage: tencent-chat-admin accounts ${sub[0] ?? 'import\\|check\\|delete'}`));
    }
    assert.match((await cli(['accounts', 'delete', '--help'])).stdout, /--yes/);
    assert.match((await cli(['accounts', 'import', '--help'])).stdout, /"userId"/);
  });
});
