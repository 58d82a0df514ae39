// `bulk pin FILE` and `bulk unpin FILE`: pin or unpin from a CSV (fromAccount,type,id) or JSON Lines file, or
// stdin (`-`), streamed; `bulk pin|unpin --group-members GROUP` pins a group for its members (../bulk/members.mjs). Rows of one user are merged into requests of up to 50 conversations, sent with the
// package's pinConversationsBulk (paced, retried); bad rows are reported by line and do not stop the others;
// --journal records each finished row so a second run skips it. Report: JSON on stdout (with --dry-run, the last
// line of JSON Lines). Exit codes: 0 done, 1 a request refused by the service or the network (or the credentials
// refused on the first answers: the run stops), 2 a usage error or a bad row, 130 stopped by Ctrl-C.
import { limits } from 'tencent-chat-admin';
import { CONNECTION_HELP, integer, parse, shownWord } from '../args.mjs';
import { connect } from '../connection.mjs';
import { EXIT, UsageError } from '../errors.mjs';
import { batches, rowsOf } from '../bulk/batches.mjs';
import { checked, refuseRows } from '../bulk/check.mjs';
import { ABORTED, FORMATS, openInput } from '../bulk/input.mjs';
import { openJournal } from '../bulk/journal.mjs';
import { GROUP_HELP, GROUP_OPTIONS, runGroup } from '../bulk/members.mjs';
import { MODES, startProgress } from '../bulk/progress.mjs';
import { DELIMITERS, openRows } from '../bulk/rows.mjs';
import { Tally, interruptedMessage } from '../bulk/tally.mjs';

const HELP = `Usage: tencent-chat-admin bulk pin|unpin FILE [flags]
       tencent-chat-admin bulk pin|unpin --group-members GROUP [flags]

Pins (or unpins) conversations from FILE, read as a stream: CSV with the header fromAccount,type,id (type is
c2c or group; one conversation a row) or JSON Lines of pin requests ({"fromAccount": ..., "conversations": [...]}).
FILE - reads stdin. Rows of one user are merged into requests of up to --batch conversations. The report is JSON
on stdout; bad rows are reported with their line number and do not stop the others.

Flags:
  --format csv|jsonl      the file's format (default: from the extension .csv, .jsonl or .ndjson, else from its
                          first line: "{" starts JSON Lines)
  --delimiter ,|;|tab     CSV: what separates the fields (default: the one the header line uses; the header's
                          names may be in any case, and a space after a delimiter is dropped)
  --rate N                requests per second at most, retries included, 1 to ${limits.bulk.ratePerSecond.max}
                          (default ${limits.bulk.ratePerSecond.default}, the documented limit)
  --concurrency N         requests in flight at once, ${limits.bulk.concurrency.min} to ${limits.bulk.concurrency.max} (default ${limits.bulk.concurrency.default})
  --batch N               CSV: conversations merged into one request, 1 to ${limits.conversationsPerPin} (default ${limits.conversationsPerPin}; 1: a request a row)
  --journal FILE          record each finished row; a second run with the same journal skips them
  --progress bar|json|none   on stderr (default: bar on a terminal, else a JSON line a second; bar needs a
                          terminal)
  --dry-run               read and check the file as the real run does (the package's own rules: byte lengths,
                          ${limits.conversationsPerPin} conversations a request, ...), print the requests that would be sent, send nothing
                          (stdout is then JSON Lines: a request a line, the report as the last line); no
                          credentials needed
  --json                  accepted for symmetry with the other commands: the report is always JSON

Exit codes: 0 done, 1 the service or the network refused some rows (or the credentials, on the first answers: the
run stops), 2 a usage error or bad rows (stderr names the file line), 130 stopped by Ctrl-C (the journal keeps every
finished row). The report lists the first 1,000 bad rows and failed requests, and counts them all.

${GROUP_HELP}

${CONNECTION_HELP}`;

const OPTIONS = {
  format: { type: 'string' },
  delimiter: { type: 'string' },
  rate: { type: 'string' },
  concurrency: { type: 'string' },
  batch: { type: 'string' },
  journal: { type: 'string' },
  progress: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  ...GROUP_OPTIONS,
};

