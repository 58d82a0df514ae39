// A user's conversation list: seeding it (control endpoint and startEmulator's `conversations` option),
// POST /v4/recentcontact/get_list (one page) and POST /v4/recentcontact/delete (one conversation).
//
// get_list. Every request field is required: From_Account, the cursors TimeStamp, StartIndex, TopTimeStamp,
// TopStartIndex (integers ≥ 0, all 0 for the first page) and AssistFlags (an integer in 0..63). Pages hold
// `pageSize` conversations (an emulator option; the service has no page-size parameter). The list is ordered by
// MsgTime, newest first (ties by key), and a cursor (time, index) means "after `index` conversations of MsgTime
// `time`"; (0, 0) is the start. AssistFlags:
//   bit 0 (1): pinned conversations first, with TopFlag 1. Without it: one list by MsgTime, TopFlag always 0.
//   bit 1 (2): conversations with no messages are listed too (left out without it).
//   bit 2 (4): pinned conversations are paged too (TopTimeStamp/TopStartIndex), then the others in the same pages.
//              Without it: every pinned conversation comes on the first page, before its `pageSize` others, and the
//              Top cursors are sent back as received.
//   bits 3-5 (8, 16, 32; sent by AssistFlags 63): each item also has StandardMark, CustomMark and ContactGroupId.
// CompleteFlag is 1 when nothing is left after the page. Where the docs are silent (assumptions): the bit layout of
// bits 3-5 (any of them adds all three fields), pinned ordered by MsgTime like the others; a pin of a conversation
// not in the list adds it as one without messages (pin.mjs), and a deleted conversation loses its pin.
//
// delete: From_Account, Type 1|2, To_Account (C2C) or ToGroupid (group, lower-case "id"), ClearRamble optional 0|1.
// Deleting removes the conversation and its pin; deleting one that is not in the list is not an error (the docs
// give no code for it). The emulator keeps no messages, so ClearRamble has nothing more to clear.
import { isCount, keyOf, readConversation, userCall, wireConversation } from './contacts.mjs';
import { ok } from './replies.mjs';

const CURSORS = ['TimeStamp', 'StartIndex', 'TopTimeStamp', 'TopStartIndex'];
const MAX_MSG_TIME = 4294967295;
const SEED_KEYS = new Set(['Type', 'To_Account', 'GroupId', 'MsgTime', 'NoMessages']);

/**
 * Reads seeded conversations ([{ Type: 1, To_Account } | { Type: 2, GroupId }, with MsgTime (Unix seconds) and
 * NoMessages?: true]) into { seeds } or { error }.
 */
export function readSeeds(list) {
  if (!Array.isArray(list)) return { error: 'conversations must be an array' };
  const seeds = [];
  for (const [index, value] of list.entries()) {
    const where = `conversations[${index}]`;
    const { ref, problem } = readConversation(value, where, 'GroupId');
    if (problem) return { error: problem };
    const unknown = Object.keys(value).filter((key) => !SEED_KEYS.has(key));
    if (unknown.length) return { error: `${where}: unknown field(s) ${unknown.join(', ')}` };
    if (!isCount(value.MsgTime) || value.MsgTime > MAX_MSG_TIME) return { error: `${where}: MsgTime must be Unix seconds (an integer in 0..${MAX_MSG_TIME})` };
    if (value.NoMessages !== undefined && typeof value.NoMessages !== 'boolean') return { error: `${where}: NoMessages must be a boolean` };
    seeds.push({ ref, msgTime: value.MsgTime, noMessages: value.NoMessages === true });
  }
  return { seeds };
}

/** The seeded shape of a stored conversation (also the state snapshot's). */
export const seedOf = ({ ref, msgTime, noMessages }) => ({
  ...wireConversation(ref, 'GroupId'),
  MsgTime: msgTime,
  ...(noMessages ? { NoMessages: true } : {}),
});

// --- get_list -------------------------------------------------------------------------------------------------------

const newestFirst = (a, b) => b.msgTime - a.msgTime || (a.ref.key < b.ref.key ? -1 : a.ref.key > b.ref.key ? 1 : 0);

