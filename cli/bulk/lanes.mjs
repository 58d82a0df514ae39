// Sending the requests with the package's pinConversationsBulk, knowing each one's outcome as it ends, so that
// the journal can record a row the moment its request succeeds. One bulk run with `concurrency` workers reports
// outcomes only at its end, so the work is split into `concurrency` runs of one worker each ("lanes"), each at
// rate / concurrency, pulling from one shared source. A lane's worker finishes an item, counts it, and calls
// onProgress (progressIntervalMs 0) before it takes the next: the counts that changed tell that item's outcome.

/**
 * Sends every request of `requests` (an iterable or an async iterable). `onSucceeded(request)` and `onFailed(request)` are called
 * as each ends. Resolves { attempts, failures: [{ request, error }], inFlight: [request], notAttempted: [request],
 * stopped, sourceError? } over every lane.
 */
export async function runLanes(admin, requests, { rate, concurrency, operation, signal, onSucceeded, onFailed }) {
  const source = requests[Symbol.asyncIterator]?.() ?? requests[Symbol.iterator]();
  const lanes = Array.from({ length: concurrency }, () => lane(admin, source, { rate: rate / concurrency, operation, signal, onSucceeded, onFailed }));
  const outcomes = await Promise.all(lanes);
  return {
    attempts: outcomes.reduce((n, o) => n + o.attempts, 0),
    failures: outcomes.flatMap((o) => o.failures),
    inFlight: outcomes.flatMap((o) => o.inFlight),
    notAttempted: outcomes.flatMap((o) => o.notAttempted),
    stopped: outcomes.some((o) => o.stopped),
    sourceError: outcomes.find((o) => o.sourceError)?.sourceError,
  };
}

async function lane(admin, source, { rate, operation, signal, onSucceeded, onFailed }) {
  let current; // the item this lane's worker has in hand
  let seen = { succeeded: 0, failed: 0 };
  const items = {
    async *[Symbol.asyncIterator]() {
      for (let step = await source.next(); !step.done; step = await source.next()) {
        current = step.value;
        yield step.value;
      }
    },
  };
  const onProgress = ({ succeeded, failed }) => {
    if (current !== undefined && succeeded > seen.succeeded) onSucceeded(current);
    else if (current !== undefined && failed > seen.failed) onFailed(current);
    else return; // the last call, or an item stopped unanswered (the report lists it)
    seen = { succeeded, failed };
    current = undefined;
  };
  const report = await admin.pinConversationsBulk(items, { ratePerSecond: rate, concurrency: 1, operation, signal, onProgress, progressIntervalMs: 0 });
  const inFlight = report.inFlight.map((item) => item.request);
  const notAttempted = report.notAttempted.map((item) => item.request);
  // Taken from the source while the run was being stopped, never handed over: not attempted either.
  if (current !== undefined && !inFlight.includes(current) && !notAttempted.includes(current)) notAttempted.push(current);
  return {
    attempts: report.attempts,
    failures: report.failures.map(({ request, error }) => ({ request, error })),
    inFlight,
    notAttempted,
    stopped: report.stopped,
    sourceError: report.sourceError,
  };
}
