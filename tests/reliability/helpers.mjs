// Shared set-up for the reliability suites: an emulator with many users, and a client for it.
import { ChatAdmin } from '../../pkg/node.js';
import { startEmulator } from '../../emulator/server.mjs';
import { KEY } from '../official.mjs';

export { KEY };
export const USERS = Array.from({ length: 50 }, (_, i) => `user${i}`);

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

/** Pin request number `i`: user `i % 50` pins group `g{i}`. */
export const pinItem = (i) => ({ fromAccount: USERS[i % USERS.length], conversations: [{ type: 'group', groupId: `g${i}` }] });

/** Every (user, group) pin in the emulator's state, as strings "user0:g0". */
export function pinnedSet(state) {
  return new Set(Object.entries(state.pinned).flatMap(([user, items]) => items.map((item) => `${user}:${item.GroupId}`)));
}

/** Retries fast enough for tests. */
export const FAST_RETRY = { retries: 3, minDelayMs: 1, maxDelayMs: 10 };