/** What is left of `list` (newest first) after the cursor (time, index). */
function after(list, time, index) {
  if (time === 0 && index === 0) return list;
  const same = list.filter((c) => c.msgTime === time).slice(index);
  return [...same, ...list.filter((c) => c.msgTime < time)];
}

/** The cursor after `taken` (a prefix of what was left after [time, index]). */
function advance([time, index], taken) {
  if (taken.length === 0) return [time, index];
  const last = taken.at(-1).msgTime;
  const count = taken.filter((c) => c.msgTime === last).length;
  return [last, count + (last === time ? index : 0)];
}

function listProblem(body) {
  for (const name of CURSORS) if (!isCount(body[name])) return `${name} must be an integer ≥ 0 (0 on the first page)`;
  if (!Number.isInteger(body.AssistFlags) || body.AssistFlags < 0 || body.AssistFlags > 63) return 'AssistFlags must be an integer in 0..63';
  return null;
}

function sessionItem(state, user, conversation, { pinsFirst, extended }) {
  const item = {
    ...wireConversation(conversation.ref, 'GroupId'),
    MsgTime: conversation.msgTime,
    TopFlag: pinsFirst && state.isPinned(user, conversation.ref.key) ? 1 : 0,
  };
  if (!extended) return item;
  const { StandardMark, CustomMark, ContactGroupId } = state.contactsOf(user).marksOf(conversation.ref.key);
  return { ...item, StandardMark, CustomMark, ContactGroupId };
}

function listPage(state, body) {
  const user = body.From_Account;
  const flags = body.AssistFlags;
  const options = { pinsFirst: (flags & 1) !== 0, extended: (flags & 56) !== 0 };
  const listed = state.conversationsOf(user).filter((c) => (flags & 2) !== 0 || !c.noMessages).sort(newestFirst);
  const isPinned = (c) => options.pinsFirst && state.isPinned(user, c.ref.key);
  const pinned = listed.filter(isPinned);
  const others = listed.filter((c) => !isPinned(c));
  const top = [body.TopTimeStamp, body.TopStartIndex];
  const rest = [body.TimeStamp, body.StartIndex];
  const leftPinned = after(pinned, ...top);
  const leftOthers = after(others, ...rest);
  const size = state.pageSize;
  let takenPinned, takenOthers;
  if ((flags & 4) !== 0) {
    takenPinned = leftPinned.slice(0, size);
    takenOthers = leftOthers.slice(0, size - takenPinned.length);
  } else {
    takenPinned = rest[0] === 0 && rest[1] === 0 ? pinned : [];
    takenOthers = leftOthers.slice(0, size);
  }
  const complete = takenOthers.length === leftOthers.length && ((flags & 4) === 0 || takenPinned.length === leftPinned.length);
  const [TimeStamp, StartIndex] = advance(rest, takenOthers);
  const [TopTimeStamp, TopStartIndex] = (flags & 4) !== 0 ? advance(top, takenPinned) : top;
  return ok({
    SessionItem: [...takenPinned, ...takenOthers].map((c) => sessionItem(state, user, c, options)),
    CompleteFlag: complete ? 1 : 0,
    TimeStamp,
    StartIndex,
    TopTimeStamp,
    TopStartIndex,
  });
}

export const handleGetList = (state, body) => userCall(state, body, listProblem, () => listPage(state, body));

// --- delete ---------------------------------------------------------------------------------------------------------

function deleteProblem(body) {
  const { problem } = readConversation(body, 'the request', 'ToGroupid');
  if (problem) return problem;
  if (body.ClearRamble !== undefined && body.ClearRamble !== 0 && body.ClearRamble !== 1) return 'ClearRamble must be 0 or 1';
  return null;
}

export function handleDelete(state, body) {
  return userCall(state, body, deleteProblem, () => {
    const id = body.Type === 1 ? body.To_Account : body.ToGroupid;
    state.deleteConversation(body.From_Account, keyOf(body.Type, id));
    return ok();
  });
}

