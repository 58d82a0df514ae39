// Conversation groups (docs 1047/53437-53442), POST /v4/recentcontact/{create,update,del,get,search}_contact_group.
// ContactItem = { Type 1, To_Account } | { Type 2, ToGroupId }. Parameter errors are 50002, then 50001 for a
// From_Account not imported. Group names are 1 to 32 bytes; a user has at most 20 groups; at most 1000 conversations
// are grouped or marked (a conversation past that gets ResultCode 51008 in its ResultItem: a per-item failure).
// Where the docs are silent (assumptions): the 21st group, a name already taken and a group name that does not
// exist are parameter errors (50002, no other code is documented); create needs at least one conversation; adding
// a conversation already in the group and removing one that is not are successes (0); any conversation may be
// grouped (listed or not); get_contact_group pages tracked conversations (`pageSize` a page, in the order they were
// first grouped or marked) and sends every group on each page; search_contact_group sends the groups its
// conversations are in; a rename answers ContactResultItem [].
import { MAX_GROUPS, TRACKED_LIMIT_INFO } from './contact-store.mjs';
import { contactItem, isCount, isObject, readConversation, readConversations, userCall } from './contacts.mjs';
import { fail, ok } from './replies.mjs';

const MAX_NAME_BYTES = 32;
const MAX_SEARCH = 300;

const nameProblem = (name, field) =>
  typeof name === 'string' && name !== '' && Buffer.byteLength(name) <= MAX_NAME_BYTES
    ? null
    : `${field} must be a string of 1 to ${MAX_NAME_BYTES} bytes`;

const nowSeconds = (state) => Math.floor(state.clock() / 1000);

/** Adds (or removes) each conversation to (from) `group`: the per-item result. */
function changeMember(state, store, group, ref, add) {
  const entry = store.entryToChange(ref, nowSeconds(state), add);
  if (!entry) return { ContactItem: contactItem(ref), ResultCode: 51008, ResultInfo: TRACKED_LIMIT_INFO };
  if (add) entry.groups.add(group.GroupId);
  else entry.groups.delete(group.GroupId);
  return { ContactItem: contactItem(ref), ResultCode: 0, ResultInfo: '' };
}

// --- create ---------------------------------------------------------------------------------------------------------

function createProblem(body) {
  const list = body.GroupContactItem;
  if (!Array.isArray(list) || list.length !== 1 || !isObject(list[0])) return 'GroupContactItem must be an array of one object (one group per call)';
  return nameProblem(list[0].GroupName, 'GroupContactItem[0].GroupName') ?? readConversations(list[0].ContactItem, 'GroupContactItem[0].ContactItem', 'ToGroupId').problem ?? null;
}

export function handleCreateGroup(state, body) {
  return userCall(state, body, createProblem, () => {
    const store = state.contactsOf(body.From_Account);
    const { GroupName, ContactItem } = body.GroupContactItem[0];
    if (store.groups.has(GroupName)) return fail(50002, `a conversation group named ${GroupName} already exists`);
    if (store.groups.size >= MAX_GROUPS) return fail(50002, `a user has at most ${MAX_GROUPS} conversation groups`);
    const group = store.createGroup(GroupName);
    const { refs } = readConversations(ContactItem, 'ContactItem', 'ToGroupId');
    const ResultItem = refs.map((ref) => changeMember(state, store, group, ref, true));
    return ok({ GroupResultItem: [{ GroupItem: { GroupName, GroupId: group.GroupId }, ResultItem }] });
  });
}

// --- update ---------------------------------------------------------------------------------------------------------

function updateItemProblem(item, index) {
  const where = `UpdateGroup.ContactUpdateItem[${index}]`;
  if (!isObject(item)) return `${where} must be an object`;
  if (item.ContactOptType !== 1 && item.ContactOptType !== 2) return `${where}.ContactOptType must be 1 (add) or 2 (remove)`;
  return readConversation(item.ContactItem, `${where}.ContactItem`, 'ToGroupId').problem ?? null;
}

