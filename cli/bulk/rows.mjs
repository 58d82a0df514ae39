// The rows of a bulk file, one at a time (the file is streamed). A CSV row is { line, text, fromAccount,
// conversation }; a JSON Lines row is { line, text, request }; a row that cannot be read is { line, text, error }.
// Only the file's shape is checked here (header, columns, the type word, empty fields, JSON); what a request may
// hold is the package's to check, before anything is sent.
import { parse } from 'csv-parse';
import { Interrupted, UsageError } from '../errors.mjs';
import { ABORTED, unlessAborted } from './input.mjs';

export const HEADER = ['fromAccount', 'type', 'id'];
/** The delimiters a CSV file may use, by --delimiter's word for each; found in the header line when not given. */
export const DELIMITERS = { ',': ',', ';': ';', tab: '\t' };
const TYPES = { c2c: 'toAccount', group: 'groupId' };
export const NOT_UTF8 = 'not UTF-8 text';
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Opens the rows of `input` ({ stream, format, name, linesRead, firstLine? } from input.mjs). For CSV the header
 * is read and checked first: the names `fromAccount,type,id` in any case, separated by `delimiter` (one of
 * DELIMITERS' values), else by the one of `,` `;` tab that `input.firstLine` holds most (`,` on a tie); a space after
 * a delimiter is dropped, in every row. UsageError naming line 1 when the header is not that; Interrupted on Ctrl-C
 * while waiting for it. Resolves an async iterable.
 */
export async function openRows(input, { signal, delimiter } = {}) {
  if (input.format === 'jsonl') return jsonRows(input.stream);
  const rows = csvRows(input, delimiter ?? headerDelimiter(input.firstLine ?? ''))[Symbol.asyncIterator]();
  const first = await unlessAborted(rows.next(), signal);
  if (first === ABORTED) throw new Interrupted();
  const header = first.done ? undefined : first.value;
  if (header?.error) throw new UsageError(`${input.name} line ${header.line}: ${header.error}`);
  if (header && !header.fields) throw new UsageError(`${input.name} line ${header.line}: ${NOT_UTF8}`);
  const names = header?.fields.map((name) => name.trim().toLowerCase());
  if (!names || names.join('\u0000') !== HEADER.join('\u0000').toLowerCase()) {
    const found = header ? `not ${JSON.stringify(header.text)}` : 'and the file is empty';
    throw new UsageError(`${input.name} line ${header?.line ?? 1}: the CSV header must be ${HEADER.join(',')} (names in any case; delimiter , ; or tab), ${found}`);
  }
  return { [Symbol.asyncIterator]: () => ({ next: () => rows.next().then(toRow), return: () => rows.return() }) };
}

/** A CSV record ({ line, fields, text }) as a row, or a bad row saying what is wrong. */
function toRow(step) {
  if (step.done || step.value.error) return step;
  const { line, fields, text } = step.value;
  const bad = (error) => ({ done: false, value: { line, text, error } });
  if (!fields) return bad(NOT_UTF8);
  if (fields.length !== 3) return bad(`expected 3 fields (${HEADER.join(',')}), found ${fields.length}`);
  const [fromAccount, written, id] = fields;
  const type = written.toLowerCase(); // C2C and Group as the service's documentation writes them, too
  if (fromAccount === '') return bad('fromAccount is empty');
  if (!Object.hasOwn(TYPES, type)) return bad(`type must be c2c or group, not ${JSON.stringify(written)}`);
  if (id === '') return bad('id is empty');
  return { done: false, value: { line, text, fromAccount, conversation: { type, [TYPES[type]]: id } } };
}

/** How many times `char` occurs in the fields. */
function occurrences(fields, char) {
  let n = 0;
  for (const field of fields) for (let i = field.indexOf(char); i !== -1; i = field.indexOf(char, i + 1)) n++;
  return n;
}

/**
 * The CSV's records ({ line, fields, text }; `fields` undefined when a field is not UTF-8) with the line each
 * starts on; a record the parser cannot read (a stray quote) is a bad row, and an unclosed quote is one bad row
 * at the line it opens, naming the lines it swallowed. The bytes are parsed as latin1 (a character a byte: the
 * delimiters are ASCII) and each field then decoded as UTF-8.
 */
async function* csvRows(input, delimiter) {
  const skipped = [];
  // csv-parse counts each \r inside a quoted field as a line of its own (a \r\n as two): subtracted from its count.
  let crs = 0;
  let last = 0; // the last line of the last record, as the file numbers it
  let empty = 0; // empty lines before it
  let unclosed;
  const parser = input.stream.pipe(parse({
    encoding: 'latin1',
    delimiter,
    ltrim: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record, context) => {
      crs += occurrences(record, '\r');
      last = context.lines - crs;
      empty = context.empty_lines;
      return { line: last - occurrences(record, '\n'), record };
    },
    on_skip: (err) => {
      // The unclosed quote's record starts after the last record and the empty lines since.
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') unclosed = last + 1 + (err.empty_lines - empty);
      else skipped.push({ line: err.lines - crs, text: '', error: `not CSV: ${err.message}` });
    },
  }));
  for await (const { line, record } of parser) {
    // The parser runs ahead of this loop: what it skipped before this record comes first.
    while (skipped.length && skipped[0].line < line) yield skipped.shift();
    const fields = record.map(utf8);
    const good = !fields.includes(undefined);
    yield { line, fields: good ? fields : undefined, text: good ? fields.map(csvField).join(',') : '' };
  }
  while (skipped.length) yield skipped.shift();
  if (unclosed !== undefined) {
    const end = Math.max(unclosed, input.linesRead?.() ?? unclosed);
    yield { line: unclosed, text: '', error: `a quote opened on line ${unclosed} is not closed: lines ${unclosed} to ${end} were not read as rows` };
  }
}

