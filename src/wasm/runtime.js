// The JS half of the binding, loaded by the wasm glue as a snippet: the ChatError class, and the
// drivers that send calls (fetch, deadlines, waits, abort signals) while a Rust `Session` makes every
// decision: which UserSig, which URL, what an answer means, whether and when to send again.

/** Every error this package throws or rejects with. */
export class ChatError extends Error {
  constructor(message, details) {
    super(message);
    this.name = 'ChatError';
    Object.assign(this, details);
  }
}

/** True for a ChatError from any copy of this package or any realm (checks `name` and `kind`). */
export function isChatError(value) {
  return typeof value === 'object' && value !== null && value.name === 'ChatError' && typeof value.kind === 'string';
}

export function makeChatError(message, kind, code, status, retryable, attempts, field, info, display, requestId, cause) {
  const details = { kind, code, status, retryable, attempts };
  if (field !== undefined) details.field = field;
  if (info !== undefined) details.info = info;
  if (display !== undefined) details.display = display;
  if (requestId !== undefined) details.requestId = requestId;
  if (cause !== undefined) details.cause = cause;
  return new ChatError(message, details);
}

/**
 * The type of a value as Rust's `input` (js.rs) reads it, in one crossing: 0 undefined, 1 string,
 * 2 string with a lone surrogate (not valid Unicode), 3 number, 4 boolean, 5 null, 6 function,
 * 7 array, 8 bigint, 9 symbol, 10 any other object.
 */
export function kind(value) {
  switch (typeof value) {
    case 'undefined':
      return 0;
    case 'string':
      return /\p{Cs}/u.test(value) ? 2 : 1;
    case 'number':
      return 3;
    case 'boolean':
      return 4;
    case 'function':
      return 6;
    case 'bigint':
      return 8;
    case 'symbol':
      return 9;
    default:
      return value === null ? 5 : Array.isArray(value) ? 7 : 10;
  }
}

/** `globalThis[name]`: the global `fetch`, or `location` in a page. */
export function global(name) {
  return globalThis[name];
}

/** The result object of a call that went through after `attempts` requests. */
export function result(info, display, requestId, attempts) {
  const r = { actionStatus: 'OK', errorCode: 0, errorInfo: info, errorDisplay: display };
  if (requestId !== undefined) r.requestId = requestId;
  r.attempts = attempts;
  return r;
}

/** `value[key]` for an object or function, else (or when the getter throws) `undefined`. */
function prop(value, key) {
  try {
    return (typeof value === 'object' && value !== null) || typeof value === 'function' ? value[key] : undefined;
  } catch {
    return undefined;
  }
}

const text = (value) => (typeof value === 'string' ? value : undefined);

// What to do when a caller's signal aborts: one listener per signal, however many calls wait on it
// (a bulk run has dozens, and Node warns past ten listeners on one signal).
const onAborts = new WeakMap();

/** Runs `fn` once when `signal` (if any) aborts; returns the function that cancels that. */
function onAbort(signal, fn) {
  if (!signal) return () => {};
  let fns = onAborts.get(signal);
  if (fns === undefined) {
    fns = new Set();
    onAborts.set(signal, fns);
    const all = fns;
    // A look-alike signal whose addEventListener throws is only ever read through `aborted`.
    try {
      signal.addEventListener('abort', () => all.forEach((f) => f()), { once: true });
    } catch {}
  }
  fns.add(fn);
  return () => fns.delete(fn);
}

/** Resolves `true` after `ms`, or `false` as soon as `signal` aborts. */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) return resolve(false);
    const cancel = onAbort(signal, () => {
      clearTimeout(timer);
      resolve(false);
    });
    const timer = setTimeout(() => {
      cancel();
      resolve(true);
    }, ms);
  });
}

/**
 * Settles with `{ ok }` when `promise` resolves, `{ fail: 'error', error }` when it rejects,
 * `{ fail: 'timeout' }` after `ms` and `{ fail: 'aborted' }` when `signal` aborts; the last two
 * abort `controller` (when given).
 */
