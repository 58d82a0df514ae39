// POST /v4/group_open_http_svc/{create_group, add_group_member, delete_group_member, destroy_group,
// get_group_member_info} (docs 269/1615, 1621, 1622, 1624, 1617), with the group service's codes: 10004 bad
// parameter, 10007 not allowed, 10010 no such group (or destroyed), 10021 the GroupId is taken.
//
// get_group_member_info pages as documented: `Limit` at most 200 with `Offset` = (page − 1) × Limit; Community
// groups take no Offset and page with `Next` ("" first, then what came back; "" at the end). AVChatRoom groups are
// refused (10007). Where the docs are silent (assumptions): without `Limit` a page holds 200 members; `Next` is an
// opaque token (here the position, encoded), and one the emulator did not write is 10004; `Offset` or `Next` sent
// for the other kind of group is 10004; MemberNum counts every member whatever the role filter.
// The changes tell the store's listeners (the callbacks): create, join (JoinType Invited), leave (Kicked), destroy.
import { isObject } from './contacts.mjs';
import { COMMUNITY_PREFIX, GROUP_TYPES, ROLES } from './groups.mjs';
import { fail, ok } from './replies.mjs';

const MAX_PAGE = 200;
const MAX_ADD = 300;
const MAX_DELETE = 100;
const MAX_CREATE_MEMBERS = 100;
const MAX_NAME_BYTES = 30;
const MEMBER_FIELDS = ['Member_Account', 'Role', 'JoinTime', 'MsgSeq', 'MsgFlag', 'LastSendMsgTime', 'MuteUntil', 'NameCard'];

const isText = (value) => typeof value === 'string' && value !== '';
const nowSeconds = (state) => Math.floor(state.clock() / 1000);
const bad = (info) => fail(10004, info);

/** The group a body's GroupId names: { group } or { reply } with the error. */
function groupOf(state, body) {
  if (!isObject(body) || !isText(body.GroupId)) return { reply: bad('GroupId must be a non-empty string') };
  const group = state.groups.get(body.GroupId);
  return group ? { group } : { reply: fail(10010, `group ${body.GroupId} does not exist or has been destroyed`) };
}

/** The event a listener gets. */
const event = (state, name, group, members, extra = {}) => ({
  event: name,
  groupId: group.GroupId,
  groupType: group.Type,
  operator: state.admins[0],
  members,
  time: state.clock(),
  ...extra,
});

export function handleCreateGroup(state, body) {
  if (!isObject(body)) return bad('the body must be an object');
  const { Owner_Account: owner, Type: type, Name: name, GroupId: wanted, MemberList: list = [] } = body;
  if (!GROUP_TYPES.includes(type)) return bad(`Type must be one of ${GROUP_TYPES.join(', ')}`);
  if (!isText(name) || Buffer.byteLength(name) > MAX_NAME_BYTES) return bad(`Name must be a string of 1 to ${MAX_NAME_BYTES} bytes`);
  if (owner !== undefined && !(isText(owner) && state.hasAccount(owner))) return bad('Owner_Account must be an imported UserID');
  if (wanted !== undefined && !isText(wanted)) return bad('GroupId must be a non-empty string');
  if (wanted !== undefined && (type === 'Community') !== wanted.startsWith(COMMUNITY_PREFIX)) {
    return bad(`a custom GroupId begins with ${COMMUNITY_PREFIX} exactly when the group is a Community group`);
  }
  if (wanted !== undefined && state.groups.get(wanted)) return fail(10021, `GroupId ${wanted} is taken`);
  if (!Array.isArray(list) || list.length > MAX_CREATE_MEMBERS) return bad(`MemberList must be an array of at most ${MAX_CREATE_MEMBERS} members`);
  const members = [];
  for (const [index, item] of list.entries()) {
    if (!isObject(item) || !isText(item.Member_Account) || !state.hasAccount(item.Member_Account)) {
      return bad(`MemberList[${index}].Member_Account must be an imported UserID`);
    }
    if (item.Role !== undefined && !['Admin', 'Member'].includes(item.Role)) return bad(`MemberList[${index}].Role must be Admin or Member`);
    members.push({ account: item.Member_Account, role: item.Role });
  }
  const group = state.groups.create({ id: wanted ?? state.groups.newId(type), type, name, owner, members, now: nowSeconds(state) });
  state.groups.emit(event(state, 'create', group, [...group.members.keys()], { owner: group.Owner_Account, name }));
  return ok({ GroupId: group.GroupId });
}

