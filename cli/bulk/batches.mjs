// Rows into requests. CSV rows of one user are merged into one request of up to `size` distinct conversations
// (the package refuses a conversation twice in one request: a repeated one joins its first row's request as a
// duplicate and is not sent again). At most `maxUsers` users wait with a partial request (the oldest is sent when
// one more comes), and when the input pauses for `idleMs` every waiting request is sent, so a slow stdin does not
// hold rows back. A JSON Lines row is a request of its own. `rowsOf` maps each request to its rows.

/** Request object → its rows [{ line, text, key?, duplicate? }]; entries go when the request is dropped. */
export const rowsOf = new WeakMap();

const IDLE = Symbol('idle');
const conversationKey = ({ type, toAccount, groupId }) => `${type}:${type === 'c2c' ? toAccount : groupId}`;

/** A request for one CSV row and its duplicates (rows sent again one conversation a request). */
export function singleRequest(fromAccount, conversation, rows) {
  const request = { fromAccount, conversations: [conversation] };
  rowsOf.set(request, rows);
  return request;
}

/**
 * Yields requests from `rows` (an async iterable of good rows from rows.mjs). Options: `size` (conversations a
 * request, 50), `maxUsers` (users waiting with a partial request, 1,000), `idleMs` (200), `timers` ({ setTimeout,
 * clearTimeout }, Node's by default: tests give their own to fire the idle flush without waiting). The generator's
 * `waiting()` lists the partial requests not yet yielded (for the report of a stopped run).
 */
export function batches(rows, options) {
  const pending = new Map(); // fromAccount → { request, rows, keys }, oldest first
  const read = { ahead: undefined }; // a row taken from `rows` (read ahead) and not merged yet
  const generator = merge(rows, pending, read, options);
  generator.waiting = () => {
    const waiting = [...pending.values()].map((batch) => batch.request);
    const row = read.ahead;
    if (row?.request !== undefined) rowsOf.set(row.request, [{ line: row.line, text: row.text }]);
    if (row) waiting.push(row.request ?? singleRequest(row.fromAccount, row.conversation, [{ line: row.line, text: row.text }]));
    return waiting;
  };
  return generator;
}

async function* merge(rows, pending, read, { size = 50, maxUsers = 1000, idleMs = 200, timers = globalThis } = {}) {
  const take = (fromAccount) => {
    const batch = pending.get(fromAccount);
    pending.delete(fromAccount);
    return batch.request;
  };
  const iterator = rows[Symbol.asyncIterator]();
  const ahead = () => {
    const promise = iterator.next();
    promise.then((step) => (read.ahead = step.done ? undefined : step.value), () => {});
    return promise;
  };
  let next = ahead();
  // One timer for the whole run, restarted before each wait (a timer a row costs more than the row).
  let wake;
  const timer = timers.setTimeout(() => wake?.(IDLE), idleMs);
  timer.unref?.();
  for (;;) {
    let step;
    if (pending.size > 0) {
      step = await Promise.race([next, new Promise((resolve) => {
        wake = resolve;
        timer.refresh();
      })]);
      wake = undefined;
      if (step === IDLE) {
        for (const fromAccount of [...pending.keys()]) yield take(fromAccount);
        continue;
      }
    } else {
      step = await next;
    }
    if (step.done) break;
    read.ahead = undefined;
    next = ahead();
    const row = step.value;
    if (row.request !== undefined) {
      rowsOf.set(row.request, [{ line: row.line, text: row.text }]);
      yield row.request;
      continue;
    }
    const key = conversationKey(row.conversation);
    let batch = pending.get(row.fromAccount);
    const twin = batch?.keys.get(key);
    if (twin !== undefined) {
      batch.rows.push({ line: row.line, text: row.text, key, duplicate: true });
      continue;
    }
    if (!batch) {
      if (pending.size >= maxUsers) yield take(pending.keys().next().value);
      batch = { request: { fromAccount: row.fromAccount, conversations: [] }, rows: [], keys: new Map() };
      rowsOf.set(batch.request, batch.rows);
      pending.set(row.fromAccount, batch);
    }
    batch.keys.set(key, batch.request.conversations.length);
    batch.request.conversations.push(row.conversation);
    batch.rows.push({ line: row.line, text: row.text, key });
    if (batch.request.conversations.length >= size) yield take(row.fromAccount);
  }
  timers.clearTimeout(timer);
  for (const fromAccount of [...pending.keys()]) yield take(fromAccount);
}

/**
 * A merged CSV request the package refused as invalid, split into one request per conversation (with its
 * duplicates), so that only the bad row fails, with its own message. Undefined for a request of one conversation.
 */
export function split(request) {
  const rows = rowsOf.get(request);
  if (!rows?.[0]?.key || !(request.conversations?.length >= 2)) return undefined;
  return request.conversations.map((conversation) => {
    const key = conversationKey(conversation);
    return singleRequest(request.fromAccount, conversation, rows.filter((row) => row.key === key));
  });
}