function guard(promise, ms, controller, signal) {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      cancel();
      resolve(outcome);
    };
    const stop = (fail) => {
      if (controller) controller.abort();
      finish({ fail });
    };
    const timer = setTimeout(() => stop('timeout'), ms);
    const cancel = onAbort(signal, () => stop('aborted'));
    if (signal && signal.aborted) stop('aborted');
    promise.then(
      (ok) => finish({ ok }),
      (error) => finish({ fail: 'error', error }),
    );
  });
}

/**
 * A `next()` for `iterator` (sync or async) that asks it one item at a time, however many callers
 * wait: an iterator need not cope with overlapping calls. Each call resolves to its `{ done, value }`.
 */
export function puller(iterator) {
  let last = Promise.resolve();
  return () => {
    const step = last.then(() => iterator.next());
    last = step.then(
      () => {},
      () => {},
    );
    return step;
  };
}

// Deadlines of the requests in flight, watched by one timer set for the earliest of them rather than a
// timer per request (set and cleared on every call, which shows in a busy client's CPU time).
const deadlines = new Set();
let timer;
let timerAt = Infinity;

function arm(at) {
  clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(expire, Math.max(0, at - performance.now()));
}

function expire() {
  timer = undefined;
  timerAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (const entry of deadlines) {
    if (entry.at <= now) entry.expire();
    else next = Math.min(next, entry.at);
  }
  if (next < Infinity) arm(next);
}

function watch(entry) {
  deadlines.add(entry);
  if (entry.at < timerAt) arm(entry.at);
}

function unwatch(entry) {
  deadlines.delete(entry);
  // Nothing in flight: no timer keeps a Node process alive.
  if (deadlines.size === 0 && timer !== undefined) {
    clearTimeout(timer);
    timer = undefined;
    timerAt = Infinity;
  }
}

// How an exchange failed, as `Session.settle` reads it (Rust `Outcome::from_code`).
const TIMEOUT = 1;
const NETWORK = 2;
const CORS = 3;
const THREW = 4;
const NO_REPLY = 5;

/**
 * POSTs `body` to `url` as JSON and reads the whole answer within `ms`. Settles with
 * `{ status, text }`, `{ fail: TIMEOUT | NETWORK | THREW, error }` or `{ fail: 'aborted' }` when
 * `signal` aborts; a timeout or an abort cancels the fetch. `application/json` makes a browser send a
 * CORS preflight first: a refused cross-origin call then never reaches the service.
 */
function exchange(fetch, url, body, ms, signal) {
  return new Promise((resolve) => {
    const controller = new AbortController();
    let settled = false;
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      unwatch(entry);
      cancel();
      resolve(outcome);
    };
    const stop = (outcome) => {
      controller.abort();
      finish(outcome);
    };
    const entry = { at: performance.now() + ms, expire: () => stop({ fail: TIMEOUT }) };
    watch(entry);
    const cancel = onAbort(signal, () => stop({ fail: 'aborted' }));
    if (signal && signal.aborted) return stop({ fail: 'aborted' });
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: controller.signal };
    let started;
    try {
      started = Promise.resolve(Reflect.apply(fetch, globalThis, [url, init]));
    } catch (error) {
      return finish({ fail: THREW, error });
    }
    // Something that is not a response (no text()) settles with neither status nor text: NO_REPLY.
    started
      .then((r) => (typeof prop(r, 'text') === 'function' ? Promise.resolve(r.text()).then((text) => ({ status: r.status, text })) : {}))
      .then(finish, (error) => finish({ fail: NETWORK, error }));
  });
}

/** What a JS error says (`name: message`, and its cause's code such as ECONNREFUSED). */
function describe(error) {
  const name = text(prop(error, 'name')) ?? '';
  const message = text(prop(error, 'message')) ?? text(error) ?? '';
  const cause = prop(error, 'cause');
  const code = text(prop(cause, 'code')) ?? text(prop(cause, 'message'));
  return code === undefined ? `${name}: ${message}` : `${name}: ${message} (${code})`;
}

