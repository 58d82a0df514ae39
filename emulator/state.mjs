// The emulator's mutable state: imported accounts, pinned conversations, queued faults, the rate-limit window
// and a short history of API calls. `snapshot()` is what GET /__emulator/state answers.
import { redactedEntries } from './log.mjs';

const HISTORY_LENGTH = 200;
const BODY_PREVIEW_CHARS = 2000;

export class EmulatorState {
  #initial;

  constructor({ sdkAppId, admin, accounts, rateLimit }) {
    this.sdkAppId = sdkAppId;
    this.admins = [admin];
    this.#initial = { accounts: [admin, ...accounts], rateLimit };
    this.reset();
  }

  /** Back to the state at start: initial accounts and rate limit, no pins, faults, counters or history. */
  reset() {
    this.accounts = new Map(this.#initial.accounts.map((id) => [id, { UserID: id }]));
    this.pins = new Map(); // UserID → Map(key → item), keys "c2c:{id}" / "group:{id}", in pin order
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

  /** Pins `entries` ([{ key, item }]) for `user`; pinning a pinned conversation keeps its place. */
  pin(user, entries) {
    const pinned = this.pins.get(user) ?? new Map();
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