/** The flags of a FILE run, which a group run does not take. */
const FILE_FLAGS = ['format', 'delimiter', 'batch', 'dry-run'];

export async function run(_name, argv, io) {
  const parsed = parse(argv, { options: OPTIONS, positionals: [1, 2], positionalNames: ['pin or unpin', 'FILE'], connection: true, help: HELP });
  if (parsed.help) {
    io.stdout.write(`${parsed.help}\n`);
    return EXIT.ok;
  }
  const { values, positionals: [operation, file] } = parsed;
  const group = values['group-members'];
  if (group !== undefined) return groupRun(operation, file, values, io);
  const groupFlag = Object.keys(GROUP_OPTIONS).find((flag) => values[flag] !== undefined);
  if (groupFlag) throw new UsageError(`--${groupFlag} applies to --group-members GROUP only`, { hint: HELP });
  if (file === undefined) {
    // `bulk users.csv`: the one argument is the file, and the operation is missing (the file is not echoed).
    const missing = operation === 'pin' || operation === 'unpin' ? 'missing FILE' : 'missing pin or unpin: bulk pin FILE, or bulk unpin FILE';
    throw new UsageError(missing, { hint: HELP });
  }
  if (operation !== 'pin' && operation !== 'unpin') {
    throw new UsageError(`bulk: the first argument must be pin or unpin, not ${shownWord(operation) ?? 'what was given'}`, { hint: HELP });
  }
  const settings = runSettings(values, io);
  const delimiter = delimiterOf(values.delimiter);
  const dryRun = Boolean(values['dry-run']);
  const admin = dryRun ? undefined : connect(values, io.env);
  const input = await openInput(file, { format: values.format, stdin: io.stdin, signal: io.signal, peekCsv: delimiter === undefined });
  let journal;
  try {
    if (values.batch !== undefined && input.format === 'jsonl') throw new UsageError('--batch applies to CSV only: a JSON Lines line is a request of its own');
    if (delimiter !== undefined && input.format === 'jsonl') throw new UsageError('--delimiter applies to CSV only');
    if (values.journal !== undefined) journal = await openJournal(values.journal, operation, { write: !dryRun, file: input.name, stderr: io.stderr });
    const rows = await openRows(input, { signal: io.signal, delimiter });
    const tally = new Tally();
    const total = input.lines === undefined ? undefined : Math.max(0, input.lines - (input.format === 'csv' ? 1 : 0));
    const progress = startProgress(dryRun ? 'none' : settings.progress, { stderr: io.stderr, tally, total });
    const onBad = (row) => {
      tally.bad(row.line, row.error);
      progress.badRow({ line: row.line, error: row.error });
    };
    // Checked by the package's own rules before anything is sent (or printed): the real run and --dry-run alike.
    const requests = checked(batches(goodRows(rows, { tally, journal, signal: io.signal, onBad }), { size: settings.batch }), { onBad });
    try {
      if (dryRun) {
        await printRequests(requests, io.stdout, tally);
        tally.stopped ||= Boolean(io.signal?.aborted);
      } else await send(admin, requests, { operation, settings, signal: io.signal, tally, journal, onBad });
    } finally {
      progress.stop();
      journal?.close();
    }
    const report = tally.report({ operation, file: input.name, format: input.format, ...(dryRun ? { dryRun: true } : {}), ...(journal ? { journal: values.journal } : {}) });
    // With --dry-run stdout is JSON Lines (the requests, then the report on one line).
    io.stdout.write(`${dryRun ? JSON.stringify(report) : JSON.stringify(report, null, 2)}\n`);
    if (!dryRun) for (const f of report.failures) io.stderr.write(`line${f.lines.length > 1 ? 's' : ''} ${f.lines.join(',')}: ${f.error.kind} ${f.error.code}: ${f.error.message}\n`);
    if (tally.changed > 0) io.stderr.write(`${tally.changed} row${tally.changed > 1 ? 's' : ''} changed since the journal recorded ${tally.changed > 1 ? 'their lines' : 'its line'}: ${dryRun ? 'would be ' : ''}sent again (changedSinceJournal)\n`);
    if (report.failuresTruncated) io.stderr.write(`(${tally.failureCount - report.failures.length} more failed requests not listed: the report lists the first ${report.failures.length})\n`);
    if (tally.stopReason) {
      io.stderr.write(`tencent-chat-admin: stopped: ${tally.stopReason}\n`);
      return EXIT.refused;
    }
    if (tally.stopped) {
      io.stderr.write(interruptedMessage(report, { operation, journal: values.journal }));
      return EXIT.interrupted;
    }
    if (tally.failureCount > 0) return EXIT.refused;
    return tally.badCount > 0 ? EXIT.usage : EXIT.ok;
  } finally {
    input.close();
  }
}