/** Whether a browser would treat a call to `url` as cross-origin (never outside a page). */
function crossOrigin(url) {
  const origin = text(prop(prop(globalThis, 'location'), 'origin'));
  if (origin === undefined || (url.startsWith('/') && !url.startsWith('//'))) return false;
  const rest = url.startsWith(origin) ? url.slice(origin.length) : undefined;
  return !(rest === '' || (rest !== undefined && rest.startsWith('/')));
}

/**
 * Whether a plain cross-origin GET to `target` (no query, no credentials, no preflight) gets an answer
 * the page may read. A page is not told why a cross-origin call failed; this tells a server that does
 * not allow the page (`cors`) from one that does but dropped the call (`network`, retried).
 */
async function answersCrossOrigin(fetch, target, ms, signal) {
  const controller = new AbortController();
  let started;
  try {
    started = Reflect.apply(fetch, globalThis, [target, { method: 'GET', signal: controller.signal }]);
  } catch {
    return false;
  }
  const outcome = await guard(Promise.resolve(started), Math.min(ms, 5000), controller, signal);
  return outcome.fail === undefined;
}

/** The error of a call stopped by `signal`, with the signal's reason as its cause. */
function aborted(attempts, signal) {
  const reason = prop(signal, 'reason');
  return makeChatError('the call was aborted by its signal', 'aborted', 0, 0, false, attempts, undefined, undefined, undefined, undefined, reason);
}

/**
 * Asks the `userSigProvider`, sharing one pending answer among concurrent calls; waiting for it is
 * bounded by the timeout and the call's signal like a request is. Settles like `guard`.
 */
async function provide(client, signal) {
  let pending = client.pending;
  if (pending === undefined) {
    try {
      pending = Promise.resolve(Reflect.apply(client.provider, undefined, []));
    } catch (error) {
      pending = Promise.reject(error);
    }
    client.pending = pending;
    // Forgotten once it settles, so that a later call asks anew; not when one caller stops waiting for it.
    const forget = () => {
      if (client.pending === pending) client.pending = undefined;
    };
    pending.then(forget, forget);
  }
  const outcome = await guard(pending, client.timeoutMs, undefined, signal);
  // A provider that does not answer within the timeout is asked again by the next call.
  if (outcome.fail === 'timeout' && client.pending === pending) client.pending = undefined;
  return outcome;
}

/** The JS side of a `ChatAdmin`: what its calls share. */
export function client(fetch, provider, timeoutMs, session) {
  return { fetch, provider, timeoutMs, session, pending: undefined };
}

/**
 * Sends one call of `command` with `body`, with retries and at most one re-sign, asking `session` at
 * every turn. Resolves with the result object; rejects with a ChatError.
 */
export async function call(client, session, command, body, signal) {
  let attempts = 0;
  let resigned = false;
  for (;;) {
    if (signal && signal.aborted === true) throw aborted(attempts, signal);
    let sig = session.sig();
    if (sig === undefined) {
      const outcome = await provide(client, signal);
      if (outcome.fail === 'aborted') throw aborted(attempts, signal);
      try {
        sig = session.provided(outcome);
      } catch (error) {
        error.attempts = attempts;
        throw error;
      }
    }
    const delay = session.slot();
    if (delay > 0 && !(await sleep(delay, signal))) throw aborted(attempts, signal);
    attempts += 1;
    const url = session.url(command, sig);
    const reply = await exchange(client.fetch, url, body, client.timeoutMs, signal);
    if (reply.fail === 'aborted') throw aborted(attempts, signal);
    let failure = reply.fail ?? 0;
    let said = '';
    if (failure === NETWORK || failure === THREW) said = describe(reply.error);
    if (failure === NETWORK && crossOrigin(url)) {
      if (!(await answersCrossOrigin(client.fetch, url.split('?')[0], client.timeoutMs, signal))) failure = CORS;
      if (signal && signal.aborted === true) throw aborted(attempts, signal);
    }
    if (failure === 0 && (typeof reply.status !== 'number' || typeof reply.text !== 'string')) failure = NO_REPLY;
    const next = session.settle(command, sig, attempts, resigned, failure, failure === 0 ? reply.status : 0, failure === 0 ? reply.text : said);
    if (typeof next !== 'number') return next;
    if (next < 0) resigned = true;
    else if (!(await sleep(next, signal))) throw aborted(attempts, signal);
  }
}

