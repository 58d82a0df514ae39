// Injected faults. POST /__emulator/faults queues them; each later API call (a request to a /v4/ path) takes the
// first queued fault whose `path` matches (or that has none), one use per call, in queue order.
//
// A fault is one object:
//   { errorCode: N, errorInfo?: "text" }  → HTTP 200, FAIL envelope with that ErrorCode
//   { status: N, body?: "text" }          → HTTP status N (200..599) with a text/plain (non-JSON) body
//   { malformed: true }                   → HTTP 200, application/json, a cut-off JSON body
//   { drop: true }                        → the socket is destroyed without an answer
//   { delayMs: N }                        → wait N ms (≤ 60000), then answer normally; delayMs may also be added to
//                                           any fault above to wait before it
// plus, on any fault: times?: K (default 1, uses before it leaves the queue), path?: "/v4/..." (only that path),
// fromAccount?: "id" (only calls whose JSON body has that From_Account, so concurrent tests can each have their own).
import { setTimeout as sleep } from 'node:timers/promises';
import { envelopeReply, textReply } from './replies.mjs';

const ACTIONS = ['errorCode', 'status', 'malformed', 'drop'];
const KEYS = new Set([...ACTIONS, 'errorInfo', 'body', 'delayMs', 'times', 'path', 'fromAccount']);
const MAX_DELAY_MS = 60_000;
const MALFORMED_BODY = '{"ActionStatus":"OK","ErrorCode":0,"ErrorInf';

const isIntIn = (value, min, max) => Number.isInteger(value) && value >= min && value <= max;

/** Why `fault` is not a valid fault, or null when it is. */
function faultProblem(fault) {
  if (fault === null || typeof fault !== 'object' || Array.isArray(fault)) return 'a fault must be an object';
  const unknown = Object.keys(fault).filter((key) => !KEYS.has(key));
  if (unknown.length) return `unknown fault field(s): ${unknown.join(', ')}`;
  const actions = ACTIONS.filter((key) => key in fault);
  if (actions.length > 1) return `one of ${ACTIONS.join('/')} per fault, got ${actions.join(' and ')}`;
  if (actions.length === 0 && !('delayMs' in fault)) return `a fault needs one of ${ACTIONS.join('/')} or delayMs`;
  if ('errorCode' in fault && !isIntIn(fault.errorCode, 1, Number.MAX_SAFE_INTEGER)) return 'errorCode must be a positive integer';
  if ('errorInfo' in fault && (typeof fault.errorInfo !== 'string' || !('errorCode' in fault))) return 'errorInfo must be a string, with errorCode';
  if ('status' in fault && !isIntIn(fault.status, 200, 599)) return 'status must be an integer in 200..599';
  if ('body' in fault && (typeof fault.body !== 'string' || !('status' in fault))) return 'body must be a string, with status';
  if ('malformed' in fault && fault.malformed !== true) return 'malformed must be true';
  if ('drop' in fault && fault.drop !== true) return 'drop must be true';
  if ('delayMs' in fault && !isIntIn(fault.delayMs, 0, MAX_DELAY_MS)) return `delayMs must be an integer in 0..${MAX_DELAY_MS}`;
  if ('times' in fault && !isIntIn(fault.times, 1, Number.MAX_SAFE_INTEGER)) return 'times must be a positive integer';
  if ('path' in fault && (typeof fault.path !== 'string' || !fault.path.startsWith('/v4/'))) return 'path must be a string starting with /v4/';
  if ('fromAccount' in fault && typeof fault.fromAccount !== 'string') return 'fromAccount must be a string';
  return null;
}

/** Reads a POST /__emulator/faults body ({ faults: [...] } or one fault) into { faults } or { error }. */
export function parseFaults(body) {
  const list = Array.isArray(body?.faults) && Object.keys(body).length === 1 ? body.faults : [body];
  for (const [index, fault] of list.entries()) {
    const problem = faultProblem(fault);
    if (problem) return { error: `fault ${index}: ${problem}` };
  }
  return { faults: list.map((fault) => ({ ...fault, times: fault.times ?? 1 })) };
}

/** Removes one use of the first fault that applies to `path` and `fromAccount` from `queue` and returns it. */
export function takeFault(queue, path, fromAccount) {
  const applies = (fault) =>
    (fault.path === undefined || fault.path === path) && (fault.fromAccount === undefined || fault.fromAccount === fromAccount);
  const index = queue.findIndex(applies);
  if (index === -1) return undefined;
  const fault = queue[index];
  fault.times -= 1;
  if (fault.times === 0) queue.splice(index, 1);
  return fault;
}

/** Waits for the fault's delay, then returns its reply, or null when the call should be handled normally. */
export async function applyFault(fault, signal) {
  if (fault.delayMs) await sleep(fault.delayMs, undefined, { signal });
  if ('errorCode' in fault) return envelopeReply(fault.errorCode, fault.errorInfo ?? 'injected by the emulator');
  if ('status' in fault) return textReply(fault.status, fault.body ?? `injected HTTP ${fault.status}`);
  if (fault.malformed) return { ...textReply(200, MALFORMED_BODY), headers: { 'content-type': 'application/json' } };
  if (fault.drop) return { drop: true };
  return null;
}
