// The caller's value read once, in JS, into JSON text for the core's one reader (src/core/input/): one crossing
// into wasm per argument instead of one per property. The rules (src/wasm/snapshot.rs documents them):
// - a property whose getter (or Proxy trap) throws, or whose value is undefined, is absent (at the top of an
//   argument read with `kept`, it is the marker `undefined`, which reads as absent but whose name is checked);
// - objects are their own enumerable properties, arrays their items (at most MAX_ITEMS), to MAX_DEPTH levels and
//   MAX_VALUES objects in all (past them: the marker `nested`);
// - what JSON cannot carry becomes the marker [MARK, word]: a function, symbol, bigint, a string with a lone
//   surrogate, a typed array (`object`), a Date, Map, Set or RegExp, a number that is NaN or infinite;
// - the top level's objects and functions are kept as given in `kept` (when one is passed), by key.

const MARK = '\0tencent-chat-admin:js-type';
const MAX_DEPTH = 8;
const MAX_VALUES = 20000;
const MAX_ITEMS = 10001;
const PLAIN = Object.prototype;
const BUILTINS = [
  [Date, 'Date'],
  [Map, 'Map'],
  [Set, 'Set'],
  [RegExp, 'RegExp'],
];
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = String.prototype.isWellFormed
  ? (s) => s.isWellFormed()
  : (s) => !LONE.test(s);
const fixed = String.prototype.toWellFormed
  ? (s) => s.toWellFormed()
  : (s) => s.replace(new RegExp(LONE.source, 'g'), '\uFFFD');

let budget = 0;

/** The copy of `value`, and whether it was an object or a function (kept as given at the top). */
function copy(value, depth, kept) {
  switch (typeof value) {
    case 'string':
      return [wellFormed(value) ? value : [MARK, 'lone-surrogate'], false];
    case 'number':
      return [Number.isFinite(value) ? value : [MARK, String(value)], false];
    case 'function':
      return [[MARK, 'function'], true];
    case 'bigint':
    case 'symbol':
      return [[MARK, typeof value], false];
    case 'object':
      if (value !== null) return [object(value, depth, kept), true];
  }
  // undefined (absent in an object, null in an array), null, a boolean.
  return [value, false];
}

function object(value, depth, kept) {
  if (depth >= MAX_DEPTH || budget === 0) return [MARK, 'nested'];
  // Typed arrays are read whole by the binding where one is wanted (a userbuf), never key by key.
  if (ArrayBuffer.isView(value)) return [MARK, 'object'];
  budget -= 1;
  let array = false;
  try {
    array = Array.isArray(value);
  } catch {}
  if (array) {
    let length = 0;
    try {
      length = Math.min(Math.max(Number(value.length) || 0, 0), MAX_ITEMS) >>> 0;
    } catch {}
    const out = new Array(length);
    for (let i = 0; i < length; i++) {
      let item;
      try {
        item = value[i];
      } catch {}
      out[i] = item === undefined ? null : copy(item, depth + 1)[0];
    }
    return out;
  }
  let proto = null;
  try {
    proto = Object.getPrototypeOf(value);
  } catch {}
  if (proto !== null && proto !== PLAIN) {
    for (const [type, word] of BUILTINS) if (value instanceof type) return [MARK, word];
  }
  // Without a prototype: an own `__proto__` key is data, not the copy's prototype.
  const out = Object.create(null);
  let names;
  try {
    names = Object.keys(value);
  } catch {
    return out;
  }
  for (const name of names) {
    let item;
    try {
      item = value[name];
    } catch {}
    // Keys as Rust strings hold them: a lone surrogate becomes U+FFFD.
    const key = wellFormed(name) ? name : fixed(name);
    if (item === undefined) {
      // Absent; at the top of options its name is still checked (`{ signl: undefined }` is a typo).
      if (kept) out[key] = [MARK, 'undefined'];
      continue;
    }
    const [data, isObject] = copy(item, depth + 1);
    out[key] = data;
    if (kept && isObject) kept[key] = item;
  }
  return out;
}

/**
 * `value` as JSON text (the empty text for `undefined`); with `kept` (an object), the top level's objects and
 * functions are put there as given, by key.
 */
export function snapshot(value, kept) {
  if (value === undefined) return '';
  budget = MAX_VALUES;
  return JSON.stringify(copy(value, 0, kept)[0]);
}
