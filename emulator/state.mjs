// The emulator's mutable state: imported accounts, each user's conversations, pins, conversation groups and
// marks, chat groups and their members (groups.mjs), kicks, queued faults, the rate-limit window and a short history of API calls. `snapshot()` is what
// GET /__emulator/state answers.
import { ContactStore } from './contact-store.mjs';
import { seedOf } from './conversations.mjs';
import { GroupStore } from './groups.mjs';
import { redactedEntries } from './log.mjs';

const HISTORY_LENGTH = 200;
const BODY_PREVIEW_CHARS = 2000;

export class EmulatorState {
  #initial;

  /** `conversations`: Map(UserID → seeds, see conversations.mjs' readSeeds), the lists at start. */
  /** `groups`: [group] as groups.mjs' readGroupSeed reads them, the groups at start (their members imported). */
  constructor({ sdkAppId, admin, accounts, rateLimit, conversations, groups = [], pageSize, clock, log }) {
    this.sdkAppId = sdkAppId;
    this.admins = [admin];
    this.pageSize = pageSize;
    this.clock = clock;
    this.groups = new GroupStore(typeof log === 'function' ? log : () => {}); // its listeners outlive reset()
    this.#initial = { accounts: [admin, ...accounts], rateLimit, conversations, groups };
    this.reset();
  }

  /** `listener(event)` on each group change made through the REST API (groups.mjs); returns the unsubscribe function. */
  onGroupEvent(listener) {
    return this.groups.onEvent(listener);
  }

  /** Creates (or replaces) a group read by readGroupSeed, importing its members; no event. */
  seedGroup(group) {
    this.#importAll([group.owner, ...group.members.map((member) => member.account)]);
    return this.groups.create({ ...group, now: Math.floor(this.clock() / 1000) });
  }

  /** Adds members ([{ account, role?, joinTime? }]) to a group, importing them; no event. */
  seedMembers(group, members) {
    this.#importAll(members.map((member) => member.account));
    return this.groups.join(group, members, Math.floor(this.clock() / 1000));
  }

