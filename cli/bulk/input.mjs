// Where a bulk file comes from: a path or `-` (stdin), its format (by extension, by --format, or from its first
// line), and, for a regular file, a quick count of its lines so progress can show a total.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { UsageError } from '../errors.mjs';

export const FORMATS = ['csv', 'jsonl'];
const EXTENSIONS = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/**
 * Opens FILE (or stdin for `-`) as a stream of text. The format is `format` when given, else the extension's, else
 * the first line's: `{` starts JSON Lines, anything else is read as CSV (whose header is then checked). `format`
 * is checked by the caller.
 * Resolves { stream, format, name, lines? } where `lines` counts the file's lines (not stdin's).
 */
export async function openInput(file, { format, stdin }) {
  const name = file === '-' ? 'stdin' : file;
  let lines;
  let stream;
  if (file === '-') {
    stream = stdin;
  } else {
    lines = await countLines(file);
    stream = createReadStream(file);
  }
  stream.setEncoding('utf8');
  const chosen = format ?? (file === '-' ? undefined : EXTENSIONS[extension(file)]);
  if (chosen) return { stream, format: chosen, name, lines };
  const { first, rest } = await peek(stream);
  return { stream: Readable.from(rest, { objectMode: false }), format: /^\uFEFF?\s*\{/.test(first) ? 'jsonl' : 'csv', name, lines };
}

const extension = (file) => /\.[^./\\]+$/.exec(file.toLowerCase())?.[0];

/** Counts the lines of a file (newlines, plus a last line without one), or UsageError naming it. */
async function countLines(file) {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw new UsageError(`${file}: ${err.code === 'ENOENT' ? 'no such file' : `cannot be read (${err.code ?? err.message})`}`);
  }
  try {
    const buffer = Buffer.alloc(1 << 16);
    let lines = 0;
    let last = 0x0a;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      for (let i = buffer.indexOf(0x0a, 0); i !== -1 && i < bytesRead; i = buffer.indexOf(0x0a, i + 1)) lines++;
      last = buffer[bytesRead - 1];
    }
    return last === 0x0a ? lines : lines + 1;
  } catch (err) {
    throw new UsageError(`${file}: cannot be read (${err.code ?? err.message})`);
  } finally {
    await handle.close();
  }
}

/** The text up to the first line's end (or the end), and an async iterable of everything, that text included. */
async function peek(stream) {
  const iterator = stream[Symbol.asyncIterator]();
  const head = [];
  let first = '';
  let done = false;
  while (!first.includes('\n')) {
    const step = await iterator.next();
    if (step.done) {
      done = true;
      break;
    }
    head.push(step.value);
    first += step.value;
  }
  async function* rest() {
    yield* head;
    if (done) return;
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) yield step.value;
  }
  return { first, rest: rest() };
}
