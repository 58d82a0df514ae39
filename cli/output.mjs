// What the commands write and read besides flags: JSON for machines, plain tables for people, and text from
// stdin or a file (`-` for stdin).
import { readFile } from 'node:fs/promises';
import { addAbortSignal } from 'node:stream';
import { Interrupted, UsageError } from './errors.mjs';

/** Text (a help, a message for people) on stdout, as one or more lines. */
export function writeText(io, text) {
  io.stdout.write(text + '\n');
}

/** One JSON document, indented, on stdout. */
export function writeJson(io, value) {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** One JSON Lines record (one line) on stdout. */
export function writeJsonLine(io, value) {
  io.stdout.write(JSON.stringify(value) + '\n');
}

/**
 * A table on stdout: `columns` [{ title, value(row) }] (a value from the service or the user goes through `cell`),
 * the columns padded to their widest cell and separated by two spaces (no padding after the last). Widths are
 * those a terminal shows (displayWidth), so that Chinese, Japanese or Korean IDs line up.
 */
export function writeTable(io, columns, rows) {
  const lines = [columns.map((c) => c.title), ...rows.map((row) => columns.map((c) => String(c.value(row) ?? '')))];
  const widths = columns.map((_, i) => Math.max(...lines.map((line) => displayWidth(line[i]))));
  const pad = (v, i) => v + ' '.repeat(widths[i] - displayWidth(v));
  const text = lines.map((line) => line.map((v, i) => (i === line.length - 1 ? v : pad(v, i))).join('  ').trimEnd());
  io.stdout.write(text.join('\n') + '\n');
}

// East Asian Wide and Fullwidth code points (Unicode's EastAsianWidth W and F), which a terminal shows two columns
// wide: Hangul Jamo, CJK punctuation and ideographs, kana, Hangul syllables, fullwidth forms, emoji.
const WIDE = /[\u{1100}-\u{115F}\u{231A}\u{231B}\u{2329}\u{232A}\u{2E80}-\u{303E}\u{3041}-\u{33FF}\u{3400}-\u{4DBF}\u{4E00}-\u{9FFF}\u{A000}-\u{A4CF}\u{A960}-\u{A97F}\u{AC00}-\u{D7A3}\u{F900}-\u{FAFF}\u{FE10}-\u{FE19}\u{FE30}-\u{FE6F}\u{FF00}-\u{FF60}\u{FFE0}-\u{FFE6}\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}]/u;
// Shown in no column of their own: combining marks, zero-width characters, variation selectors.
const ZERO = /[\p{Mn}\p{Me}\u{200B}-\u{200F}\u{FE00}-\u{FE0F}]/u;

/** How many terminal columns `text` takes: 2 for a wide character, 0 for a combining or zero-width one, else 1. */
export function displayWidth(text) {
  let width = 0;
  for (const char of text) width += ZERO.test(char) ? 0 : WIDE.test(char) ? 2 : 1;
  return width;
}