  #importAll(accounts) {
    for (const account of accounts) if (account !== undefined && !this.hasAccount(account)) this.importAccount({ UserID: account });
  }

  /**
   * Back to the state at start: initial accounts, conversations, chat groups and rate limit, no pins,
   * conversation groups, marks, kicks, faults, counters or history.
   */
  reset() {
    this.accounts = new Map(this.#initial.accounts.map((id) => [id, { UserID: id }]));
    this.pins = new Map(); // UserID → Map(key → item), keys "c2c:{id}" / "group:{id}", in pin order
    this.conversations = new Map(); // UserID → Map(key → { ref, msgTime, noMessages })
    for (const [user, seeds] of this.#initial.conversations) this.seedConversations(user, seeds);
    this.groups.clear();
    for (const group of this.#initial.groups) this.seedGroup(group);
    this.contactStores = new Map(); // UserID → ContactStore (conversation groups and marks)
    this.kicks = []; // UserIDs kicked, in order
    this.faults = [];
    this.rateLimit = this.#initial.rateLimit;
    this.rateWindows = new Map();
    this.requestCount = 0;
    this.requests = [];
  }

  isAdmin(id) {
    return this.admins.includes(id);
  }

  hasAccount(id) {
    return this.accounts.has(id);
  }

  /** Imports (or re-imports) an account; a re-import keeps one account and updates the given profile fields. */
  importAccount({ UserID, Nick, FaceUrl }) {
    const account = this.accounts.get(UserID) ?? { UserID };
    if (Nick !== undefined) account.Nick = Nick;
    if (FaceUrl !== undefined) account.FaceUrl = FaceUrl;
    this.accounts.set(UserID, account);
  }

  /**
   * Pins `entries` ([{ key, ref, item }]) for `user`; pinning a pinned conversation keeps its place. A conversation
   * not in the user's list is added to it as one without messages (MsgTime 0, NoMessages), so the pin shows.
   */
  pin(user, entries) {
    const pinned = this.pins.get(user) ?? new Map();
    const missing = entries.filter(({ key }) => !this.conversations.get(user)?.has(key));
    this.seedConversations(user, missing.map(({ ref }) => ({ ref, msgTime: 0, noMessages: true })));
    for (const { key, item } of entries) if (!pinned.has(key)) pinned.set(key, item);
    this.pins.set(user, pinned);
  }

  /** Unpins `entries`; unpinning a conversation that is not pinned is not an error. */
  unpin(user, entries) {
    const pinned = this.pins.get(user);
    if (!pinned) return;
    for (const { key } of entries) pinned.delete(key);
    if (pinned.size === 0) this.pins.delete(user);
  }

  /** Adds conversations to `user`'s list, or replaces those with the same key. */
  seedConversations(user, seeds) {
    const list = this.conversations.get(user) ?? new Map();
    for (const seed of seeds) list.set(seed.ref.key, seed);
    this.conversations.set(user, list);
  }

  conversationsOf(user) {
    return [...(this.conversations.get(user)?.values() ?? [])];
  }

  isPinned(user, key) {
    return this.pins.get(user)?.has(key) ?? false;
  }

  /** Removes a conversation from `user`'s list, and its pin. */
  deleteConversation(user, key) {
    this.conversations.get(user)?.delete(key);
    this.unpin(user, [{ key }]);
  }

  /** `user`'s conversation groups and marks. */
  contactsOf(user) {
    if (!this.contactStores.has(user)) this.contactStores.set(user, new ContactStore());
    return this.contactStores.get(user);
  }

  /** Deletes an account with its conversations, pins, conversation groups, marks and group memberships. */
  deleteAccount(id) {
    for (const map of [this.accounts, this.pins, this.conversations, this.contactStores]) map.delete(id);
    this.groups.forgetAccount(id);
  }

  /**
   * Counts one call to `path` in the current fixed one-second window; true when the call is over the limit
   * (0 = none). Each endpoint has its own window, as the docs give each its own limit (200 calls/s).
   */
  overRateLimit(path, nowMs) {
    if (this.rateLimit === 0) return false;
    const second = Math.floor(nowMs / 1000);
    let window = this.rateWindows.get(path);
    if (window?.second !== second) this.rateWindows.set(path, (window = { second, count: 0 }));
    window.count += 1;
    return window.count > this.rateLimit;
  }

  /** Records one API call (a request to a /v4/ path) with its usersig redacted. */
  record({ method, path, params, text, reply }) {
    this.requestCount += 1;
    this.requests.push({
      method,
      path,
      query: Object.fromEntries(redactedEntries(params)),
      body: bodyPreview(text),
      status: reply.drop ? null : reply.status,
      errorCode: reply.drop ? null : reply.code,
    });
    if (this.requests.length > HISTORY_LENGTH) this.requests.shift();
  }

  snapshot() {
    return {
      sdkAppId: this.sdkAppId,
      admins: [...this.admins],
      accounts: [...this.accounts.values()].map((account) => ({ ...account })),
      pinned: Object.fromEntries([...this.pins].map(([user, pinned]) => [user, [...pinned.values()]])),
      conversations: Object.fromEntries(
        [...this.conversations].filter(([, list]) => list.size > 0).map(([user, list]) => [user, [...list.values()].map(seedOf)]),
      ),
      contacts: Object.fromEntries(
        [...this.contactStores].map(([user, store]) => [user, store.snapshot()]).filter(([, c]) => c.groups.length + c.conversations.length > 0),
      ),
      groups: this.groups.snapshot(),
      kicks: [...this.kicks],
      rateLimit: this.rateLimit,
      faults: this.faults.map((fault) => ({ ...fault })),
      requestCount: this.requestCount,
      requests: structuredClone(this.requests),
    };
  }
}

/**
 * The body as parsed JSON when it is JSON and short, else its text cut to a preview (so the history
 * of 200 calls cannot hold 200 MiB), or null when empty.
 */
function bodyPreview(text) {
  if (text === '') return null;
  if (text.length <= BODY_PREVIEW_CHARS) {
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON: kept as text below.
    }
  }
  return text.slice(0, BODY_PREVIEW_CHARS);
}
