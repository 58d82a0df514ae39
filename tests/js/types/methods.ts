// Type-checked (never run) by tests/js/types.test.mjs: the methods of issue 13 used as documented, and at least
// one `@ts-expect-error` misuse per method.
import {
  ChatAdmin, verifyCallbackSign,
  type AccountCheck, type AccountDeletion, type AccountToImport, type ApiResult, type Conversation,
  type ConversationCursor, type ConversationGroup, type ConversationGroupResult, type ConversationGroups,
  type ConversationInfo, type ConversationMark, type ConversationPage, type ConversationResult, type GroupMember,
  type GroupMemberRole, type GroupPinReport, type ImportResult,
  type JsonValue, type ListedConversation, type ServiceAnswer, type UpdateConversationGroupRequest,
  type VerifyCallbackSignOptions,
} from 'tencent-chat-admin';

declare const admin: ChatAdmin;
const fromAccount = 'alice';
const bob: Conversation = { type: 'c2c', toAccount: 'bob' };
const g1: Conversation = { type: 'group', groupId: 'g1' };
const signal = new AbortController().signal;

async function conversations(): Promise<void> {
  const page: ConversationPage = await admin.getConversationPage({ fromAccount, includeEmpty: false }, { signal });
  const cursor: ConversationCursor | null = page.cursor;
  if (cursor) await admin.getConversationPage({ fromAccount, cursor });
  const first: ListedConversation | undefined = page.conversations[0];
  if (first) {
    const fields: [number, boolean, string | undefined, number[] | undefined] = [first.msgTime, first.pinned, first.standardMark, first.groupIds];
    const id: string = first.type === 'c2c' ? first.toAccount : first.groupId;
    void [fields, id];
  }
  for await (const c of admin.listConversations({ fromAccount })) {
    const listed: ListedConversation = c;
    void listed;
    break;
  }
  const deleted: ApiResult = await admin.deleteConversation({ fromAccount, conversation: g1, clearMessages: true }, {});
  void deleted;
  // @ts-expect-error getConversationPage needs fromAccount
  await admin.getConversationPage({ includeEmpty: true });
  // @ts-expect-error a cursor has four numbers
  await admin.getConversationPage({ fromAccount, cursor: { timeStamp: 1 } });
  // @ts-expect-error listConversations gives an async iterable, not a promise
  const notAPromise: Promise<unknown> = admin.listConversations({ fromAccount });
  // @ts-expect-error deleteConversation takes one conversation, not a list
  await admin.deleteConversation({ fromAccount, conversation: [bob] });
  void notAPromise;
}

async function groupsAndMarks(): Promise<void> {
  const created: ConversationGroupResult = await admin.createConversationGroup({ fromAccount, name: 'work', conversations: [bob, g1] });
  const result: ConversationResult | undefined = created.results[0];
  const renamed: ConversationGroupResult = await admin.updateConversationGroup({ fromAccount, name: 'work', newName: 'job' });
  await admin.updateConversationGroup({ fromAccount, name: 'job', add: [bob], remove: [g1] }, { signal });
  const removed: ConversationGroup = await admin.deleteConversationGroup({ fromAccount, name: 'job' });
  const all: ConversationGroups = await admin.getConversationGroups({ fromAccount });
  const info: ConversationInfo | undefined = all.conversations[0];
  const found: ConversationGroups = await admin.searchConversationGroups({ fromAccount, conversations: [bob] });
  const marks: ConversationMark[] = [{ conversation: bob, set: [32], clear: [33] }, { conversation: g1, customMark: 'vip' }];
  const marked: { results: ConversationResult[] } = await admin.markConversations({ fromAccount, marks });
  // @ts-expect-error createConversationGroup needs a name
  await admin.createConversationGroup({ fromAccount, conversations: [bob] });
  // @ts-expect-error a rename and a change of members are two calls
  const both: UpdateConversationGroupRequest = { fromAccount, name: 'work', newName: 'job', add: [bob] };
  // @ts-expect-error deleteConversationGroup takes one name
  await admin.deleteConversationGroup({ fromAccount, name: ['work'] });
  // @ts-expect-error getConversationGroups needs fromAccount
  await admin.getConversationGroups({});
  // @ts-expect-error searchConversationGroups takes conversations
  await admin.searchConversationGroups({ fromAccount, conversations: ['bob'] });
  // @ts-expect-error mark bits are numbers
  await admin.markConversations({ fromAccount, marks: [{ conversation: bob, set: ['star'] }] });
  void [result, renamed, removed, info, found, marked, both];
}

async function accounts(): Promise<void> {
  const list: AccountToImport[] = ['alice', { userId: 'bob', nick: 'Bob', faceUrl: 'https://example.com/b.png' }];
  const imported: ImportResult = await admin.importAccounts(list, { signal });
  const checked: AccountCheck[] = await admin.checkAccounts(['alice', 'bob']);
  const flags: boolean[] = checked.map((c) => c.imported);
  const deleted: AccountDeletion[] = await admin.deleteAccounts(['bob']);
  const kicked: ApiResult = await admin.kick('alice', {});
  // @ts-expect-error importAccounts takes a list
  await admin.importAccounts('alice');
  // @ts-expect-error an account to import has a userId
  await admin.importAccounts([{ id: 'alice' }]);
  // @ts-expect-error checkAccounts takes UserID strings
  await admin.checkAccounts([{ userId: 'alice' }]);
  // @ts-expect-error deleteAccounts takes UserID strings
  await admin.deleteAccounts([1, 2]);
  // @ts-expect-error kick takes one UserID
  await admin.kick(['alice']);
  void [imported.imported, imported.failed, flags, deleted, kicked];
}