/**
 * A bulk run: `concurrency` workers take requests one at a time from `source` (an array, or a
 * `puller` function), send each as a call through `session` (which paces them), and tally the
 * outcome. Resolves with the report.
 */
export async function bulk(client, session, command, source, signal, concurrency, intervalMs, onProgress) {
  const startedAt = Date.now();
  const pull = typeof source === 'function' ? source : undefined;
  const failures = [];
  const notAttempted = [];
  let read = 0;
  let succeeded = 0;
  let failed = 0;
  let exhausted = false;
  let sourceError;
  let lastProgress = 0;
  const isStopped = () => signal !== undefined && signal.aborted === true;

  // The next request and its index, or undefined when the source is done (or threw).
  async function next() {
    if (exhausted || isStopped() || sourceError !== undefined) return undefined;
    let found = false;
    let request;
    try {
      if (pull === undefined) {
        if (read < source.length) [found, request] = [true, source[read]];
      } else {
        const step = await pull();
        if (prop(step, 'done') !== true) [found, request] = [true, prop(step, 'value')];
      }
    } catch (error) {
      // An iterator, an array's getter or a proxy threw: the run stops there.
      sourceError ??= { error };
      found = false;
    }
    // A value is counted even if another worker has meanwhile seen the end: it was read, so it is done.
    if (!found) {
      exhausted = true;
      return undefined;
    }
    read += 1;
    const item = { index: read - 1, request };
    // Read after the source threw (a worker was already waiting for the iterator): not sent.
    if (sourceError !== undefined) {
      notAttempted.push(item);
      return undefined;
    }
    return item;
  }

  function progress(last) {
    if (typeof onProgress !== 'function') return;
    const now = Date.now();
    if (!last && now - lastProgress < intervalMs) return;
    lastProgress = now;
    const total = pull === undefined ? prop(source, 'length') : read;
    // A throwing callback must not stop the run.
    try {
      onProgress({ done: succeeded + failed, succeeded, failed, total });
    } catch {}
  }

  async function work() {
    for (let item = await next(); item !== undefined; item = await next()) {
      try {
        await call(client, session, command, session.body(item.request), signal);
        succeeded += 1;
      } catch (error) {
        // Stopped before or while sending: pin and unpin are idempotent, so it can be sent again.
        if (prop(error, 'kind') === 'aborted') notAttempted.push({ index: item.index, request: item.request });
        else {
          failed += 1;
          failures.push({ index: item.index, request: item.request, error });
        }
      }
      progress(false);
    }
  }

  try {
    // Workers catch what a call throws; one that still rejects is a bug, reported once all have ended.
    const ends = await Promise.allSettled(Array.from({ length: concurrency }, work));
    const broken = ends.find((end) => end.status === 'rejected');
    if (broken) throw broken.reason;
    return report();
  } finally {
    session.free();
  }

  function report() {
    progress(true);
    const stopped = isStopped() || sourceError !== undefined;
    // From an array, what was never read is listed too, so a stopped run resumes with exactly that list.
    if (stopped && pull === undefined) {
      const length = prop(source, 'length');
      for (let index = read; index < length; index++) notAttempted.push({ index, request: prop(source, index) });
    }
    const result = {
      total: read,
      succeeded,
      failed,
      attempts: session.sent,
      stopped,
      nextIndex: read,
      failures,
      notAttempted,
      elapsedMs: Date.now() - startedAt,
    };
    if (sourceError !== undefined) result.sourceError = session.sourceError(sourceError.error);
    return result;
  }
}
