// The Conversations panel: one user's conversation list as the service keeps it (pinned first), a page at a time
// (ChatAdmin.getConversationPage, its cursor passed back as is) or all at once (listConversations), and pin, unpin
// and delete on each conversation. Every call also goes to Results.
import { runCall, setError } from './run-call.js';

const $ = (id) => document.getElementById(id);
const nameOf = (c) => (c.type === 'group' ? c.groupId : c.toAccount);
/** The conversation as the methods take it (the list's items carry msgTime, pinned and marks too). */
const bare = (c) => (c.type === 'group' ? { type: 'group', groupId: c.groupId } : { type: 'c2c', toAccount: c.toAccount });

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

/** `newClient()` makes a ChatAdmin from Connection; `afterCall()` runs after each call (the emulator panel). */
export function setUpConversations({ newClient, afterCall }) {
  const view = { user: '', items: [], cursor: null, complete: true, busy: false };
  const input = $('cl-from');
  const showOwnError = (error) => {
    setError(input, 'err-cl-from', error.message);
    input.focus();
  };

  async function call(operation, summary, run) {
    if (view.busy) return { ok: false };
    view.busy = true;
    $('cl-busy').textContent = `${operation}…`;
    const outcome = await runCall({ newClient, operation, summary, run, ownFields: ['fromAccount', 'cursor', 'includeEmpty', 'conversation', 'conversations'], showOwnError });
    $('cl-busy').textContent = outcome.ok ? '' : `${operation}: failed (see Results).`;
    view.busy = false;
    afterCall();
    return outcome;
  }

  const request = () => ({ fromAccount: input.value.trim(), includeEmpty: $('cl-empty').checked });

  async function loadFirst() {
    setError(input, 'err-cl-from', '');
    const args = request();
    const { ok, result } = await call('List', `${args.fromAccount || '(no user)'} · first page`, (c) => c.getConversationPage(args, {}));
    if (ok) show(args, result.conversations, result);
  }

  async function loadMore() {
    const args = { ...view.args, cursor: view.cursor };
    const { ok, result } = await call('List', `${view.user} · next page`, (c) => c.getConversationPage(args, {}));
    if (ok) show(view.args, [...view.items, ...result.conversations], result);
  }

  async function loadAll() {
    setError(input, 'err-cl-from', '');
    const args = request();
    const { ok, result } = await call('List all', args.fromAccount || '(no user)', async (c) => {
      const all = [];
      for await (const conversation of c.listConversations(args, {})) all.push(conversation);
      return all;
    });
    if (ok) show(args, result, { complete: true, cursor: null });
  }

  async function change(operation, conversation, run) {
    const { ok } = await call(operation, `${view.user} · ${conversation.type} ${nameOf(conversation)}`, run);
    if (ok) await reload();
  }

  /** After a change: the list again from its first page (pins and deletes move conversations between pages). */
  async function reload() {
    const args = view.args;
    const { ok, result } = await call('List', `${args.fromAccount} · first page`, (c) => c.getConversationPage(args, {}));
    if (ok) show(args, result.conversations, result);
  }

  function row(conversation) {
    const who = `${conversation.type} ${nameOf(conversation)}`;
    const item = { fromAccount: view.user, conversations: [bare(conversation)] };
    const pin = el('button', { type: 'button', class: 'ghost small', 'data-role': 'pin', 'aria-label': `${conversation.pinned ? 'Unpin' : 'Pin'} ${who}` }, conversation.pinned ? 'Unpin' : 'Pin');
    pin.addEventListener('click', () =>
      change(conversation.pinned ? 'Unpin' : 'Pin', conversation, (c) => (conversation.pinned ? c.unpinConversations(item, {}) : c.pinConversations(item, {}))),
    );
    const del = el('button', { type: 'button', class: 'ghost small danger', 'data-role': 'delete', 'aria-label': `Delete ${who}` }, 'Delete');
    del.addEventListener('click', () =>
      change('Delete', conversation, (c) => c.deleteConversation({ fromAccount: view.user, conversation: bare(conversation) }, {})),
    );
    const time = conversation.msgTime ? new Date(conversation.msgTime * 1000) : null;
    return el(
      'li',
      { 'data-key': `${conversation.type}:${nameOf(conversation)}`, 'data-pinned': String(conversation.pinned) },
      el('span', { class: `tag ${conversation.type === 'group' ? 'tag-group' : 'tag-c2c'}` }, conversation.type),
      el('span', { class: 'cl-name' }, nameOf(conversation)),
      conversation.pinned ? el('span', { class: 'pill pill-ok' }, 'pinned') : '',
      el('time', { class: 'muted small-text', ...(time ? { datetime: time.toISOString() } : {}) }, time ? time.toLocaleString([], { hour12: false }) : 'no messages'),
      el('span', { class: 'cl-actions' }, pin, del),
    );
  }

  function show(args, items, { complete, cursor }) {
    Object.assign(view, { args, user: args.fromAccount, items, complete, cursor });
    $('cl-list').replaceChildren(...items.map(row));
    $('cl-list').setAttribute('aria-label', `${view.user}'s conversations, pinned first`);
    const count = `${items.length} conversation${items.length === 1 ? '' : 's'}`;
    $('cl-status').textContent = `${view.user}: ${count}${complete ? ', all loaded.' : ', more on the service.'}`;
    $('cl-more').hidden = complete;
  }

  $('cl-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (event.submitter?.value === 'all') loadAll();
    else loadFirst();
  });
  $('cl-more').addEventListener('click', loadMore);
  input.addEventListener('input', () => setError(input, 'err-cl-from', ''));
}