/** The delimiter of a CSV file whose header line is `line`: the one of `,` `;` tab it holds most, `,` on a tie. */
export function headerDelimiter(line) {
  let best = ',';
  let most = 0;
  for (const delimiter of Object.values(DELIMITERS)) {
    const count = line.split(delimiter).length - 1;
    if (count > most) [best, most] = [delimiter, count];
  }
  return best;
}

/** A field parsed as latin1 (its bytes) as UTF-8 text, or undefined when the bytes are not UTF-8. */
function utf8(field) {
  if (!/[^\x00-\x7f]/.test(field)) return field;
  try {
    return UTF8.decode(Buffer.from(field, 'latin1'));
  } catch {
    return undefined;
  }
}

/** A field as CSV writes it (quoted only when it must be): a row's text, recorded in the journal. */
const csvField = (field) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);

/** JSON Lines: each non-empty line a pin request (a JSON object). `operation` is the command's to say (bulk pin or bulk unpin). */
async function* jsonRows(stream) {
  let line = 0;
  for await (const bytes of splitLines(stream)) {
    line++;
    let decoded;
    try {
      decoded = UTF8.decode(bytes);
    } catch {
      yield { line, text: '', error: NOT_UTF8 };
      continue;
    }
    const text = decoded.trim();
    if (text === '') continue;
    let request;
    try {
      request = JSON.parse(text);
    } catch (err) {
      yield { line, text, error: `not JSON: ${err.message}` };
      continue;
    }
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      const what = request === null ? 'null' : Array.isArray(request) ? 'an array' : `a ${typeof request}`;
      yield { line, text, error: `a line must be a JSON object (a pin request), not ${what}` };
      continue;
    }
    if (Object.hasOwn(request, 'operation')) {
      yield { line, text, error: 'operation is not allowed in a line: the command says it (bulk pin or bulk unpin)' };
      continue;
    }
    yield { line, text, request };
  }
}

/**
 * The lines of a byte stream (split on \n; a \r before it is left for trim), as Buffers. A line longer than a chunk
 * is joined once, when it ends (not chunk by chunk, which is quadratic in its length).
 */
async function* splitLines(stream) {
  let pending = [];
  for await (const chunk of stream) {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, end);
      yield pending.length > 0 ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      start = end + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) yield Buffer.concat(pending);
}
