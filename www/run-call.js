// One call made from a panel: timed, shown in Results, a refused argument shown by the input it names, the client
// freed. Resolves to { ok: true, result } or { ok: false }.
import { showFieldError } from './fields.js';
import { addResult, outcomeOfError } from './results.js';

/**
 * `newClient()` makes the ChatAdmin from the Connection panel; `run(client)` makes the call. An `invalid-request`
 * error whose field is one of the panel's own (`ownFields`, names before the first '.' or '[') goes to
 * `showOwnError(error)`; any other (a connection option) is shown by its input in Connection.
 */
export async function runCall({ newClient, operation, summary, run, ownFields, showOwnError }) {
  const base = { operation, summary, at: new Date() };
  const started = performance.now();
  let client;
  try {
    client = newClient();
    const result = await run(client);
    const { errorCode = 0, errorInfo, requestId, attempts } = result ?? {};
    addResult({ ...base, ok: true, code: errorCode, info: errorInfo, requestId, attempts, ms: performance.now() - started });
    return { ok: true, result };
  } catch (error) {
    const outcome = outcomeOfError(error, { ...base, ms: performance.now() - started });
    addResult(outcome);
    if (outcome.kind === 'invalid-request') {
      const field = String(error.field ?? '').split(/[.[]/)[0];
      if (ownFields.includes(field)) showOwnError(error);
      else showFieldError(error)?.focus();
    }
    return { ok: false };
  } finally {
    client?.free();
  }
}

/** Shows `message` in the error line `errorId` and marks `input` invalid; clears both when `message` is empty. */
export function setError(input, errorId, message) {
  const line = document.getElementById(errorId);
  line.textContent = message;
  line.hidden = !message;
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}
