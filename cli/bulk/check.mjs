// The package's own checks (checkPinRequest: byte lengths, 1 to 50 distinct conversations, unknown keys, ...) on
// each request before it is sent or, with --dry-run, printed: a merged CSV request the package refuses is split
// into one request a conversation, so that only the bad row is refused, by its line, with the package's message;
// the others go on. The real run and --dry-run both read their requests through here, so they refuse the same rows.
import { checkPinRequest } from 'tencent-chat-admin';
import { rowsOf, split } from './batches.mjs';
import { badMessage } from './tally.mjs';

/** The package's refusal of `request` (a ChatError), or undefined when it would be sent. */
function refusal(request) {
  try {
    checkPinRequest(request);
    return undefined;
  } catch (err) {
    return err;
  }
}

/**
 * Yields the requests of `requests` the package accepts; each row of one it refuses goes to `onBad({ line, error })`.
 * The generator's `waiting()` lists the requests read and not given yet (`requests.waiting()`'s too), for the report
 * of a stopped run.
 */
export function checked(requests, { onBad }) {
  const held = []; // the parts of a split request not given yet
  const generator = check(requests, held, onBad);
  generator.waiting = () => [...held, ...(requests.waiting?.() ?? [])];
  return generator;
}

/** Each row of `request` to `onBad`, with the package's message for it. */
export function refuseRows(request, error, onBad) {
  for (const row of rowsOf.get(request) ?? []) onBad({ line: row.line, error: badMessage(error, { csv: row.key !== undefined }) });
}

async function* check(requests, held, onBad) {
  for await (const request of requests) {
    const error = refusal(request);
    if (error === undefined) {
      yield request;
      continue;
    }
    const parts = split(request);
    if (!parts) {
      refuseRows(request, error, onBad);
      continue;
    }
    held.push(...parts);
    while (held.length > 0) {
      const part = held.shift();
      const partError = refusal(part);
      if (partError === undefined) yield part;
      else refuseRows(part, partError, onBad);
    }
  }
}
