// The rows of a bulk file, one at a time (the file is streamed). A CSV row is { line, text, fromAccount,
// conversation }; a JSON Lines row is { line, text, request }; a row that cannot be read is { line, text, error }.
// Only the file's shape is checked here (header, columns, the type word, empty fields, JSON); what a request may
// hold is the package's to check, before anything is sent.
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { UsageError } from '../errors.mjs';

export const HEADER = ['fromAccount', 'type', 'id'];
const TYPES = { c2c: 'toAccount', group: 'groupId' };

/**
 * Opens the rows of `input` ({ stream, format, name } from input.mjs). For CSV the header is read and checked
 * first (UsageError naming line 1 when it is not exactly `fromAccount,type,id`). Resolves an async iterable.
 */
export async function openRows(input) {
  if (input.format === 'jsonl') return jsonRows(input.stream);
  const rows = csvRows(input.stream)[Symbol.asyncIterator]();
  const first = await rows.next();
  const header = first.done ? undefined : first.value;
  if (header?.error) throw new UsageError(`${input.name} line ${header.line}: ${header.error}`);
  if (!header || header.fields.join('\u0000') !== HEADER.join('\u0000')) {
    const found = header ? `not ${JSON.stringify(header.text)}` : 'and the file is empty';
    throw new UsageError(`${input.name} line ${header?.line ?? 1}: the CSV header must be exactly ${HEADER.join(',')}, ${found}`);
  }
  return { [Symbol.asyncIterator]: () => ({ next: () => rows.next().then(toRow), return: () => rows.return() }) };
}

/** A CSV record ({ line, fields, text }) as a row, or a bad row saying what is wrong. */
function toRow(step) {
  if (step.done || step.value.error) return step;
  const { line, fields, text } = step.value;
  const bad = (error) => ({ done: false, value: { line, text, error } });
  if (fields.length !== 3) return bad(`expected 3 fields (${HEADER.join(',')}), found ${fields.length}`);
  const [fromAccount, type, id] = fields;
  if (fromAccount === '') return bad('fromAccount is empty');
  if (!Object.hasOwn(TYPES, type)) return bad(`type must be c2c or group, not ${JSON.stringify(type)}`);
  if (id === '') return bad('id is empty');
  return { done: false, value: { line, text, fromAccount, conversation: { type, [TYPES[type]]: id } } };
}

/** The CSV's records with their line numbers; a record the parser cannot read (a stray quote) is a bad row. */
async function* csvRows(stream) {
  const skipped = [];
  const parser = stream.pipe(parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err) => skipped.push({ line: err.lines ?? 0, text: '', error: `not CSV: ${err.message}` }),
  }));
  for await (const { record, info } of parser) {
    // The parser runs ahead of this loop: what it skipped before this record comes first.
    while (skipped.length && skipped[0].line < info.lines) yield skipped.shift();
    // info.lines is the record's last line; a quoted field may span lines.
    const line = info.lines - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
    yield { line, fields: record, text: record.map(csvField).join(',') };
  }
  while (skipped.length) yield skipped.shift();
}

/** A field as CSV writes it (quoted only when it must be): a row's text, recorded in the journal. */
const csvField = (field) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);

/** JSON Lines: each non-empty line a pin request. `operation` is the command's to say (bulk pin or bulk unpin). */
async function* jsonRows(stream) {
  let line = 0;
  for await (const raw of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '').trim() : raw.trim();
    if (text === '') continue;
    let request;
    try {
      request = JSON.parse(text);
    } catch (err) {
      yield { line, text, error: `not JSON: ${err.message}` };
      continue;
    }
    if (request && typeof request === 'object' && Object.hasOwn(request, 'operation')) {
      yield { line, text, error: 'operation is not allowed in a line: the command says it (bulk pin or bulk unpin)' };
      continue;
    }
    yield { line, text, request };
  }
}