/** The flags a FILE run and a group run share, checked. */
function runSettings(values, io) {
  const settings = {
    rate: integer(values, 'rate', { min: 1, max: limits.bulk.ratePerSecond.max }) ?? limits.bulk.ratePerSecond.default,
    concurrency: integer(values, 'concurrency', limits.bulk.concurrency) ?? limits.bulk.concurrency.default,
    batch: integer(values, 'batch', { min: 1, max: limits.conversationsPerPin }) ?? limits.conversationsPerPin,
    progress: values.progress ?? (io.stderr.isTTY ? 'bar' : 'json'),
    journal: values.journal,
  };
  if (!MODES.includes(settings.progress)) throw new UsageError(`--progress must be bar, json or none, not ${JSON.stringify(values.progress)}`);
  if (settings.progress === 'bar' && !io.stderr.isTTY) throw new UsageError('--progress bar needs a terminal on stderr; use --progress json or none');
  if (values.format !== undefined && !FORMATS.includes(values.format)) throw new UsageError(`--format must be csv or jsonl, not ${JSON.stringify(values.format)}`);
  return settings;
}

/** `bulk pin|unpin --group-members GROUP`: no FILE, and none of a file's flags. */
async function groupRun(operation, file, values, io) {
  if (operation !== 'pin' && operation !== 'unpin') {
    throw new UsageError(`bulk: the first argument must be pin or unpin, not ${shownWord(operation) ?? 'what was given'}`, { hint: HELP });
  }
  if (file !== undefined) throw new UsageError('give FILE or --group-members GROUP, not both', { hint: HELP });
  const fileFlag = FILE_FLAGS.find((flag) => values[flag] !== undefined);
  if (fileFlag) throw new UsageError(`--${fileFlag} applies to FILE only, not to --group-members`, { hint: HELP });
  const settings = runSettings(values, io);
  return runGroup(connect(values, io.env), { operation, values, settings, io });
}

/** --delimiter's value as the delimiter (`,` `;` or a tab: `tab`, or a tab typed as is), or undefined when not given. */
function delimiterOf(word) {
  if (word === undefined) return undefined;
  if (word === '\t') return word;
  if (Object.hasOwn(DELIMITERS, word)) return DELIMITERS[word];
  throw new UsageError(`--delimiter must be , ; or tab, not ${JSON.stringify(word)}`);
}

/** The rows to send: bad rows go to `onBad`, rows the journal records done are skipped. Stops when `signal` aborts. */
async function* goodRows(rows, { tally, journal, signal, onBad }) {
  const iterator = rows[Symbol.asyncIterator]();
  // Ctrl-C stops the read at once, even while the input (an open stdin) gives nothing: one listener for the run
  // wakes the wait for the next row (a listener or a race a row would cost more than the row).
  let wake;
  const onAbort = () => wake?.(ABORTED);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) return;
      const step = await new Promise((resolve, reject) => {
        wake = resolve;
        iterator.next().then(resolve, reject);
      });
      if (step === ABORTED || step.done) return;
      const row = step.value;
      tally.rows++;
      if (row.error !== undefined) {
        onBad(row);
        continue;
      }
      const recorded = journal?.check(row.line, row.text);
      if (recorded === 'done') {
        tally.skipped++;
        continue;
      }
      if (recorded === 'changed') tally.changed++;
      yield row;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** --dry-run: each request as a JSON line `{ lines, request }` on stdout, before the report. */
