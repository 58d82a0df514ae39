// The command line's tables pad by the columns a terminal shows, so Chinese (and other wide) IDs line up: the
// expected tables are written out here, spaces counted by hand (a CJK character is two columns wide).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { displayWidth, writeTable } from '../../cli/output.mjs';
import { useEmulator } from './cases.mjs';
import { cli } from './helpers.mjs';

const suite = useEmulator({ accounts: ['alice'] });

/** What writeTable prints for `columns` and `rows`. */
function table(columns, rows) {
  let text = '';
  writeTable({ stdout: { write: (chunk) => (text += chunk) } }, columns, rows);
  return text;
}

describe('tables', () => {
  test('displayWidth: 2 for CJK, kana, Hangul, fullwidth forms and emoji; 0 for combining marks; 1 otherwise', () => {
    const cases = [['alice', 5], ['张三', 4], ['用户一号', 8], ['ユーザー', 8], ['한국', 4], ['ＡＢ', 4], ['ｱｲ', 2], ['é', 1], ['e\u0301', 1], ['😀', 2], ['', 0]];
    for (const [text, width] of cases) assert.equal(displayWidth(text), width, text);
  });

  test('writeTable pads each column to its widest cell as shown, two spaces between', () => {
    const columns = [{ title: 'USER', value: (r) => r[0] }, { title: 'GROUP', value: (r) => r[1] }, { title: 'N', value: (r) => r[2] }];
    const rows = [['alice', '公告', 1], ['用户一号', 'g1', 22], ['bob', 'チーム', 3]];
    assert.equal(table(columns, rows), [
      'USER      GROUP   N',
      'alice     公告    1',
      '用户一号  g1      22',
      'bob       チーム  3',
      '',
    ].join('\n'));
  });

  test('accounts import and check with Chinese UserIDs: the columns line up', async () => {
    const imported = await cli(['accounts', 'import', 'alice', '张三', '用户一号'], { env: suite.env });
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(imported.stdout, [
      'USER      RESULT',
      'alice     imported',
      '张三      imported',
      '用户一号  imported',
      '3 imported, 0 failed',
      '',
    ].join('\n'));
    const checked = await cli(['accounts', 'check', '张三', 'nobody'], { env: suite.env });
    assert.equal(checked.stdout, [
      'USER    STATUS        CODE  INFO',
      '张三    imported',
      'nobody  not imported',
      '',
    ].join('\n'));
  });
});
