// What a bulk run did, row by row, and the final report (JSON on stdout). An error is shown by its ChatError
// fields (kind, code, field, message, the service's requestId): nothing that could hold a credential.
import { rowsOf } from './batches.mjs';

export class Tally {
  rows = 0;
  requests = 0;
  succeeded = 0;
  failed = 0;
  skipped = 0;
  changed = 0;
  duplicates = 0;
  badRows = [];
  failures = [];
  inFlight = [];
  notAttempted = [];
  attempts = 0;
  stopped = false;

  /** Rows done either way (for progress). */
  get done() {
    return this.succeeded + this.failed + this.badRows.length + this.skipped;
  }

  /** A request succeeded: its rows (duplicates included) are done. Returns them. */
  succeed(request) {
    const rows = rowsOf.get(request) ?? [];
    this.requests++;
    this.succeeded += rows.length;
    this.duplicates += rows.filter((row) => row.duplicate).length;
    return rows;
  }

  /** A request ended with an error (details later, from the report). */
  fail(request) {
    this.requests++;
    this.failed += (rowsOf.get(request) ?? []).length;
  }

  /** A request that failed is taken back: the package refused it before sending (its rows are bad or sent again). */
  unfail(request) {
    this.requests--;
    this.failed -= (rowsOf.get(request) ?? []).length;
  }

  /** A row the file or the package refused: { line, error } (error: a message naming the field). */
  bad(line, error) {
    this.badRows.push({ line, error });
  }

  /** A failure from the report: the rows' lines, and what the service or network said. */
  failure(request, error) {
    const rows = rowsOf.get(request) ?? [];
    this.failures.push({ lines: rows.map((row) => row.line), fromAccount: request?.fromAccount, error: errorFields(error) });
  }

  /** Lines of requests the report lists as in flight or not attempted. */
  unfinished(list, requests) {
    for (const request of requests) this[list].push(...(rowsOf.get(request) ?? []).map((row) => row.line));
  }

  report(extra) {
    const sorted = (lines) => [...lines].sort((a, b) => a - b);
    return {
      ...extra,
      rows: this.rows,
      requests: this.requests,
      attempts: this.attempts,
      succeeded: this.succeeded,
      failed: this.failed,
      bad: this.badRows.length,
      skipped: this.skipped,
      duplicates: this.duplicates,
      ...(this.changed ? { changedSinceJournal: this.changed } : {}),
      stopped: this.stopped,
      failures: this.failures.sort((a, b) => a.lines[0] - b.lines[0]),
      badRows: this.badRows.sort((a, b) => a.line - b.line),
      inFlight: sorted(this.inFlight),
      notAttempted: sorted(this.notAttempted),
    };
  }
}

/** A ChatError's fields for the report: kind, code, field, message, and the service's info and requestId. */
export function errorFields(error) {
  const fields = { kind: error?.kind ?? 'error', code: error?.code ?? 0, message: String(error?.message ?? error) };
  for (const key of ['field', 'status', 'requestId']) if (error?.[key]) fields[key] = error[key];
  return fields;
}

/** A package-refused row's message, as `line N: ...` shows it. */
export const badMessage = (error) => String(error?.message ?? error);
