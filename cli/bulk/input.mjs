// Where a bulk file comes from: a path or `-` (stdin), its format (by extension, by --format, or from its first
// line), and, for a regular file, a quick count of its lines so progress can show a total. The file is opened once
// and read once (a pipe, `/dev/stdin` or a FIFO is never read twice); its bytes are passed on as they are (a
// byte order mark dropped), for rows.mjs to decode line by line, so a row that is not UTF-8 is a bad row.
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Interrupted, UsageError } from '../errors.mjs';

export const FORMATS = ['csv', 'jsonl'];
const EXTENSIONS = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Opens FILE (or stdin for `-`) as a stream of bytes. The format is `format` when given, else the extension's,
 * else the first line's: `{` starts JSON Lines, anything else is read as CSV (whose header is then checked).
 * `format` is checked by the caller. The first line that is not blank is read ahead (`firstLine`, latin1) when the
 * format is not known, or with `peekCsv` when it may be CSV (rows.mjs finds the delimiter in the header line).
 * Ctrl-C (`signal`) while waiting for it: Interrupted.
 * Resolves { stream, format, name, lines?, linesRead(), firstLine?, close() } where `lines` counts a regular file's
 * lines (none for stdin or a pipe), `linesRead()` the lines passed on so far, and `close()` stops reading.
 */
export async function openInput(file, { format, stdin, signal, peekCsv = false }) {
  const name = file === '-' ? 'stdin' : file;
  let lines;
  let source = stdin;
  if (file !== '-') {
    const handle = await openFile(file);
    const stat = await handle.stat();
    if (stat.isDirectory()) {
      await handle.close();
      throw new UsageError(`${file}: is a directory; give a CSV or JSON Lines file, or - for stdin`);
    }
    if (stat.isFile()) lines = await countLines(handle, file);
    source = handle.createReadStream();
  }
  const counter = { lines: 0, last: 0x0a };
  const linesRead = () => counter.lines + (counter.last === 0x0a ? 0 : 1);
  let chunks = passOn(source, counter);
  const chosen = format ?? (file === '-' ? undefined : EXTENSIONS[extension(file)]);
  let firstLine;
  if (!chosen || (chosen === 'csv' && peekCsv)) {
    let first;
    try {
      ({ first, rest: chunks } = await peek(chunks, signal));
    } catch (err) {
      source.destroy?.();
      throw err;
    }
    firstLine = firstFilledLine(first.toString('latin1'));
  }
  const sniffed = firstLine !== undefined && /^\s*\{/.test(firstLine) ? 'jsonl' : 'csv';
  const stream = Readable.from(chunks, { objectMode: false });
  // Both ends: the generator over `source` may be waiting for it (an open stdin), and would not end on its own.
  const close = () => {
    stream.destroy();
    source.destroy?.();
  };
  return { stream, format: chosen ?? sniffed, name, lines, linesRead, firstLine, close };
}

/** `promise`'s value, or ABORTED as soon as `signal` aborts (the promise is left to settle on its own). */
export const ABORTED = Symbol('aborted');
export function unlessAborted(promise, signal) {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(ABORTED);
  let onAbort;
  const aborted = new Promise((resolve) => {
    onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

const extension = (file) => /\.[^./\\]+$/.exec(file.toLowerCase())?.[0];

async function openFile(file) {
  try {
    return await open(file, 'r');
  } catch (err) {
    throw new UsageError(`${file}: ${err.code === 'ENOENT' ? 'no such file' : `cannot be read (${err.code ?? err.message})`}`);
  }
}

/** Counts a regular file's lines (newlines, plus a last line without one), reading at offsets (the handle's own position stays 0). */
async function countLines(handle, file) {
  try {
    const buffer = Buffer.alloc(1 << 16);
    let lines = 0;
    let last = 0x0a;
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      for (let i = buffer.indexOf(0x0a, 0); i !== -1 && i < bytesRead; i = buffer.indexOf(0x0a, i + 1)) lines++;
      last = buffer[bytesRead - 1];
    }
    return last === 0x0a ? lines : lines + 1;
  } catch (err) {
    await handle.close();
    throw new UsageError(`${file}: cannot be read (${err.code ?? err.message})`);
  }
}

/** The chunks of `source` as Buffers, a byte order mark at the start dropped, newlines counted in `counter`. */
async function* passOn(source, counter) {
  let head = Buffer.alloc(0);
  let started = false;
  for await (const data of source) {
    let chunk = Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (!started) {
      head = Buffer.concat([head, chunk]);
      if (head.length < BOM.length && BOM.subarray(0, head.length).equals(head)) continue;
      started = true;
      chunk = head.subarray(0, BOM.length).equals(BOM) ? head.subarray(BOM.length) : head;
    }
    if (chunk.length === 0) continue;
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) counter.lines++;
    counter.last = chunk[chunk.length - 1];
    yield chunk;
  }
  if (!started && head.length > 0) yield head;
}

/**
 * The bytes up to the end of the first line that is not blank (or the end), and an async iterable of everything,
 * those bytes included. Ctrl-C while waiting: Interrupted.
 */
async function peek(chunks, signal) {
  const head = [];
  let done = false;
  const seen = { content: false };
  while (!head.length || !lineEnds(head.at(-1), seen)) {
    const step = await unlessAborted(chunks.next(), signal);
    if (step === ABORTED) throw new Interrupted();
    if (step.done) {
      done = true;
      break;
    }
    head.push(step.value);
  }
  async function* rest() {
    yield* head;
    if (!done) yield* chunks;
  }
  return { first: Buffer.concat(head), rest: rest() };
}

/** Whether `chunk` ends the first line that is not blank (`seen.content`: a byte other than white space came). */
function lineEnds(chunk, seen) {
  let i = 0;
  for (; !seen.content && i < chunk.length; i++) seen.content = ![0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d].includes(chunk[i]);
  return seen.content && chunk.indexOf(0x0a, i) !== -1;
}

/** The first line of `text` that is not blank ('' when none), without its line break. */
function firstFilledLine(text) {
  const at = text.search(/\S/);
  if (at === -1) return '';
  const end = text.indexOf('\n', at);
  return text.slice(text.lastIndexOf('\n', at) + 1, end === -1 ? text.length : end).replace(/\r$/, '');
}