async function printRequests(requests, stdout, tally) {
  for await (const request of requests) {
    tally.requests++;
    const lines = rowsOf.get(request).map((row) => row.line);
    if (!stdout.write(`${JSON.stringify({ lines, request })}\n`)) await new Promise((resolve) => stdout.once('drain', resolve));
  }
}

/**
 * Sends the requests (checked already: check.mjs) in one pinConversationsBulk run (paced as one, at the full --rate,
 * --concurrency at once), its onResult journalling, counting and listing each request's rows the moment it ends: the
 * package keeps no failures (keepFailures: false), so a run where every row fails stays flat in memory.
 */
export async function send(admin, requests, { operation, settings, signal, tally, journal, onBad }) {
  const handed = new Set(); // taken from `requests` by the package, not yet told of
  // The credentials refused on the first answers, none succeeding: every row would fail the same way, so the run
  // stops (exit 1, `stopReason`) rather than send every doomed request. `refusal` also follows `signal` (Ctrl-C).
  const refusal = new AbortController();
  let refused = 0;
  let anySucceeded = false;
  const onResult = ({ request, status, error }) => {
    handed.delete(request);
    // Refused by the package after all (check.mjs makes the same checks first, so not expected): its rows are bad.
    if (status === 'failed' && error?.kind === 'invalid-request') {
      refuseRows(request, error, onBad);
      return;
    }
    if (status === 'failed') {
      tally.fail(request);
      tally.failure(request, error);
      if (!anySucceeded && CREDENTIAL_CODES.has(error?.code) && ++refused >= CREDENTIAL_STOP && !refusal.signal.aborted) {
        tally.stopReason = `the service refused the credentials (code ${error.code}) on the first ${refused} requests answered, none succeeding: every row would fail; check the SDKAppID, the identifier and the key`;
        refusal.abort();
      }
    }
    if (status !== 'succeeded') return;
    anySucceeded = true;
    const rows = tally.succeed(request);
    journal?.record(rows);
  };
  // Ctrl-C stops the run too (AbortSignal.any is not in every Node 20).
  if (signal?.aborted) refusal.abort(signal.reason);
  else signal?.addEventListener('abort', () => refusal.abort(signal.reason), { once: true });
  const options = { ratePerSecond: settings.rate, concurrency: settings.concurrency, operation, signal: refusal.signal, onResult, keepFailures: false };
  const report = await admin.pinConversationsBulk(handing(requests, handed), options);
  tally.attempts += report.attempts;
  tally.stopped ||= report.stopped || Boolean(signal?.aborted);
  // The journal could not be written, or the input failed while being read (not a bad row: the stream itself):
  // the run stopped there; the report says why and lists what was not done (exit 1). Rows already recorded stay
  // recorded; a torn last entry is cut off by the next run.
  const broken = report.resultError ?? report.sourceError;
  if (broken) {
    const cause = broken.cause ?? broken;
    const what = report.resultError ? `--journal ${settings.journal} could not be written` : 'the input could not be read';
    tally.stopReason ??= `${what} (${cause?.code ?? cause?.message ?? cause}): the run stopped there`;
    tally.stopped = true;
  }
  tally.unfinished('inFlight', report.inFlight.map((item) => item.request));
  tally.unfinished('notAttempted', report.notAttempted.map((item) => item.request));
  // Taken from the input while the run was being stopped, never handed over: not attempted either.
  if (tally.stopped) tally.unfinished('notAttempted', [...handed, ...(requests.waiting?.() ?? [])]);
}

/**
 * Service codes that say the credentials or the administrator are wrong (not a row's fault): a bad UserSig
 * (70003, 70009, 70013, 70014, 70016, 70020) or an identifier that is not an app administrator (50003).
 */
const CREDENTIAL_CODES = new Set([70003, 70009, 70013, 70014, 70016, 70020, 50003]);
/** How many such answers in a row, with no success before, stop the run. */
const CREDENTIAL_STOP = 3;

/** `requests`, each noted in `handed` as the package takes it (onResult takes it out again). */
async function* handing(requests, handed) {
  for await (const request of requests) {
    handed.add(request);
    yield request;
  }
}
