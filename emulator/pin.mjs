// POST /v4/recentcontact/top: pin (OperationType 1) or unpin (2) conversations in From_Account's list.
//
// Every request parameter error is 50002, the endpoint's documented code, and is found before the import check
// (50001: From_Account, or the To_Account of a C2C item, has not been imported). Where the docs are silent:
// - GroupId: any non-empty string is accepted; the docs give no code for a group that does not exist or that
//   From_Account is not in, so the emulator does not invent one.
// - The client SDK docs cap a user at 50 pinned conversations, but the server-side answer to going over is not
//   documented, so the cap is not enforced (enforcing it would mean inventing an error code).
// - The maximum number of items in one request is not documented and not enforced (bodies are capped at 1 MiB).
// - Pinning an already pinned conversation keeps its place; the order kept is first-pin order.
import { fail, ok } from './replies.mjs';

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const isId = (value) => typeof value === 'string' && value !== '';

function itemProblem(item, index) {
  const where = `RecentContactItem[${index}]`;
  if (!isObject(item)) return `${where} must be an object`;
  if (item.Type === 1) return isId(item.To_Account) ? null : `${where}: Type 1 (C2C) needs a string To_Account`;
  if (item.Type === 2) return isId(item.GroupId) ? null : `${where}: Type 2 (group) needs a string GroupId`;
  return `${where}: Type must be 1 (C2C) or 2 (group)`;
}

function requestProblem(body) {
  if (!isObject(body)) return 'the body must be a JSON object';
  if (!isId(body.From_Account)) return 'From_Account must be a non-empty string';
  if (body.OperationType !== 1 && body.OperationType !== 2) return 'OperationType must be 1 (pin) or 2 (unpin)';
  const items = body.RecentContactItem;
  if (!Array.isArray(items) || items.length === 0) return 'RecentContactItem must be a non-empty array';
  return items.map(itemProblem).find((problem) => problem !== null) ?? null;
}

/** The state entry of a valid item: its key and the item reduced to its documented fields. */
const entryOf = (item) =>
  item.Type === 1
    ? { key: `c2c:${item.To_Account}`, item: { Type: 1, To_Account: item.To_Account } }
    : { key: `group:${item.GroupId}`, item: { Type: 2, GroupId: item.GroupId } };

export function handlePin(state, body) {
  const problem = requestProblem(body);
  if (problem) return fail(50002, problem);
  const peers = body.RecentContactItem.filter((item) => item.Type === 1).map((item) => item.To_Account);
  const missing = [body.From_Account, ...peers].find((id) => !state.hasAccount(id));
  if (missing !== undefined) return fail(50001, `UserID ${missing} has not been imported`);
  const entries = body.RecentContactItem.map(entryOf);
  if (body.OperationType === 1) state.pin(body.From_Account, entries);
  else state.unpin(body.From_Account, entries);
  return ok();
}