function updateProblem(body) {
  if (body.UpdateType !== 1) return 'UpdateType must be 1';
  const update = body.UpdateGroup;
  if (!isObject(update)) return 'UpdateGroup must be an object';
  const oldName = nameProblem(update.OldGroupName, 'UpdateGroup.OldGroupName');
  if (oldName) return oldName;
  if (update.UpdateGroupType === 1) return nameProblem(update.NewGroupName, 'UpdateGroup.NewGroupName');
  if (update.UpdateGroupType !== 2) return 'UpdateGroup.UpdateGroupType must be 1 (rename) or 2 (members)';
  const items = update.ContactUpdateItem;
  if (!Array.isArray(items) || items.length === 0) return 'UpdateGroup.ContactUpdateItem must be a non-empty array';
  return items.map(updateItemProblem).find((problem) => problem !== null) ?? null;
}

export function handleUpdateGroup(state, body) {
  return userCall(state, body, updateProblem, () => {
    const store = state.contactsOf(body.From_Account);
    const { UpdateGroupType, OldGroupName, NewGroupName, ContactUpdateItem } = body.UpdateGroup;
    if (!store.groups.has(OldGroupName)) return fail(50002, `no conversation group named ${OldGroupName}`);
    let group = store.groups.get(OldGroupName);
    let ContactResultItem = [];
    if (UpdateGroupType === 1) {
      if (NewGroupName !== OldGroupName && store.groups.has(NewGroupName)) return fail(50002, `a conversation group named ${NewGroupName} already exists`);
      group = store.renameGroup(OldGroupName, NewGroupName);
    } else {
      ContactResultItem = ContactUpdateItem.map(({ ContactOptType, ContactItem }) => {
        const { ref } = readConversation(ContactItem, 'ContactItem', 'ToGroupId');
        return { ContactOptType, ...changeMember(state, store, group, ref, ContactOptType === 1) };
      });
    }
    const UpdateGroupResult = { UpdateGroupType, GroupName: group.GroupName, GroupId: group.GroupId, OldGroupName, ContactResultItem };
    return ok({ UpdateType: 1, UpdateGroupResult });
  });
}

// --- del ------------------------------------------------------------------------------------------------------------

function delProblem(body) {
  const names = body.GroupName;
  if (!Array.isArray(names) || names.length !== 1) return 'GroupName must be an array of one name (one group per call)';
  return nameProblem(names[0], 'GroupName[0]');
}

export function handleDelGroup(state, body) {
  return userCall(state, body, delProblem, () => {
    const store = state.contactsOf(body.From_Account);
    const [name] = body.GroupName;
    if (!store.groups.has(name)) return fail(50002, `no conversation group named ${name}`);
    const { GroupName, GroupId } = store.deleteGroup(name);
    return ok({ GroupItem: [{ GroupName, GroupId }] });
  });
}

// --- get ------------------------------------------------------------------------------------------------------------

const getProblem = (body) => (isCount(body.StartIndex) ? null : 'StartIndex must be an integer ≥ 0 (0, then NextStartIndex)');

export function handleGetGroups(state, body) {
  return userCall(state, body, getProblem, () => {
    const store = state.contactsOf(body.From_Account);
    const tracked = store.tracked();
    const page = tracked.slice(body.StartIndex, body.StartIndex + state.pageSize);
    const next = body.StartIndex + page.length;
    return ok({
      ContactItem: page.map((entry) => store.extendedItem(entry.ref)),
      GroupItem: store.groupItems(),
      CompleteFlag: next >= tracked.length ? 1 : 0,
      NextStartIndex: next,
    });
  });
}

// --- search ---------------------------------------------------------------------------------------------------------

const searchProblem = (body) => readConversations(body.ContactItem, 'ContactItem', 'ToGroupId', MAX_SEARCH).problem ?? null;

export function handleSearchGroups(state, body) {
  return userCall(state, body, searchProblem, () => {
    const store = state.contactsOf(body.From_Account);
    const { refs } = readConversations(body.ContactItem, 'ContactItem', 'ToGroupId', MAX_SEARCH);
    const ContactResultItem = refs.map((ref) => store.extendedItem(ref));
    const ids = new Set(ContactResultItem.flatMap((item) => item.ContactGroupId));
    return ok({ ContactResultItem, GroupItem: store.groupItems(ids) });
  });
}

