// The emulator's groups (the group service, `v4/group_open_http_svc/*`): each group's type, name, owner and
// members in join order, and the listeners told of every change made through the REST API (the callbacks). The
// endpoints that read and change them are in group-api.mjs; seeding (control endpoint, startEmulator's `groups`)
// fires no events.
import { randomBytes } from 'node:crypto';

/** The documented group types; `Work`, `Meeting` are the newer names of Private and ChatRoom. */
export const GROUP_TYPES = Object.freeze(['Private', 'Public', 'ChatRoom', 'AVChatRoom', 'Community', 'Work', 'Meeting']);
export const ROLES = Object.freeze(['Owner', 'Admin', 'Member']);
/** Community group IDs, generated or chosen, begin with this (the docs' custom-ID rule for Community groups). */
export const COMMUNITY_PREFIX = '@TGS#_';

/** A member as get_group_member_info lists it (before MemberInfoFilter). */
function newMember(account, role, joinTime) {
  return { Member_Account: account, Role: role, JoinTime: joinTime, MsgSeq: 0, MsgFlag: 'AcceptAndNotify', LastSendMsgTime: 0, MuteUntil: 0, NameCard: '' };
}

export class GroupStore {
  #listeners = new Set();
  #log;

  constructor(log = () => {}) {
    this.#log = log;
    this.groups = new Map(); // GroupId → { GroupId, Type, Name, Owner_Account, CreateTime, members: Map }
  }

  clear() {
    this.groups.clear();
  }

  /** `listener(event)` is called on each change made through the REST API; returns the unsubscribe function. */
  onEvent(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event) {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#log(`[emulator] a group event listener threw: ${error?.message ?? error}`);
      }
    }
  }

  get(id) {
    return this.groups.get(id);
  }

  /** A new group ID of the type's form: `@TGS#` and 9 characters, `@TGS#_` for Community groups. */
  newId(type) {
    for (;;) {
      const id = `${type === 'Community' ? COMMUNITY_PREFIX : '@TGS#'}${randomBytes(6).toString('base64url').slice(0, 9).toUpperCase()}`;
      if (!this.groups.has(id)) return id;
    }
  }

  /**
   * Creates (or replaces) a group. `members`: [{ account, role?, joinTime? }] in join order; the owner, when given,
   * is a member with the role Owner. Times are Unix seconds.
   */
  create({ id, type, name, owner, members = [], now }) {
    const group = { GroupId: id, Type: type, Name: name, Owner_Account: owner ?? '', CreateTime: now, members: new Map() };
    if (owner) group.members.set(owner, newMember(owner, 'Owner', now));
    this.join(group, members, now);
    this.groups.set(id, group);
    return group;
  }

  /** Adds `members` ([{ account, role?, joinTime? }]) not yet in `group`, in order; returns the accounts added. */
  join(group, members, now) {
    const added = [];
    for (const { account, role = 'Member', joinTime = now } of members) {
      if (group.members.has(account)) continue;
      group.members.set(account, newMember(account, role, joinTime));
      added.push(account);
    }
    return added;
  }

  /** Adds `accounts` not yet members, as Members joining `now`; returns those added. */
  add(group, accounts, now) {
    return this.join(group, accounts.map((account) => ({ account })), now);
  }

  /** Removes `accounts` that are members; returns those removed. */
  remove(group, accounts) {
    return accounts.filter((account) => group.members.delete(account));
  }

  destroy(id) {
    this.groups.delete(id);
  }

  /** Drops a deleted account from every group. */
  forgetAccount(account) {
    for (const group of this.groups.values()) group.members.delete(account);
  }

  snapshot() {
    return Object.fromEntries(
      [...this.groups].map(([id, { Type, Name, Owner_Account, members }]) => [id, { Type, Name, Owner_Account, MemberNum: members.size }]),
    );
  }
}

/**
 * Reads a `groups` seed ({ groupId, type?, name?, owner?, members: [UserID | { account, role?, joinTime? }] }) into
 * the store's `create` arguments, or { error }. The type defaults to Public, the name to the ID.
 */
export function readGroupSeed(seed) {
  if (seed === null || typeof seed !== 'object' || Array.isArray(seed)) return { error: 'a group must be an object { groupId, type?, name?, owner?, members }' };
  const unknown = Object.keys(seed).filter((key) => !['groupId', 'type', 'name', 'owner', 'members'].includes(key));
  if (unknown.length) return { error: `unknown group field ${unknown[0]} (groupId, type, name, owner, members)` };
  const { groupId, type = 'Public', name = groupId, owner, members = [] } = seed;
  if (typeof groupId !== 'string' || groupId === '') return { error: 'groupId must be a non-empty string' };
  if (!GROUP_TYPES.includes(type)) return { error: `${groupId}: type must be one of ${GROUP_TYPES.join(', ')}` };
  if (type === 'Community' && !groupId.startsWith(COMMUNITY_PREFIX)) return { error: `${groupId}: a Community group's ID begins with ${COMMUNITY_PREFIX}` };
  if (typeof name !== 'string') return { error: `${groupId}: name must be a string` };
  if (owner !== undefined && (typeof owner !== 'string' || owner === '')) return { error: `${groupId}: owner must be a UserID` };
  if (!Array.isArray(members)) return { error: `${groupId}: members must be an array` };
  const read = [];
  for (const [index, member] of members.entries()) {
    const item = typeof member === 'string' ? { account: member } : member;
    const where = `${groupId}: members[${index}]`;
    if (item === null || typeof item !== 'object' || typeof item.account !== 'string' || item.account === '') return { error: `${where} must be a UserID or { account, role?, joinTime? }` };
    if (item.role !== undefined && !ROLES.includes(item.role)) return { error: `${where}.role must be one of ${ROLES.join(', ')}` };
    if (item.joinTime !== undefined && !(Number.isInteger(item.joinTime) && item.joinTime >= 0)) return { error: `${where}.joinTime must be Unix seconds` };
    read.push({ account: item.account, role: item.role, joinTime: item.joinTime });
  }
  return { group: { id: groupId, type, name, owner, members: read } };
}
