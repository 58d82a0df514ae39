// Shared set-up for the reliability suites: an emulator with many users, and a client for it.
import { ChatAdmin } from '../../pkg/node.js';
import { startEmulator } from '../../emulator/server.mjs';
import { KEY } from '../official.mjs';

export { KEY };
// 100 users: the largest run (5,000 pins) gives each 50, the most pinned conversations a user can have.
export const USERS = Array.from({ length: 100 }, (_, i) => `user${i}`);

export async function emulator(options = {}) {
  const emu = await startEmulator({ accounts: USERS, log: false, ...options });
  const control = async (path, body) => {
    const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const res = await fetch(`${emu.url}/__emulator/${path}`, init);
    if (!res.ok) throw new Error(`emulator ${path}: HTTP ${res.status}`);
    return res.json();
  };
  return { ...emu, control, faults: (faults) => control('faults', { faults }) };
}

export function client(url, extra = {}) {
  return new ChatAdmin({ sdkAppId: 1400000000, identifier: 'administrator', secretKey: KEY, endpoint: url, ...extra });
}

/** Pin request number `i`: user `i % 100` pins group `g{i}`. */
export const pinItem = (i) => ({ fromAccount: USERS[i % USERS.length], conversations: [{ type: 'group', groupId: `g${i}` }] });

/** Every (user, group) pin in the emulator's state, as strings "user0:g0". */
export function pinnedSet(state) {
  return new Set(Object.entries(state.pinned).flatMap(([user, items]) => items.map((item) => `${user}:${item.GroupId}`)));
}

/** The service's "slow down" codes (the client's own list is not used: expected values come from the docs). */
const THROTTLE_CODES = [60007, 60011, 60018, 60019];

/**
 * A `fetch` for the client that passes every request on to the global fetch and counts what happened:
 * `sent` requests, and `throttled` answers (a "slow down" ErrorCode). `onSend(n)` (optional) runs as the n-th
 * request is sent, before it goes out. Timing decides how many answers a rate limit throttles; these counts let
 * a test check what the client did with each, whatever that number.
 */
export function countingFetch(onSend = () => {}) {
  const counts = { sent: 0, throttled: 0 };
  counts.fetch = async (url, init) => {
    counts.sent += 1;
    onSend(counts.sent);
    const response = await globalThis.fetch(url, init);
    const text = await response.text();
    let code;
    try {
      code = JSON.parse(text)?.ErrorCode;
    } catch {}
    if (THROTTLE_CODES.includes(code)) counts.throttled += 1;
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return counts;
}

/** Retries fast enough for tests. */
export const FAST_RETRY = { retries: 3, minDelayMs: 1, maxDelayMs: 10 };
