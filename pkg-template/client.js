// ChatAdmin as the wasm glue defines it, except that a call on a freed client (after free(), or at the
// end of a `using` block) rejects with a ChatError instead of throwing wasm-bindgen's plain
// "null pointer passed to rust" Error, that freeing twice (free() inside a `using` block) is harmless, and
// listConversations and listGroupMembers: async iterables that fetch a page only when the previous one is used
// up; pinGroupForMembers and unpinGroupForMembers: a group's members, page by page, as the input of one
// pinConversationsBulk run (the core checks the arguments, pages, and keeps each member once). Also the
// conversation helpers c2c() and group().
import { ChatAdmin as Bound, checkPinRequest } from './tencent_chat_admin.js';
import { makeChatError } from '__RUNTIME__';

const freed = () =>
  Promise.reject(
    makeChatError('this ChatAdmin was freed (free() or a using block): make a new one', {
      kind: 'invalid-request', code: 0, status: 0, retryable: false, attempts: 0,
    }),
  );

// Pages of one listConversations run at most, and so the cursors it keeps: a user's list keeps at most 500
// conversations (100 by default), so this is far past any real list.
const MAX_PAGES = 10_000;

const loop = (what) =>
  makeChatError(`the service's get_list cursors ${what}: the list would never end`, {
    kind: 'decode', code: 0, status: 0, retryable: false, attempts: 0,
  });

/**
 * The group pin's options read once, as the binding reads options (src/wasm/read.js): their own enumerable
 * properties, a getter that throws reading as `undefined`. Both the member pages and the bulk run get this copy, so
 * a getter cannot answer one thing to the checks and another to the run. Anything but a plain object is passed on as
 * it is, to be refused.
 */
function readOnce(options) {
  if (options === null || typeof options !== 'object') return options;
  let array = true;
  try {
    array = Array.isArray(options);
  } catch {}
  if (array) return options;
  const copy = Object.create(null);
  let names = [];
  try {
    names = Object.keys(options);
  } catch {}
  for (const name of names) {
    try {
      copy[name] = options[name];
    } catch {
      copy[name] = undefined;
    }
  }
  return copy;
}

/** Whether the caller's `filter` keeps `member`; what it throws stops the run as a ChatError naming it. */
function kept(filter, member) {
  try {
    return filter(member);
  } catch (thrown) {
    throw makeChatError('filter threw; the run stopped there (see cause)', {
      kind: 'invalid-request', code: 0, status: 0, retryable: false, attempts: 0, field: 'filter',
    }, thrown);
  }
}

/**
 * A group pin: the first page read (a group that cannot be listed rejects, nothing pinned), then every member the
 * filters keep, each once, as a pin request of one pinConversationsBulk run. The report is the run's, with the
 * group's `memberNum`, the members left out (`skipped`) and listed again (`repeated`), and `listError` (a later
 * page could not be read: the run stopped there) instead of `sourceError`.
 */
async function forMembers(admin, request, given, operation) {
  if (!admin.__wbg_ptr) return freed();
  const options = readOnce(given);
  const pages = admin.__groupPinPages(request, options);
  try {
    // The group as the binding read it (the request is read once).
    const groupId = pages.groupId;
    const first = await pages.next();
    const counts = { skipped: 0, repeated: 0 };
    const count = (page) => {
      counts.skipped += page.skipped;
      counts.repeated += page.repeated;
    };
    count(first);
    const { excludeRoles, joinedAfter, filter, onProgress, ...bulk } = options ?? {};
    async function* requests() {
      for (let page = first; ; page = await pages.next(), count(page)) {
        for (const member of page.members) {
          if (filter && !kept(filter, member)) counts.skipped++;
          else yield { fromAccount: member.userId, conversations: [{ type: 'group', groupId }] };
        }
        if (page.done) return;
      }
    }
    // Progress counts the members the run is for: the group's, less those left out or listed again so far.
    const told = (progress) => onProgress({ ...progress, total: Math.max(progress.total, first.memberNum - counts.skipped - counts.repeated) });
    const report = await admin.pinConversationsBulk(requests(), { ...bulk, operation, ...(onProgress ? { onProgress: told } : {}) });
    const { sourceError, ...rest } = report;
    return { groupId, memberNum: first.memberNum, ...counts, ...rest, ...(sourceError ? { listError: sourceError.cause } : {}) };
  } finally {
    pages.free();
  }
}

export class ChatAdmin extends Bound {
  listConversations(request, options) {
    const admin = this;
    return {
      async *[Symbol.asyncIterator]() {
        let cursor;
        // Every cursor answered so far: one answered again (A, B, A) would be asked for again and again.
        const seen = new Set();
        do {
          const page = await admin.__listConversationsPage(request, cursor, options);
          yield* page.conversations;
          cursor = page.cursor;
          if (!cursor) break;
          const next = JSON.stringify(cursor);
          if (seen.has(next)) throw loop('came back to one answered before');
          if (seen.size >= MAX_PAGES) throw loop(`went on past ${MAX_PAGES} pages`);
          seen.add(next);
        } while (cursor);
      },
    };
  }

  listGroupMembers(request, options) {
    const admin = this;
    return {
      async *[Symbol.asyncIterator]() {
        if (!admin.__wbg_ptr) await freed();
        const pages = admin.__groupMembers(request, options);
        try {
          for (;;) {
            const page = await pages.next();
            yield* page.members;
            if (page.done) return;
          }
        } finally {
          pages.free();
        }
      },
    };
  }

  pinGroupForMembers(request, options) {
    return forMembers(this, request, options, 'pin');
  }

  unpinGroupForMembers(request, options) {
    return forMembers(this, request, options, 'unpin');
  }

  // The package's own checks of a pin request, nothing sent: they need no client, so a freed one checks too.
  checkPinRequest(request) {
    return checkPinRequest(request);
  }

  free() {
    if (this.__wbg_ptr) super.free();
  }
}
// A page loads this bundled and minified, where the class would be renamed: the name a console shows stays.
Object.defineProperty(ChatAdmin, 'name', { value: 'ChatAdmin' });

for (const name of [
  'pinConversations', 'unpinConversations', 'pinConversationsBulk', 'getConversationPage', '__listConversationsPage',
  'deleteConversation', 'createConversationGroup', 'updateConversationGroup', 'deleteConversationGroup',
  'getConversationGroups', 'searchConversationGroups', 'markConversations', 'importAccounts', 'checkAccounts',
  'deleteAccounts', 'kick', 'request',
]) {
  const bound = Bound.prototype[name];
  Object.defineProperty(ChatAdmin.prototype, name, {
    value: function (...args) {
      return this.__wbg_ptr ? bound.apply(this, args) : freed();
    },
    writable: true, configurable: true,
  });
}

if (Symbol.dispose) ChatAdmin.prototype[Symbol.dispose] = ChatAdmin.prototype.free;

/** `{ type: 'c2c', toAccount }`: with the .d.ts, `users.map(c2c)` is typed as conversations without `as const`. */
export const c2c = (toAccount) => ({ type: 'c2c', toAccount });
/** `{ type: 'group', groupId }`. */
export const group = (groupId) => ({ type: 'group', groupId });

/** The package's limits and option names (`limits`, from pkg/limits.js), frozen throughout. */
export function frozen(document) {
  const freeze = (v) => {
    if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) freeze(v[k]);
    return Object.freeze(v);
  };
  return freeze(document);
}
