// Where bad JSON breaks, read from JSON.parse's message in both of V8's shapes: "… at position N" (Node 20) and
// "… at position N (line L column C)" (newer V8), and worked out by a prefix search when the message gives none.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonErrorOffset, parseJson } from '../../pkg/cli/output.mjs';

/** Cases: [text, the message parseJson must give]; lines and columns counted by hand. */
const CASES = [
  ['{"CheckItem": }', /^B is not JSON: unexpected "}" at line 1, column 15$/],
  ['{"a":1,\n "b": x}', /^B is not JSON: unexpected "x" at line 2, column 7$/],
  ['{"a" 1}', /^B is not JSON: unexpected "1" at line 1, column 6$/],
  ['{"a":1}x', /^B is not JSON: unexpected "x" at line 1, column 8$/],
  ['{\n  "CheckItem": [\n', /^B is not JSON: it ends too early at line 3, column 1$/],
  ['"abc', /^B is not JSON: it ends too early at line 1, column 5$/],
  ['{"a":\u200b1}', /^B is not JSON: unexpected U\+200B at line 1, column 6$/],
];

/** Runs `fn` with JSON.parse throwing newer V8's messages: " (line L column C)" after "at position N". */
function withNewerV8Messages(fn) {
  const parse = JSON.parse;
  JSON.parse = (text, reviver) => {
    try {
      return parse(text, reviver);
    } catch (err) {
      const at = / at position (\d+)$/.exec(err.message);
      if (!at) throw err;
      const before = text.slice(0, Number(at[1])).split('\n');
      throw new SyntaxError(`${err.message} (line ${before.length} column ${before.at(-1).length + 1})`);
    }
  };
  try {
    return fn();
  } finally {
    JSON.parse = parse;
  }
}

describe('JSON errors', () => {
  test('jsonErrorOffset reads "at position N" anywhere in the message; the end of input; none', () => {
    assert.equal(jsonErrorOffset("Expected property name or '}' in JSON at position 1", 15), 1);
    assert.equal(jsonErrorOffset("Expected property name or '}' in JSON at position 1 (line 1 column 2)", 15), 1);
    assert.equal(jsonErrorOffset('Unexpected non-whitespace character after JSON at position 7 (line 1 column 8)', 8), 7);
    assert.equal(jsonErrorOffset('Unexpected end of JSON input', 9), 9);
    assert.equal(jsonErrorOffset(`Unexpected token '}', "{"CheckItem": }" is not valid JSON`, 15), undefined);
  });

  test("parseJson names the same place with this Node's messages and with newer V8's", () => {
    for (const shape of [(fn) => fn(), withNewerV8Messages]) {
      for (const [text, message] of CASES) {
        assert.throws(() => shape(() => parseJson(text, 'B')), (err) => err.name === 'UsageError' && message.test(err.message), text);
      }
    }
  });

  test('a byte order mark at the start is dropped', () => {
    assert.deepEqual(parseJson('\ufeff{"a":1}', 'B'), { a: 1 });
  });
});
