// The journal of a bulk run (--journal FILE): append-only JSON Lines. The first line names the operation and the
// input (`file`, as given, `stdin` for -; or `group`, for --group-members); then one line per row whose request
// succeeded, `{"line":N,"row":"<the row as read>"}` (or per member, `{"member":"<UserID>"}`), written synchronously
// as each request succeeds, so Ctrl-C (or a crash) never loses a recorded row. A second run with the same journal skips a row whose line number and content are
// recorded; a row that changed since is sent again (pin and unpin are idempotent). A torn last line (the process
// killed mid-write) is ignored and cut off before appending, unless it is a whole entry: then it counts, and its
// newline is written.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync, truncateSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { UsageError } from '../errors.mjs';

const FORMAT = 'tencent-chat-admin bulk journal';
/** The largest line number an entry may give (past it the entry is not a journal entry). */
export const MAX_LINE = 2 ** 31;

/** 64 bits of a row's text's SHA-256, as two 32-bit halves [high, low], never both 0 (0, 0 marks a line not done). */
export function rowHash(text) {
  const digest = createHash('sha256').update(text).digest();
  const high = digest.readUInt32BE(0);
  const low = digest.readUInt32BE(4);
  return [high, high === 0 && low === 0 ? 1 : low];
}

/**
 * Done rows by line number: 64 bits of a hash of each row's content in two typed arrays (8 bytes a line, grown as
 * needed), so a journal of a million rows stays a few MB.
 */
export class DoneLines {
  high = new Uint32Array(1024);
  low = new Uint32Array(1024);
  size = 0;

  add(line, text) {
    if (line >= this.high.length) {
      let length = this.high.length;
      while (length <= line) length *= 2;
      for (const half of ['high', 'low']) {
        const grown = new Uint32Array(length);
        grown.set(this[half]);
        this[half] = grown;
      }
    }
    if (this.high[line] === 0 && this.low[line] === 0) this.size++;
    [this.high[line], this.low[line]] = rowHash(text);
  }

  /** 'done', 'changed' (the line is recorded with other content) or undefined. */
  check(line, text) {
    if (line >= this.high.length || (this.high[line] === 0 && this.low[line] === 0)) return undefined;
    const [high, low] = rowHash(text);
    return this.high[line] === high && this.low[line] === low ? 'done' : 'changed';
  }
}

/**
 * Opens the journal at `path` for `operation` ('pin' or 'unpin') and the input `file` (its name, for the header):
 * reads what it records (a missing or empty file starts a new one) and keeps it open for appending (unless `write`
 * is false: --dry-run only reads it). UsageError when it is not a regular file, not a journal, or is for the other
 * operation; a journal of another input is used (rows are matched by line and content), with a warning on `stderr`.
 */
export async function openJournal(path, operation, { write = true, file, group, stderr } = {}) {
  let size = 0;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UsageError(`--journal ${path}: not a regular file; give a journal file (a new one, or one an earlier bulk run wrote)`);
    size = stat.size;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if (err.code !== 'ENOENT') throw new UsageError(`--journal ${path}: cannot be read (${err.code ?? err.message})`);
  }
  const done = new DoneLines();
  const members = new Set();
  const torn = size > 0 && lastByte(path, size) !== 0x0a;
  let tornEntry = false;
  if (size > 0) {
    let header;
    try {
      ({ header, tornEntry } = await readEntries(path, operation, { done, members }, torn));
    } catch (err) {
      throw err instanceof UsageError ? err : new UsageError(`--journal ${path}: cannot be read (${err.code ?? err.message})`);
    }
    // A member done for one group is not done for another: a group's journal serves that group only.
    if (header.group !== group) {
      const of = (g) => (g === undefined ? 'a run of a file' : `a run for the members of group ${JSON.stringify(g)}`);
      throw new UsageError(`--journal ${path}: it records ${of(header.group)}, not ${of(group)}; give another journal`);
    }
    if (file !== undefined && header.file !== undefined && header.file !== file) {
      stderr?.write(`tencent-chat-admin: warning: --journal ${path} records a run of ${JSON.stringify(header.file)}, this run reads ${JSON.stringify(file)}; its rows are matched by line number and content\n`);
    }
  }
  if (torn && write && !tornEntry) {
    // The torn last line is cut off (the entries before it stay), so the next entry starts on its own line.
    size = lastNewline(path, size) + 1;
    truncateSync(path, size);
  }
  const check = (line, text) => done.check(line, text);
  const has = (member) => members.has(member);
  if (!write) return { recorded: done.size + members.size, check, has, record() {}, recordMembers() {}, close() {} };
  let fd;
  try {
    fd = openSync(path, 'a');
  } catch (err) {
    throw new UsageError(`--journal ${path}: cannot be written (${err.code ?? err.message})`);
  }
  // A torn last line that is a whole entry keeps it: it counts (its row is skipped), so it must stay recorded.
  if (torn && tornEntry) writeSync(fd, '\n');
  if (size === 0) writeSync(fd, `${JSON.stringify({ journal: FORMAT, operation, ...(file !== undefined ? { file } : {}), ...(group !== undefined ? { group } : {}) })}\n`);
  return {
    /** How many rows (or members) it records done. */
    recorded: done.size + members.size,
    check,
    /** Whether it records `member` (a UserID) done. */
    has,
    /** Records members (UserIDs) done: one synchronous write. */
    recordMembers(ids) {
      if (ids.length > 0) writeSync(fd, ids.map((member) => `${JSON.stringify({ member })}\n`).join(''));
    },
    /** Records rows ({ line, text }) done: one synchronous write. */
    record(rows) {
      if (rows.length === 0) return;
      writeSync(fd, rows.map((row) => `${JSON.stringify({ line: row.line, row: row.text })}\n`).join(''));
    },
    close: () => closeSync(fd),
  };
}

/**
 * Reads the journal's lines (streamed: a long journal is never one string) into `done`. Resolves { header,
 * tornEntry }: `tornEntry` when the file does not end with a newline (`torn`) and its last line is a whole entry.
 */
async function readEntries(path, operation, { done, members }, torn) {
  let number = 0;
  let bad;
  let header;
  let last;
  for await (const text of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    number++;
    if (bad !== undefined) break; // a bad line that is not the last one
    if (number === 1) {
      header = parseLine(text);
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
    if (entry && Number.isSafeInteger(entry.line) && entry.line > 0 && entry.line <= MAX_LINE && typeof entry.row === 'string') {
      done.add(entry.line, entry.row);
      last = number;
    } else if (typeof entry?.member === 'string' && entry.member !== '') {
      members.add(entry.member);
      last = number;
    } else bad = number;
  }
  // Only the last line may be unreadable, and only when the file does not end with a newline (a torn write).
  if (bad !== undefined && !(bad === number && torn)) throw new UsageError(`--journal ${path}: line ${bad} is not a journal entry`);
  return { header, tornEntry: torn && number > 1 && last === number };
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
