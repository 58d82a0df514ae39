// The journal of a bulk run (--journal FILE): append-only JSON Lines. The first line names the operation; then one
// line per row whose request succeeded, `{"line":N,"row":"<the row as read>"}`, written synchronously as each
// request succeeds, so Ctrl-C (or a crash) never loses a recorded row. A second run with the same journal skips a
// row whose line number and content are recorded; a row that changed since is sent again (pin and unpin are
// idempotent). A torn last line (the process killed mid-write) is ignored, and cut off before appending.
import { closeSync, createReadStream, openSync, readSync, statSync, truncateSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { UsageError } from '../errors.mjs';

const FORMAT = 'tencent-chat-admin bulk journal';

/** FNV-1a (32 bits) of a row's text, never 0 (0 marks a line not done). */
export function rowHash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

/**
 * Done rows by line number: a hash of each row's content in a typed array (4 bytes a line, grown as needed), so a
 * journal of a million rows stays a few MB.
 */
class DoneLines {
  hashes = new Uint32Array(1024);
  size = 0;

  add(line, text) {
    if (line >= this.hashes.length) {
      let length = this.hashes.length;
      while (length <= line) length *= 2;
      const grown = new Uint32Array(length);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    if (this.hashes[line] === 0) this.size++;
    this.hashes[line] = rowHash(text);
  }

  /** 'done', 'changed' (the line is recorded with other content) or undefined. */
  check(line, text) {
    const recorded = line < this.hashes.length ? this.hashes[line] : 0;
    if (recorded === 0) return undefined;
    return recorded === rowHash(text) ? 'done' : 'changed';
  }
}

/**
 * Opens the journal at `path` for `operation` ('pin' or 'unpin'): reads what it records (a missing or empty file
 * starts a new one) and keeps it open for appending (unless `write` is false: --dry-run only reads it). UsageError when it is not a journal or is for the other
 * operation.
 */
export async function openJournal(path, operation, { write = true } = {}) {
  let size = 0;
  try {
    size = statSync(path).size;
  } catch (err) {
    if (err.code !== 'ENOENT') throw new UsageError(`--journal ${path}: cannot be read (${err.code ?? err.message})`);
  }
  const done = new DoneLines();
  const torn = size > 0 && lastByte(path, size) !== 0x0a;
  if (size > 0) await readEntries(path, operation, done, torn);
  if (torn && write) {
    // The torn last line is cut off (the entries before it stay), so the next entry starts on its own line.
    size = lastNewline(path, size) + 1;
    truncateSync(path, size);
  }
  const check = (line, text) => done.check(line, text);
  if (!write) return { recorded: done.size, check, record() {}, close() {} };
  let fd;
  try {
    fd = openSync(path, 'a');
  } catch (err) {
    throw new UsageError(`--journal ${path}: cannot be written (${err.code ?? err.message})`);
  }
  if (size === 0) writeSync(fd, `${JSON.stringify({ journal: FORMAT, operation })}\n`);
  return {
    /** How many rows it records done. */
    recorded: done.size,
    check,
    /** Records rows ({ line, text }) done: one synchronous write. */
    record(rows) {
      if (rows.length === 0) return;
      writeSync(fd, rows.map((row) => `${JSON.stringify({ line: row.line, row: row.text })}\n`).join(''));
    },
    close: () => closeSync(fd),
  };
}

/** Reads the journal's lines (streamed: a long journal is never one string) into `done`. */
async function readEntries(path, operation, done, torn) {
  let number = 0;
  let bad;
  for await (const text of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    number++;
    if (bad !== undefined) break; // a bad line that is not the last one
    if (number === 1) {
      const header = parseLine(text);
      if (header?.journal !== FORMAT) {
        throw new UsageError(`--journal ${path}: line 1 is not a bulk journal header; give a new file or one an earlier bulk run wrote`);
      }
      if (header.operation !== operation) {
        throw new UsageError(`--journal ${path}: it records a bulk ${header.operation} run, not bulk ${operation}; give another journal`);
      }
      continue;
    }
    if (text === '') continue;
    const entry = parseLine(text);
    if (entry && Number.isSafeInteger(entry.line) && entry.line > 0 && typeof entry.row === 'string') done.add(entry.line, entry.row);
    else bad = number;
  }
  // Only the last line may be unreadable, and only when the file does not end with a newline (a torn write).
  if (bad !== undefined && !(bad === number && torn)) throw new UsageError(`--journal ${path}: line ${bad} is not a journal entry`);
}

function lastByte(path, size) {
  const byte = Buffer.alloc(1);
  readAt(path, byte, size - 1);
  return byte[0];
}

/** The offset of the file's last newline (-1 if none), looking back from `size`. */
function lastNewline(path, size) {
  const chunk = Buffer.alloc(1 << 16);
  for (let end = size; end > 0; end -= chunk.length) {
    const start = Math.max(0, end - chunk.length);
    const n = readAt(path, chunk, start, end - start);
    const at = chunk.subarray(0, n).lastIndexOf(0x0a);
    if (at !== -1) return start + at;
  }
  return -1;
}

function readAt(path, buffer, position, length = buffer.length) {
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, buffer, 0, length, position);
  } finally {
    closeSync(fd);
  }
}

function parseLine(text) {
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}
