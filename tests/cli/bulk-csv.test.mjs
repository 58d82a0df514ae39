// `bulk pin` with CSV as people have it: a semicolon or tab delimiter (found in the header line, or --delimiter),
// header names in any case, a space after each delimiter; a delimiter of another kind inside a field stays in it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { headerDelimiter } from '../../cli/bulk/rows.mjs';
import { useEmulator, useTempDir } from './cases.mjs';
import { cli } from './helpers.mjs';

const suite = useEmulator({ accounts: ['alice', 'bob', 'carol'] }, { reset: true });
const temp = useTempDir('bulk-csv-');

const run = (args, options = {}) => cli(['bulk', ...args, '--progress', 'none'], { env: suite.env, ...options });
/** What the emulator has pinned: { user: ['c2c:id' | 'group:id', ...] }, sorted. */
const pinned = () =>
  Object.fromEntries(Object.entries(suite.emu.state().pinned).map(([user, list]) => [user, list.map((c) => (c.GroupId ? `group:${c.GroupId}` : `c2c:${c.To_Account}`)).sort()]));

/** Pins `text` from a file (or stdin, `name` -) with `flags`; the run must succeed. Returns the report. */
async function pinAll(name, text, flags = []) {
  const r = name === '-' ? await run(['pin', '-', ...flags], { input: text }) : await run(['pin', temp.file(name, text), ...flags]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout);
}

describe('bulk: CSV delimiters and headers', () => {
  test('a semicolon file (as spreadsheets write it where the decimal mark is a comma): found from its header line', async () => {
    const report = await pinAll('semi.csv', 'fromAccount;type;id\nalice;group;s1\nbob;c2c;alice\nalice;group;with,comma\n');
    assert.equal(report.succeeded, 3);
    assert.deepEqual(pinned(), { alice: ['group:s1', 'group:with,comma'], bob: ['c2c:alice'] });
  });

  test('a tab-separated file, from stdin, after blank lines; a semicolon in a field of a comma file stays in it', async () => {
    await pinAll('-', '\n\nfromAccount\ttype\tid\nalice\tgroup\tt1\ncarol\tgroup\tt;2\n');
    await pinAll('comma.csv', 'fromAccount,type,id\nbob,group,a;b\n');
    assert.deepEqual(pinned(), { alice: ['group:t1'], bob: ['group:a;b'], carol: ['group:t;2'] });
  });

  test('header names in any case, spaces after the delimiters (in the rows too; a quoted space is kept)', async () => {
    const report = await pinAll('spaced.csv', 'FromAccount, TYPE, Id\nalice, group, h1\nbob,  c2c, carol\ncarol, group, " h3"\n');
    assert.equal(report.succeeded, 3);
    assert.deepEqual(pinned(), { alice: ['group:h1'], bob: ['c2c:carol'], carol: ['group: h3'] });
  });

  test('types in any case: C2C and Group as the service writes them; another word is still a bad row', async () => {
    const r = await run(['pin', temp.file('types.csv', 'fromAccount,type,id\nalice,C2C,bob\nbob,Group,g1\ncarol,GROUP,g2\ncarol,grp,g3\n')]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, 'line 5: type must be c2c or group, not "grp"\n');
    assert.equal(JSON.parse(r.stdout).succeeded, 3);
    assert.deepEqual(pinned(), { alice: ['c2c:bob'], bob: ['group:g1'], carol: ['group:g2'] });
  });

  test('--delimiter chooses (, ; tab, or a tab typed as is); another value, or with JSON Lines, is a usage error', async () => {
    await pinAll('given.csv', 'fromAccount;type;id\nalice;group;d1\n', ['--delimiter', ';']);
    await pinAll('-', 'fromAccount\ttype\tid\nbob\tgroup\td2\n', ['--delimiter', 'tab', '--format', 'csv']);
    await pinAll('-', 'fromAccount\ttype\tid\ncarol\tgroup\td3\n', ['--delimiter', '\t']);
    assert.deepEqual(pinned(), { alice: ['group:d1'], bob: ['group:d2'], carol: ['group:d3'] });
    // Told a comma, a semicolon file's header is one name: refused, naming line 1.
    const wrong = await run(['pin', temp.file('semi2.csv', 'fromAccount;type;id\nalice;group;d4\n'), '--delimiter', ',']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /semi2\.csv line 1: the CSV header must be fromAccount,type,id \(names in any case; delimiter , ; or tab\), not "fromAccount;type;id"/);
    const pipe = await run(['pin', temp.file('x.csv', 'fromAccount|type|id\n'), '--delimiter', '|']);
    assert.equal(pipe.code, 2);
    assert.match(pipe.stderr, /--delimiter must be , ; or tab, not "\|"/);
    const jsonl = await run(['pin', temp.file('x.jsonl', '{"fromAccount":"alice","conversations":[{"type":"group","groupId":"j"}]}\n'), '--delimiter', ';']);
    assert.equal(jsonl.code, 2);
    assert.match(jsonl.stderr, /--delimiter applies to CSV only/);
    for (const r of [wrong, pipe, jsonl]) assert.equal(r.stdout, '');
    assert.deepEqual(pinned(), { alice: ['group:d1'], bob: ['group:d2'], carol: ['group:d3'] });
  });

  test('headerDelimiter: the one of , ; tab the line holds most, a comma on a tie or when none', () => {
    const cases = [
      ['fromAccount,type,id', ','],
      ['fromAccount;type;id', ';'],
      ['fromAccount\ttype\tid', '\t'],
      ['fromAccount;type;id,extra', ';'],
      ['a,b;c', ','],
      ['fromAccount type id', ','],
      ['', ','],
    ];
    for (const [line, expected] of cases) assert.equal(headerDelimiter(line), expected, JSON.stringify(line));
  });
});
