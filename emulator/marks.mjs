// POST /v4/recentcontact/mark_contact: set or clear standard marks (OptType 1), set the custom mark (2), or both (3),
// on at most 100 conversations a call. MarkItem = { OptType, ContactItem { Type, To_Account | ToGroupId },
// SetMark?: [bit index], ClearMark?: [bit index], CustomMark?: string ≤ 256 bytes }. Parameter errors are 50002, then
// 50001 for a From_Account not imported; a conversation that would be the 1001st grouped or marked gets ResultCode
// 51008 in its ResultItem (the others are applied).
// Where the docs are silent (assumptions): bit indexes are 0..63 (StandardMark has 64 bits); OptType 1 and 3 need at
// least one of SetMark/ClearMark, OptType 2 and 3 need CustomMark ("" clears it); fields that the OptType does not
// use are not read; SetMark is applied before ClearMark.
import { TRACKED_LIMIT_INFO } from './contact-store.mjs';
import { contactItem, isObject, readConversation, userCall } from './contacts.mjs';
import { ok } from './replies.mjs';

const MAX_ITEMS = 100;
const MAX_CUSTOM_BYTES = 256;

const isBitList = (value) => value === undefined || (Array.isArray(value) && value.every((bit) => Number.isInteger(bit) && bit >= 0 && bit <= 63));

function itemProblem(item, index) {
  const where = `MarkItem[${index}]`;
  if (!isObject(item)) return `${where} must be an object`;
  if (![1, 2, 3].includes(item.OptType)) return `${where}.OptType must be 1 (standard), 2 (custom) or 3 (both)`;
  const { problem } = readConversation(item.ContactItem, `${where}.ContactItem`, 'ToGroupId');
  if (problem) return problem;
  if (item.OptType !== 2) {
    if (!isBitList(item.SetMark) || !isBitList(item.ClearMark)) return `${where}: SetMark and ClearMark must be arrays of bit indexes 0..63`;
    if (item.SetMark === undefined && item.ClearMark === undefined) return `${where}: OptType ${item.OptType} needs SetMark or ClearMark`;
  }
  if (item.OptType !== 1) {
    if (typeof item.CustomMark !== 'string') return `${where}: OptType ${item.OptType} needs a string CustomMark`;
    if (Buffer.byteLength(item.CustomMark) > MAX_CUSTOM_BYTES) return `${where}.CustomMark is over ${MAX_CUSTOM_BYTES} bytes`;
  }
  return null;
}

function markProblem(body) {
  const items = body.MarkItem;
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ITEMS) return `MarkItem must be an array of 1 to ${MAX_ITEMS} items`;
  return items.map(itemProblem).find((problem) => problem !== null) ?? null;
}

const bits = (list = []) => list.reduce((mask, bit) => mask | (1n << BigInt(bit)), 0n);

function applyMark(state, store, item) {
  const { ref } = readConversation(item.ContactItem, 'ContactItem', 'ToGroupId');
  const standard = item.OptType !== 2;
  const custom = item.OptType !== 1;
  const adds = (standard && bits(item.SetMark) !== 0n) || (custom && item.CustomMark !== '');
  const entry = store.entryToChange(ref, Math.floor(state.clock() / 1000), adds);
  const result = { OptType: item.OptType, ContactItem: contactItem(ref) };
  if (!entry) return { ...result, ResultCode: 51008, ResultInfo: TRACKED_LIMIT_INFO };
  if (standard) entry.standard = (entry.standard | bits(item.SetMark)) & ~bits(item.ClearMark);
  if (custom) entry.custom = item.CustomMark;
  return { ...result, ResultCode: 0, ResultInfo: '' };
}

export function handleMark(state, body) {
  return userCall(state, body, markProblem, () => {
    const store = state.contactsOf(body.From_Account);
    return ok({ ResultItem: body.MarkItem.map((item) => applyMark(state, store, item)) });
  });
}