async function anyEndpoint(): Promise<void> {
  const answer: ServiceAnswer = await admin.request('group_open_http_svc/get_group_info', { GroupIdList: ['g1'] }, { signal });
  const groupInfo: JsonValue | undefined = answer['GroupInfo'];
  await admin.request('v4/openim/querystate');
  // @ts-expect-error the body is a JSON object
  await admin.request('openim/querystate', ['alice']);
  // @ts-expect-error functions are not JSON
  await admin.request('openim/querystate', { f: () => 1 });
  // A body typed with an interface (no index signature), the answer's shape named or not.
  interface CheckBody { CheckItem: { UserID: string }[]; Tag?: string }
  const checkBody: CheckBody = { CheckItem: [{ UserID: 'alice' }] };
  const checkedToo: ServiceAnswer = await admin.request('im_open_login_svc/account_check', checkBody);
  await admin.request<ServiceAnswer & { ResultItem: unknown[] }>('/v4/im_open_login_svc/account_check', checkBody, { signal });
  interface WithCallback { CheckItem: { UserID: string }[]; done: () => void }
  // @ts-expect-error a function in an interface-typed body is not JSON
  await admin.request('im_open_login_svc/account_check', { CheckItem: [], done: () => undefined } as WithCallback);
  // @ts-expect-error nor deeper down, nor a bigint
  await admin.request('openim/querystate', { a: [{ b: () => 1 }], n: 1n });
  const checked = await admin.request<ServiceAnswer & { ResultItem: { UserID: string; AccountStatus: string }[] }>(
    'im_open_login_svc/account_check', { CheckItem: [{ UserID: 'alice' }] });
  const status: string = checked.ResultItem[0].AccountStatus;
  // @ts-expect-error the named shape is what the answer is read as
  const missing: string = checked.ResultItem[0].Nick;
  // @ts-expect-error the shape is an object
  await admin.request<string>('openim/querystate');
  void [groupInfo, status, missing, checkedToo];
}

function callbacks(): void {
  const options: VerifyCallbackSignOptions = { token: 'xxxxyyyy', requestTime: '1669872112', sign: 'abc', now: 1669872112, maxSkewSeconds: 60 };
  const valid: boolean = verifyCallbackSign(options);
  verifyCallbackSign({ token: 'xxxxyyyy', requestTime: 1669872112, sign: 'abc' });
  // The query parameters as URLSearchParams gives them (null when missing: the check is false).
  const query = new URLSearchParams('RequestTime=1669872112');
  verifyCallbackSign({ token: 'xxxxyyyy', requestTime: query.get('RequestTime'), sign: query.get('Sign') });
  // @ts-expect-error the token is the app's own: a string
  verifyCallbackSign({ token: null, requestTime: '1669872112', sign: 'abc' });
  // @ts-expect-error sign is required
  verifyCallbackSign({ token: 'xxxxyyyy', requestTime: '1669872112' });
  // @ts-expect-error it answers a boolean, not a promise
  const promised: Promise<boolean> = verifyCallbackSign(options);
  void [valid, promised];
}

async function groupMembers(): Promise<void> {
  for await (const m of admin.listGroupMembers({ groupId: 'g1', roles: ['admin'], pageSize: 200 }, { signal })) {
    const member: GroupMember = m;
    const role: GroupMemberRole = m.role;
    const fields: [string, number, number, string, string | undefined] = [m.userId, m.joinTime, m.muteUntil, m.nameCard, m.onlineStatus];
    void [member, role, fields];
    break;
  }
  const report: GroupPinReport = await admin.pinGroupForMembers({ groupId: '@TGS#_c1', community: true }, {
    excludeRoles: ['owner', 'admin'], joinedAfter: 1700000000, concurrency: 8, signal,
    onProgress: ({ done, total }) => void [done, total], onResult: ({ request, status }) => void [request.fromAccount, status],
  });
  const figures: [number, number, number, number] = [report.memberNum, report.skipped, report.succeeded, report.failures.length];
  const again = await admin.pinConversationsBulk(report.failures.map((f) => f.request));
  await admin.unpinGroupForMembers({ groupId: 'g1' });
  // @ts-expect-error roles are lower-case words
  await admin.listGroupMembers({ groupId: 'g1', roles: ['Owner'] });
  // @ts-expect-error the method says whether it pins
  await admin.pinGroupForMembers({ groupId: 'g1' }, { operation: 'unpin' });
  // @ts-expect-error a group pin's filter is excludeRoles, an option
  await admin.pinGroupForMembers({ groupId: 'g1', roles: ['member'] });
  // @ts-expect-error listGroupMembers gives an async iterable, not a promise
  const notAPromise: Promise<unknown> = admin.listGroupMembers({ groupId: 'g1' });
  void [figures, again, notAPromise];
}

export { accounts, anyEndpoint, callbacks, conversations, groupMembers, groupsAndMarks };