/** An ID from the service or the user, for a table: as is when printable without spaces; quoted (JSON) otherwise. */
export function cell(value) {
  if (value === undefined || value === null || value === '') return '';
  const text = String(value);
  return /[\s\p{Cc}"]/u.test(text) ? escapeControls(JSON.stringify(text)) : text;
}

/** Free text from the service (an info message), for a table: control characters escaped as in JSON. */
export function prose(value) {
  return escapeControls(String(value ?? ''));
}

const escapeControls = (text) => text.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A value the user gave, for a message: JSON-quoted and cut to `max` characters. */
export function quote(value, max = 40) {
  const text = String(value);
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}

/**
 * The text of `source`: a path, or `-` for stdin. `flag` names it in errors (`--file`, `BODY`). Stdin that is a
 * terminal is refused (the command would wait for typing that is not meant): pipe or redirect it.
 */
export async function readSource(io, source, flag) {
  if (source === '-') return readStdin(io, `${flag} - (stdin)`);
  let bytes;
  try {
    bytes = await readFile(source);
  } catch (err) {
    throw new UsageError(`${flag} ${source}: ${err.code === 'ENOENT' ? 'no such file' : `cannot be read (${err.code ?? 'error'})`}`);
  }
  return decodeUtf8(bytes, `${flag} ${source}`);
}

/**
 * All of stdin as text (`what` names it in errors); UsageError when stdin is a terminal or not UTF-8. Ctrl-C
 * (`io.signal`) stops the read at once: Interrupted, and the command does nothing.
 */
export async function readStdin(io, what) {
  if (io.stdin.isTTY) throw new UsageError(`${what}: stdin is a terminal; pipe or redirect the input`);
  const { signal } = io;
  if (signal?.aborted) throw new Interrupted();
  const chunks = [];
  try {
    for await (const chunk of signal ? addAbortSignal(signal, io.stdin) : io.stdin) chunks.push(Buffer.from(chunk));
  } catch (err) {
    throw signal?.aborted ? new Interrupted() : err;
  }
  if (signal?.aborted) throw new Interrupted();
  return decodeUtf8(Buffer.concat(chunks), what);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true }); // a byte order mark at the start is dropped

/** `bytes` as text; UsageError naming `name` and the first line that is not UTF-8 (never its content). */
export function decodeUtf8(bytes, name) {
  try {
    return UTF8.decode(bytes);
  } catch {
    let line = 1;
    for (let start = 0; ; line++) {
      const end = bytes.indexOf(0x0a, start);
      try {
        UTF8.decode(bytes.subarray(start, end < 0 ? bytes.length : end));
      } catch {
        break;
      }
      if (end < 0) break;
      start = end + 1;
    }
    throw new UsageError(`${name} line ${line}: not UTF-8 text`);
  }
}

/** Unix seconds as ISO 8601 (UTC); '' for 0 (the service's "none"), null past what a Date holds. */
export function isoTime(seconds) {
  if (!seconds) return '';
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace('.000Z', 'Z');
}

/** `text` parsed as JSON, or a UsageError naming `name` and where the JSON breaks (line and column). */
export function parseJson(text, name) {
  if (text.startsWith('\uFEFF')) text = text.slice(1); // a byte order mark
  try {
    return JSON.parse(text);
  } catch (err) {
    if (!text.trim()) throw new UsageError(`${name} is not JSON: it is empty`);
    const good = jsonErrorOffset(err.message, text.length) ?? longestWhole(text);
    const before = text.slice(0, good).split('\n');
    const what = good === text.length ? 'it ends too early' : `unexpected ${visible(String.fromCodePoint(text.codePointAt(good)))}`;
    throw new UsageError(`${name} is not JSON: ${what} at line ${before.length}, column ${before.at(-1).length + 1}`);
  }
}

/**
 * Where JSON.parse's message says a text of `length` characters breaks: the offset it gives (`at position N`,
 * anywhere in the message: newer V8 adds "(line L column C)" after it), `length` for an early end, undefined when
 * the message gives no position.
 */
export function jsonErrorOffset(message, length) {
  const at = / at position (\d+)/.exec(message);
  if (at) return Math.min(Number(at[1]), length);
  return message.startsWith('Unexpected end of JSON input') ? length : undefined;
}

/**
 * For messages without a position (which quote the whole text instead): a prefix of the text is "whole so far"
 * when it parses or fails only for ending early; the longest such prefix ends where the JSON breaks.
 */
function longestWhole(text) {
  let [good, bad] = [0, text.length];
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (endsEarly(text.slice(0, mid))) good = mid;
    else bad = mid;
  }
  return good;
}

function endsEarly(prefix) {
  try {
    JSON.parse(prefix);
    return true;
  } catch (err) {
    return jsonErrorOffset(err.message, prefix.length) === prefix.length;
  }
}

/** A character for a message: quoted, or its code point when it cannot be seen (U+200B). */
function visible(char) {
  return /[\p{C}\p{Z}]/u.test(char) && char !== ' ' ? `U+${char.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}` : JSON.stringify(char);
}
