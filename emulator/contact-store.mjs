// One user's conversation groups and conversation marks (docs 1047/53437-53442): groups by name with an integer
// GroupId, and per conversation its standard mark (64 bits), custom mark, groups and last change time.
// A conversation is "tracked" while it is in a group or has a mark; at most MAX_TRACKED are (more: 51008).
import { contactItem } from './contacts.mjs';

export const MAX_GROUPS = 20;
export const MAX_TRACKED = 1000;
export const TRACKED_LIMIT_INFO = `over the limit of ${MAX_TRACKED} conversations grouped or marked`;

export class ContactStore {
  constructor() {
    this.groups = new Map(); // GroupName → { GroupName, GroupId }, in creation order
    this.nextGroupId = 1; // never reused within a run (assumption: the docs do not say how IDs are given)
    this.entries = new Map(); // conversation key → { ref, standard: BigInt, custom, groups: Set(GroupId), timestamp }
  }

  #isTracked(entry) {
    return entry !== undefined && (entry.standard !== 0n || entry.custom !== '' || entry.groups.size > 0);
  }

  tracked() {
    return [...this.entries.values()].filter((entry) => this.#isTracked(entry));
  }

  /**
   * The entry of `ref` to change, or null when the change `adds` a group or a mark to a conversation that is not
   * tracked while MAX_TRACKED already are (51008).
   */
  entryToChange(ref, nowSeconds, adds = true) {
    let entry = this.entries.get(ref.key);
    if (adds && !this.#isTracked(entry) && this.tracked().length >= MAX_TRACKED) return null;
    if (!entry) this.entries.set(ref.key, (entry = { ref, standard: 0n, custom: '', groups: new Set(), timestamp: 0 }));
    entry.timestamp = nowSeconds;
    return entry;
  }

  createGroup(GroupName) {
    const group = { GroupName, GroupId: this.nextGroupId++ };
    this.groups.set(GroupName, group);
    return group;
  }

  renameGroup(oldName, newName) {
    const group = this.groups.get(oldName);
    this.groups.delete(oldName);
    group.GroupName = newName;
    this.groups.set(newName, group);
    return group;
  }

  deleteGroup(name) {
    const group = this.groups.get(name);
    this.groups.delete(name);
    for (const entry of this.entries.values()) entry.groups.delete(group.GroupId);
    return group;
  }

  groupItems(ids) {
    return [...this.groups.values()].filter((g) => !ids || ids.has(g.GroupId)).map(({ GroupName, GroupId }) => ({ GroupName, GroupId }));
  }

  /** StandardMark (64 characters '0'/'1', bit 0 last), CustomMark and ContactGroupId of a conversation. */
  marksOf(key) {
    const entry = this.entries.get(key);
    return {
      StandardMark: (entry?.standard ?? 0n).toString(2).padStart(64, '0'),
      CustomMark: entry?.custom ?? '',
      ContactGroupId: [...(entry?.groups ?? [])].sort((a, b) => a - b),
    };
  }

  /** The extended ContactItem of the responses. */
  extendedItem(ref) {
    return { ...contactItem(ref), ...this.marksOf(ref.key), Timestamp: this.entries.get(ref.key)?.timestamp ?? 0 };
  }

  snapshot() {
    return {
      groups: this.groupItems(),
      conversations: this.tracked().map((entry) => this.extendedItem(entry.ref)),
    };
  }
}
