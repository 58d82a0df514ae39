// The JS half of the binding, loaded by the wasm glue as a snippet and re-exported by the package:
// the ChatError class, and the timers that the Rust side awaits (a sleep and a deadline guard).

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

/** Resolves `true` after `ms`, or `false` as soon as `signal` aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The fetch options of a JSON POST, built here in one step rather than field by field from wasm.
 * `application/json` makes a browser send a CORS preflight first: a refused cross-origin call then
 * never reaches the service, instead of changing state with an answer the page cannot read.
 */
export function postInit(body, signal) {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal };
}

/** `{ status, body }` of a fetch's response, its body read as text (one promise for the deadline to guard). */
export function readReply(response) {
  return response.then((r) => r.text().then((body) => ({ status: r.status, body })));
}

/**
 * Settles with `{ ok }` when `promise` resolves, `{ fail: 'error', error }` when it rejects,
 * `{ fail: 'timeout' }` after `ms` and `{ fail: 'aborted' }` when `signal` aborts; the last two
 * abort `controller` (when given), which cancels the fetch.
 */
export function guard(promise, ms, controller, signal) {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = () => {
      if (controller) controller.abort();
      finish({ fail: 'aborted' });
    };
    const timer = setTimeout(() => {
      if (controller) controller.abort();
      finish({ fail: 'timeout' });
    }, ms);
    if (signal) {
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
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
