// What the recentcontact endpoints share: reading a conversation in whichever spelling the endpoint wants, the
// conversation keys of the state, and the order of checks of a call made for one user (From_Account).
//
// The group ID field is spelled three ways on the wire (reference §4): `GroupId` in top and get_list, `ToGroupid`
// in delete, `ToGroupId` in the contact-group and mark ContactItem. Each endpoint reads only its own spelling, as
// the service would: another spelling is a missing field (50002).
import { fail } from './replies.mjs';

export const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
export const isId = (value) => typeof value === 'string' && value !== '';
export const isCount = (value) => Number.isInteger(value) && value >= 0;

/** The state's key of a conversation: "c2c:{UserID}" or "group:{GroupId}". */
export const keyOf = (type, id) => `${type === 1 ? 'c2c' : 'group'}:${id}`;

/**
 * Reads a conversation ({ Type, To_Account | groupField }) into { ref: { key, type, id } } or { problem }.
 */
export function readConversation(value, where, groupField) {
  if (!isObject(value)) return { problem: `${where} must be an object` };
  const field = value.Type === 1 ? 'To_Account' : value.Type === 2 ? groupField : null;
  if (field === null) return { problem: `${where}: Type must be 1 (C2C) or 2 (group)` };
  if (!isId(value[field])) return { problem: `${where}: Type ${value.Type} needs a non-empty string ${field}` };
  return { ref: { key: keyOf(value.Type, value[field]), type: value.Type, id: value[field] } };
}

/** Reads a non-empty array of conversations of at most `max` items: { refs } or { problem }. */
export function readConversations(list, name, groupField, max = Infinity) {
  if (!Array.isArray(list) || list.length === 0 || list.length > max) {
    return { problem: `${name} must be an array of ${max === Infinity ? 'at least 1' : `1 to ${max}`} conversations` };
  }
  const refs = [];
  for (const [index, value] of list.entries()) {
    const { ref, problem } = readConversation(value, `${name}[${index}]`, groupField);
    if (problem) return { problem };
    refs.push(ref);
  }
  return { refs };
}

/** A conversation as the wire spells it with `groupField` for groups. */
export const wireConversation = ({ type, id }, groupField) =>
  type === 1 ? { Type: 1, To_Account: id } : { Type: 2, [groupField]: id };

/** The ContactItem of the contact-group and mark endpoints. */
export const contactItem = (ref) => wireConversation(ref, 'ToGroupId');

/**
 * A call for one user: 50002 when the body is not an object, From_Account is not a non-empty string or
 * `problemOf(body)` names a parameter error; then 50001 when From_Account has not been imported; then `run()`.
 */
export function userCall(state, body, problemOf, run) {
  if (!isObject(body)) return fail(50002, 'the body must be a JSON object');
  if (!isId(body.From_Account)) return fail(50002, 'From_Account must be a non-empty string');
  const problem = problemOf(body);
  if (problem) return fail(50002, problem);
  if (!state.hasAccount(body.From_Account)) return fail(50001, `UserID ${body.From_Account} has not been imported`);
  return run();
}
