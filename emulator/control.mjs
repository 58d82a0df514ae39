// Control endpoints for tests, under /__emulator/ (never a path of the real service). Answers are plain JSON
// ({ ok: true, ... } or { ok: false, error }), not the service's envelope, and are not counted as API calls.
//   GET  /__emulator/state   → the state snapshot (state.mjs)
//   POST /__emulator/reset   → back to the state at start
//   POST /__emulator/faults  → queue faults: { faults: [...] } or one fault object (faults.mjs)
//   POST /__emulator/clear-faults → drops the queued faults: { ok: true, dropped: uses that were left }
//   POST /__emulator/config  → { rateLimit: N } (0 = unlimited)
//   POST /__emulator/conversations → { fromAccount, conversations: [seed] }: adds to (or updates in) a user's list
//   POST /__emulator/groups  → { groupId, type?, name?, owner?, members, add? }: creates (or replaces) a chat group, or
//                              with add: true appends members to it (for groups too large for one body); members not
//                              imported are imported; no callbacks
import { readSeeds } from './conversations.mjs';
import { parseFaults } from './faults.mjs';
import { readGroupSeed } from './groups.mjs';
import { jsonReply } from './replies.mjs';

export const CONTROL_PREFIX = '/__emulator/';

const done = (extra = {}) => jsonReply(200, { ok: true, ...extra });
const refuse = (status, error) => jsonReply(status, { ok: false, error });

const ROUTES = {
  state: { method: 'GET', run: (emulator) => jsonReply(200, emulator.state.snapshot()) },
  reset: {
    method: 'POST',
    run: (emulator) => {
      emulator.state.reset();
      return done();
    },
  },
  faults: {
    method: 'POST',
    run: (emulator, body) => {
      const { faults, error } = parseFaults(body);
      if (error) return refuse(400, error);
      emulator.state.faults.push(...faults);
      return done({ queued: emulator.state.faults.length });
    },
  },
  'clear-faults': {
    method: 'POST',
    run: (emulator) => {
      const dropped = emulator.state.faults.reduce((n, fault) => n + fault.times, 0);
      emulator.state.faults.length = 0;
      return done({ dropped });
    },
  },
  conversations: {
    method: 'POST',
    run: (emulator, body) => {
      const keys = Object.keys(body ?? {}).sort().join();
      if (keys !== 'conversations,fromAccount') return refuse(400, 'expected { "fromAccount": "UserID", "conversations": [...] }');
      const error = seedConversations(emulator.state, body.fromAccount, body.conversations);
      if (error) return refuse(400, error);
      return done({ conversations: emulator.state.conversationsOf(body.fromAccount).length });
    },
  },
  groups: {
    method: 'POST',
    run: (emulator, body) => {
      const { add, ...seed } = body ?? {};
      if (add !== undefined && typeof add !== 'boolean') return refuse(400, 'add must be a boolean');
      const { group, error } = readGroupSeed(seed);
      if (error) return refuse(400, error);
      const state = emulator.state;
      const existing = state.groups.get(group.id);
      if (add) {
        if (!existing) return refuse(400, `add: true needs the group ${group.id} to exist`);
        const extra = Object.keys(seed).filter((key) => !['groupId', 'members'].includes(key));
        if (extra.length) return refuse(400, `add: true takes only groupId and members, not ${extra.join(', ')}`);
        state.seedMembers(existing, group.members);
        return done({ groupId: group.id, memberNum: existing.members.size });
      }
      const created = state.seedGroup(group);
      return done({ groupId: created.GroupId, memberNum: created.members.size });
    },
  },
  config: {
    method: 'POST',
    run: (emulator, body) => {
      const keys = Object.keys(body ?? {});
      const { rateLimit } = body ?? {};
      if (keys.length !== 1 || keys[0] !== 'rateLimit' || !Number.isInteger(rateLimit) || rateLimit < 0) {
        return refuse(400, 'expected { "rateLimit": N } with N a non-negative integer (0 = unlimited)');
      }
      emulator.state.rateLimit = rateLimit;
      return done({ rateLimit });
    },
  },
};

/** Seeds `user`'s conversations (see conversations.mjs' readSeeds): an error message, or null when done. */
export function seedConversations(state, user, list) {
  if (typeof user !== 'string' || !state.hasAccount(user)) return `fromAccount must be an imported UserID, got ${JSON.stringify(user)}`;
  const { seeds, error } = readSeeds(list);
  if (error) return error;
  state.seedConversations(user, seeds);
  return null;
}

export function handleControl(emulator, { method, path, text }) {
  const name = path.slice(CONTROL_PREFIX.length);
  const route = Object.hasOwn(ROUTES, name) ? ROUTES[name] : null;
  if (!route) return refuse(404, `unknown control endpoint ${path}`);
  if (method !== route.method) {
    const reply = refuse(405, `${path} takes ${route.method}`);
    return { ...reply, headers: { ...reply.headers, allow: route.method } };
  }
  let body;
  try {
    body = route.method === 'POST' && text !== '' ? JSON.parse(text) : {};
  } catch {
    return refuse(400, 'body is not valid JSON');
  }
  return route.run(emulator, body);
}