export function handleAddGroupMember(state, body) {
  const { group, reply } = groupOf(state, body);
  if (reply) return reply;
  const list = body.MemberList;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_ADD || !list.every((item) => isObject(item) && isText(item.Member_Account))) {
    return bad(`MemberList must be an array of 1 to ${MAX_ADD} { Member_Account }`);
  }
  if (group.Type === 'AVChatRoom') return fail(10007, 'members cannot be added to an AVChatRoom group');
  const wanted = list.map((item) => item.Member_Account).filter((account) => state.hasAccount(account));
  const added = new Set(state.groups.add(group, wanted, nowSeconds(state)));
  const MemberList = list.map(({ Member_Account }) => ({
    Member_Account,
    Result: added.has(Member_Account) ? 1 : group.members.has(Member_Account) ? 2 : 0,
  }));
  if (added.size) state.groups.emit(event(state, 'join', group, [...added], { joinType: 'Invited' }));
  return ok({ MemberList });
}

export function handleDeleteGroupMember(state, body) {
  const { group, reply } = groupOf(state, body);
  if (reply) return reply;
  const list = body.MemberToDel_Account;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_DELETE || !list.every(isText)) {
    return bad(`MemberToDel_Account must be an array of 1 to ${MAX_DELETE} UserIDs`);
  }
  if (list.includes(group.Owner_Account)) return fail(10004, 'the owner cannot be removed from the group');
  const removed = state.groups.remove(group, list);
  if (removed.length) state.groups.emit(event(state, 'leave', group, removed, { exitType: 'Kicked' }));
  return ok();
}

export function handleDestroyGroup(state, body) {
  const { group, reply } = groupOf(state, body);
  if (reply) return reply;
  state.groups.destroy(group.GroupId);
  state.groups.emit(event(state, 'destroy', group, [...group.members.keys()]));
  return ok();
}

const encodeNext = (position) => Buffer.from(`pos:${position}`).toString('base64url');
function decodeNext(next) {
  const match = /^pos:(\d+)$/.exec(Buffer.from(next, 'base64url').toString());
  return match && Buffer.from(`pos:${match[1]}`).toString('base64url') === next ? Number(match[1]) : null;
}

/** Where the page starts: { start } or { reply } with the error. */
function pageStart(group, body) {
  const community = group.Type === 'Community';
  if (community && body.Offset !== undefined) return { reply: bad('Community groups page with Next, not Offset') };
  if (!community && body.Next !== undefined) return { reply: bad('Next is for Community groups; page with Offset') };
  if (!community) {
    const offset = body.Offset ?? 0;
    return Number.isInteger(offset) && offset >= 0 ? { start: offset } : { reply: bad('Offset must be a non-negative integer') };
  }
  const next = body.Next ?? '';
  if (typeof next !== 'string') return { reply: bad('Next must be a string') };
  if (next === '') return { start: 0 };
  const start = decodeNext(next);
  return start === null ? { reply: bad('Next is not one this group gave') } : { start };
}

/** The listed fields: MemberInfoFilter's (Member_Account always), or all. */
function fieldsOf(filter) {
  if (filter === undefined) return { fields: MEMBER_FIELDS };
  if (!Array.isArray(filter) || !filter.every((field) => MEMBER_FIELDS.includes(field))) {
    return { reply: bad(`MemberInfoFilter must be an array of ${MEMBER_FIELDS.join(', ')}`) };
  }
  return { fields: ['Member_Account', ...filter.filter((field) => field !== 'Member_Account')] };
}

export function handleGetGroupMemberInfo(state, body) {
  const { group, reply } = groupOf(state, body);
  if (reply) return reply;
  if (group.Type === 'AVChatRoom') return fail(10007, 'get_group_member_info does not list AVChatRoom members');
  const limit = body.Limit ?? MAX_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) return bad(`Limit must be an integer of 1 to ${MAX_PAGE}`);
  const roles = body.MemberRoleFilter;
  if (roles !== undefined && !(Array.isArray(roles) && roles.every((role) => ROLES.includes(role)))) {
    return bad(`MemberRoleFilter must be an array of ${ROLES.join(', ')}`);
  }
  const { fields, reply: fieldProblem } = fieldsOf(body.MemberInfoFilter);
  if (fieldProblem) return fieldProblem;
  const { start, reply: startProblem } = pageStart(group, body);
  if (startProblem) return startProblem;
  const listed = [...group.members.values()].filter((member) => !roles || roles.includes(member.Role));
  const page = listed.slice(start, start + limit).map((member) => Object.fromEntries(fields.map((field) => [field, member[field]])));
  const extra = { MemberNum: group.members.size, MemberList: page };
  if (group.Type === 'Community') extra.Next = start + limit < listed.length ? encodeNext(start + limit) : '';
  return ok(extra);
}
