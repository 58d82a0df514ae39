// What a bulk run did, row by row, and the final report (JSON on stdout). An error is shown by its ChatError
// fields (kind, code, field, message, the service's requestId): nothing that could hold a credential. The report
// lists the first LIST_LIMIT bad rows and failed requests found (and counts them all), so memory stays flat
// however many rows are bad or fail.
import { rowsOf } from './batches.mjs';

/** How many bad rows, and how many failed requests, the report lists at most. */
export const LIST_LIMIT = 1000;

export class Tally {
  rows = 0;
  requests = 0;
  succeeded = 0;
  failed = 0;
  skipped = 0;
  changed = 0;
  duplicates = 0;
  badRows = [];
  badCount = 0;
  failures = [];
  failureCount = 0;
  inFlight = [];
  notAttempted = [];
  attempts = 0;
  stopped = false;

  /** Rows done either way (for progress). */
  get done() {
    return this.succeeded + this.failed + this.badCount + this.skipped;
  }

  /** A request succeeded: its rows (duplicates included) are done. Returns them. */
  succeed(request) {
    const rows = rowsOf.get(request) ?? [];
    this.requests++;
    this.succeeded += rows.length;
    this.duplicates += rows.filter((row) => row.duplicate).length;
    return rows;
  }

  /** A request ended with an error (its details go to `failure`, from the same onResult). */
  fail(request) {
    this.requests++;
    this.failed += (rowsOf.get(request) ?? []).length;
  }

  /** A row the file or the package refused: { line, error } (error: a message naming the field). */
  bad(line, error) {
    this.badCount++;
    if (this.badRows.length < LIST_LIMIT) this.badRows.push({ line, error });
  }

  /** A failure from the report: the rows' lines, and what the service or network said. */
  failure(request, error) {
    const rows = rowsOf.get(request) ?? [];
    this.failureCount++;
    if (this.failures.length < LIST_LIMIT) this.failures.push({ lines: rows.map((row) => row.line), fromAccount: request?.fromAccount, error: errorFields(error) });
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
      bad: this.badCount,
      skipped: this.skipped,
      duplicates: this.duplicates,
      changedSinceJournal: this.changed,
      stopped: this.stopped,
      ...(this.stopReason ? { stopReason: this.stopReason } : {}),
      failures: this.failures.sort((a, b) => a.lines[0] - b.lines[0]),
      failuresTruncated: this.failureCount > this.failures.length,
      badRows: this.badRows.sort((a, b) => a.line - b.line),
      badRowsTruncated: this.badCount > this.badRows.length,
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

/**
 * A package-refused row's message, as `line N: ...` shows it. For a CSV row (`csv`) the conversation's field
 * (`conversations[0].toAccount`, `.groupId`) is named by its column, `id`.
 */
export function badMessage(error, { csv = false } = {}) {
  const message = String(error?.message ?? error);
  const field = error?.field;
  if (csv && typeof field === 'string' && /^conversations\[\d+\]\.(toAccount|groupId)$/.test(field) && message.startsWith(field)) return `id${message.slice(field.length)}`;
  return message;
}

/**
 * What stderr says after Ctrl-C stopped a run (its `report`): how many rows were done, and how to resume: the same
 * command with the same --journal (`journal`, the path given; none: every row would be sent again).
 */
export function interruptedMessage(report, { operation, journal }) {
  const read = report.rows;
  if (report.dryRun) return `tencent-chat-admin: interrupted (Ctrl-C) after ${read} row${read === 1 ? '' : 's'} read; nothing was sent (--dry-run)\n`;
  const done = report.succeeded + report.failed + report.bad + report.skipped;
  const counts = `${report.succeeded} ${operation}ned, ${report.failed} failed, ${report.bad} bad, ${report.skipped} skipped as done before`;
  const open = [];
  const inFlight = report.inFlight.length;
  if (inFlight) open.push(`${inFlight} in flight (${inFlight === 1 ? 'it' : 'they'} may have been applied)`);
  if (report.notAttempted.length) open.push(`${report.notAttempted.length} not sent`);
  const lines = [`tencent-chat-admin: interrupted (Ctrl-C): ${done} of the ${read} row${read === 1 ? '' : 's'} read ${done === 1 ? 'is' : 'are'} done (${counts})${open.length ? `; ${open.join(', ')}` : ''}.`];
  if (journal !== undefined) {
    lines.push(`To resume, run the same command again with the same --journal ${journal}: the rows it records as done are skipped, the others sent (a pin or unpin repeated does no harm).`);
  } else {
    lines.push('No --journal was given: the same command again sends every row again (a pin or unpin repeated does no harm). Give --journal FILE to make a run resumable.');
  }
  return `${lines.join('\n')}\n`;
}
