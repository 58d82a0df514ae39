// A bulk run shown in the page: a progress bar with Cancel while it runs, then a result table (its counts, and each
// failure: who, and what the service said) with the failures as a CSV download. The Members panel runs group pins and
// CSV files through it. One run at a time.
import { addResult, outcomeOfError } from './results.js';

const $ = (id) => document.getElementById(id);
/** Failures the table shows (the download has them all). */
const SHOWN = 200;

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

/** A CSV field, quoted when it holds a quote, a comma or a line break (RFC 4180). */
const field = (value) => {
  const text = String(value ?? '');
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
export const csvLine = (fields) => `${fields.map(field).join(',')}\r\n`;

let running = null; // the AbortController of the run in progress

export function busy() {
  return running !== null;
}

/**
 * Runs `start({ signal, onProgress })` (a promise of a bulk report) as `operation` (Results names it so, with
 * `summary`). `rows(failure)` gives a failure's CSV rows (`header` names their columns) and its table cells.
 * Resolves to the report, or undefined when the run was refused or failed as a whole (shown in Results).
 */
export async function runBulk({ operation, summary, start, header, rows, cells, afterCall }) {
  if (running) return undefined;
  const controller = new AbortController();
  running = controller;
  const bar = $('bulk-progress');
  const text = $('bulk-progress-text');
  $('bulk-output').replaceChildren();
  bar.value = 0;
  bar.max = 1;
  text.textContent = `${operation}: starting…`;
  $('bulk-run').hidden = false;
  $('bulk-cancel').hidden = false;
  const started = performance.now();
  const onProgress = ({ done, total }) => {
    bar.max = Math.max(total, 1);
    bar.value = done;
    text.textContent = `${operation}: ${done} of ${total} done`;
  };
  let report;
  try {
    report = await start({ signal: controller.signal, onProgress });
    text.textContent = `${operation}: ${report.stopped ? 'stopped' : 'done'}.`;
    show(report, { operation, header, rows, cells });
    const failed = report.failed > 0 || report.stopped;
    addResult({
      operation, summary, at: new Date(), ok: !failed, attempts: report.attempts, ms: performance.now() - started,
      ...(failed ? { kind: report.stopped ? 'aborted' : 'service', message: `${report.failed} failed, ${report.succeeded} succeeded` } : {}),
      note: `${report.succeeded} succeeded, ${report.failed} failed${report.stopped ? ', stopped' : ''}.`,
    });
    return report;
  } catch (error) {
    text.textContent = `${operation}: failed (${error?.kind ?? 'error'}${error?.code ? ` ${error.code}` : ''}).`;
    addResult(outcomeOfError(error, { operation, summary, at: new Date(), ms: performance.now() - started }));
    throw error;
  } finally {
    running = null;
    $('bulk-cancel').hidden = true;
    afterCall?.();
  }
}

/** Cancel: stops the run in progress (what was sent is counted; the rest is listed as not attempted). */
export function setUpBulkRun() {
  $('bulk-cancel').addEventListener('click', () => running?.abort(new Error('cancelled from the page')));
}

let download; // the object URL of the last failures' CSV, revoked when the next run shows its own

/** A stopped group run's members it never listed: the group's count less those the report counts (at least 0, as
 * members may join or leave during the run). */
const notReached = (r) => Math.max(0, r.memberNum - r.succeeded - r.failed - r.inFlight.length - r.notAttempted.length - r.skipped);

function show(report, { operation, header, rows, cells }) {
  const table = el('table', undefined, { class: 'acc-table', id: 'bulk-table' });
  table.append(el('caption', `${operation}: result`));
  const counts = [
    ['Succeeded', report.succeeded], ['Failed', report.failed], ['In flight when stopped', report.inFlight.length],
    ['Not attempted', report.notAttempted.length], ...(report.skipped !== undefined ? [['Left out (filters)', report.skipped]] : []),
    ...(report.memberNum !== undefined && report.stopped ? [['Not reached (not listed before the stop)', notReached(report)]] : []),
    ['Requests sent', report.attempts],
  ];
  for (const [name, value] of counts) {
    const tr = el('tr', undefined, { 'data-count': name });
    tr.append(el('th', name), el('td', String(value)));
    table.append(tr);
  }
  const output = [table];
  if (report.listError) output.push(el('p', `The members could not be listed further: ${report.listError.message}`, { class: 'field-error' }));
  if (report.failures.length > 0) {
    const failures = el('table', undefined, { class: 'acc-table', id: 'bulk-failures' });
    failures.append(el('caption', `Failures (${report.failures.length}${report.failures.length > SHOWN ? `, the first ${SHOWN} shown` : ''})`));
    const head = el('tr');
    for (const name of [...header.slice(0, -3), 'Code', 'Message']) head.append(el('th', name));
    failures.append(head);
    for (const failure of report.failures.slice(0, SHOWN)) {
      const tr = el('tr');
      for (const cell of [...cells(failure), String(failure.error.code), failure.error.message]) tr.append(el('td', cell));
      failures.append(tr);
    }
    const csv = [csvLine(header), ...report.failures.flatMap((f) => rows(f).map(csvLine))].join('');
    const link = el('a', 'Download the failures (CSV)', { id: 'bulk-download', download: 'failures.csv', class: 'button secondary' });
    if (download) URL.revokeObjectURL(download);
    download = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    link.href = download;
    output.push(failures, link);
  }
  $('bulk-output').replaceChildren(...output);
}
