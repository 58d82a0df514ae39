// The declared result types and what the package resolves with cannot drift apart. Every method runs against
// answers that hold every field the reference documents (hand-written, as in conversations.test.mjs); each result is
// written into a TypeScript file as a literal that must satisfy its declared type under --strict (no key the
// declaration lacks, no required key missing, every value of the declared type), and the samples of a type together
// must use every key its declaration has. A field added on one side only (the Rust result types, or the hand-kept
// declarations in src/wasm/types.rs) fails here. So does an option name the package reads (`limits.optionNames`, the
// lists its own key checks use) that the declared options type lacks, or the other way round.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as pkg from '../../pkg/node.js';
import { ADMIN, KEY, SDKAPPID, answering, okAnswer, recordingFetch } from './helpers.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = join(root, 'node_modules/.bin/tsc');
const ENDPOINT = 'http://127.0.0.1:9';

const client = (fetch, extra = {}) =>
  new pkg.ChatAdmin({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: ENDPOINT, retry: false, fetch, ...extra });
const answered = (answers) => client(answering(answers).fetch);

const BOB = { type: 'c2c', toAccount: 'bob' };
const G1 = { type: 'group', groupId: 'g1' };
const ALL_FIELDS = { Type: 2, ToGroupId: 'g1', ContactGroupId: [7], StandardMark: '1', CustomMark: 'x', Timestamp: 9 };

/** `value` as a TypeScript expression: JSON, with a ChatError as the declared `chatError` and bytes as a Uint8Array. */
function literal(value) {
  if (pkg.isChatError(value)) return 'chatError';
  if (value instanceof Uint8Array) return 'new Uint8Array()';
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${literal(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** The results of every method, each with the declared type it must satisfy, gathered against recorded answers. */
async function samples() {
  const out = [];
  const add = (type, value) => out.push({ type, value });

  // pin, unpin, delete, kick: the envelope, with and without a RequestId.
  add('ApiResult', await answered([{ RequestId: 'r-1' }]).pinConversations({ fromAccount: 'alice', conversations: [BOB] }));
  add('ApiResult', await answered([{}]).unpinConversations({ fromAccount: 'alice', conversations: [G1] }));
  add('ApiResult', await answered([{}]).deleteConversation({ fromAccount: 'alice', conversation: BOB, clearMessages: true }));
  add('ApiResult', await answered([{}]).kick('bob'));
  add('ApiResult', await pkg.pinConversations({ sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, endpoint: ENDPOINT, fetch: answering([{}]).fetch }, { fromAccount: 'a', conversations: [BOB] }));

  // get_list: a page with every field, and the last page.
  const page = await answered([{
    CompleteFlag: 0, TimeStamp: 5, StartIndex: 10, TopTimeStamp: 4, TopStartIndex: 1,
    SessionItem: [{ Type: 1, To_Account: 'bob', MsgTime: 3, TopFlag: 1 }, { Type: 2, GroupId: 'g1', MsgTime: 2, TopFlag: 0, StandardMark: '01', CustomMark: 'vip', ContactGroupId: [3] }],
  }]).getConversationPage({ fromAccount: 'alice' });
  add('ConversationPage', page);
  for (const c of page.conversations) add('ListedConversation', c);
  add('ConversationCursor', page.cursor);
  add('ConversationPage', await answered([{ CompleteFlag: 1, SessionItem: [] }]).getConversationPage({ fromAccount: 'alice' }));
  for await (const c of answered([{ CompleteFlag: 1, SessionItem: [{ Type: 1, To_Account: 'bob', MsgTime: 3, TopFlag: 0 }] }]).listConversations({ fromAccount: 'alice' })) {
    add('ListedConversation', c);
  }

  // Conversation groups.
  const created = await answered([{ GroupResultItem: [{ GroupItem: { GroupName: 'work', GroupId: 7 }, ResultItem: [
    { ContactItem: { Type: 1, To_Account: 'bob' }, ResultCode: 0, ResultInfo: '' },
    { ContactItem: { Type: 2, ToGroupId: 'g1' }, ResultCode: 51008, ResultInfo: 'limit' },
  ] }] }]).createConversationGroup({ fromAccount: 'alice', name: 'work', conversations: [BOB, G1] });
  add('ConversationGroupResult', created);
  for (const r of created.results) add('ConversationResult', r);
  add('ConversationGroupResult', await answered([{ UpdateType: 1, UpdateGroupResult: { UpdateGroupType: 2, GroupName: 'work', GroupId: 7, OldGroupName: 'work', ContactResultItem: [
    { ContactOptType: 1, ContactItem: { Type: 1, To_Account: 'bob' }, ResultCode: 0, ResultInfo: '' },
  ] } }]).updateConversationGroup({ fromAccount: 'alice', name: 'work', add: [BOB] }));
  add('ConversationGroupResult', await answered([{ UpdateType: 1, UpdateGroupResult: { UpdateGroupType: 1, GroupName: 'home', GroupId: 7, OldGroupName: 'work' } }])
    .updateConversationGroup({ fromAccount: 'alice', name: 'work', newName: 'home' }));
  add('ConversationGroup', await answered([{ GroupItem: [{ GroupName: 'work', GroupId: 7 }] }]).deleteConversationGroup({ fromAccount: 'alice', name: 'work' }));
  const groups = await answered([{ CompleteFlag: 1, NextStartIndex: 0, GroupItem: [{ GroupName: 'work', GroupId: 7 }], ContactItem: [ALL_FIELDS, { Type: 1, To_Account: 'bob', ContactGroupId: [7] }] }])
    .getConversationGroups({ fromAccount: 'alice' });
  add('ConversationGroups', groups);
  for (const g of groups.groups) add('ConversationGroup', g);
  for (const c of groups.conversations) add('ConversationInfo', c);
  const found = await answered([{ GroupItem: [{ GroupName: 'work', GroupId: 7 }], ContactResultItem: [ALL_FIELDS] }])
    .searchConversationGroups({ fromAccount: 'alice', conversations: [G1] });
  add('ConversationGroups', found);
  for (const c of found.conversations) add('ConversationInfo', c);

  // Marks.
  const marked = await answered([{ ResultItem: [{ OptType: 1, ContactItem: { Type: 1, To_Account: 'bob' }, ResultCode: 0, ResultInfo: '' }] }])
    .markConversations({ fromAccount: 'alice', marks: [{ conversation: BOB, set: [32] }] });
  add('{ results: ConversationResult[] }', marked);

  // Accounts.
  add('ImportResult', await answered([{ FailAccounts: ['u2'] }]).importAccounts(['u1', 'u2']));
  const checked = await answered([{ ResultItem: [{ UserID: 'u1', ResultCode: 0, ResultInfo: '', AccountStatus: 'Imported' }] }]).checkAccounts(['u1']);
  add('AccountCheck[]', checked);
  const deleted = await answered([{ ResultItem: [{ UserID: 'u1', ResultCode: 70107, ResultInfo: 'not exist' }] }]).deleteAccounts(['u1']);
  add('AccountDeletion[]', deleted);
  for (const c of checked) add('AccountCheck', c);
  for (const d of deleted) add('AccountDeletion', d);

  // Bulk runs: one that succeeds and fails, and one stopped by each of its three hooks or its input.
  const mixed = client(recordingFetch((call) => okAnswer(JSON.parse(call.init.body).From_Account === 'bad' ? { ActionStatus: 'FAIL', ErrorCode: 90001, ErrorInfo: 'bad' } : {})).fetch);
  const report = await mixed.pinConversationsBulk([{ fromAccount: 'a', conversations: [BOB] }, { fromAccount: 'bad', conversations: [G1], operation: 'unpin' }]);
  add('BulkReport', report);
  for (const f of report.failures) add('BulkFailure', f);
  const results = [];
  await answered([{}]).pinConversationsBulk([{ fromAccount: 'a', conversations: [BOB] }], { onResult: (r) => { results.push(r); } });
  for (const r of results) add('BulkResult', r);
  add('BulkResult', { ...report.failures[0], status: 'failed' });
  const stopped = new AbortController();
  stopped.abort();
  add('BulkReport', await answered([{}]).pinConversationsBulk([{ fromAccount: 'a', conversations: [BOB] }], { signal: stopped.signal }));
  const throwing = { *[Symbol.iterator]() { yield { fromAccount: 'a', conversations: [BOB] }; throw new Error('read'); } };
  add('BulkReport', await answered([{}]).pinConversationsBulk(throwing));
  add('BulkReport', await answered([{}]).pinConversationsBulk([{ fromAccount: 'a', conversations: [BOB] }], { onProgress: () => { throw new Error('p'); }, progressIntervalMs: 0 }));
  add('BulkReport', await answered([{}]).pinConversationsBulk([{ fromAccount: 'a', conversations: [BOB] }], { onResult: () => { throw new Error('r'); } }));
  // Group members (every documented field, and the least), and group pins: one that goes through, one whose next page fails.
  const everyField = { Member_Account: 'm1', Role: 'Admin', JoinTime: 1, MsgSeq: 2, MsgFlag: 'Discard', LastSendMsgTime: 3, MuteUntil: 4, NameCard: 'n', OnlineStatus: 'Online', AppMemberDefinedData: [{ Key: 'k', Value: 'v' }] };
  for await (const m of answered([{ MemberNum: 2, MemberList: [everyField, { Member_Account: 'm2', Role: 'Member' }] }]).listGroupMembers({ groupId: 'g1' })) add('GroupMember', m);
  add('GroupPinReport', await answered([{ MemberNum: 1, MemberList: [everyField] }, {}]).pinGroupForMembers({ groupId: 'g1' }));
  add('GroupPinReport', await answered([{ MemberNum: 4, MemberList: [everyField], Next: 'n' }, { MemberNum: 4, MemberList: [everyField], Next: 'n' }, {}]).unpinGroupForMembers({ groupId: 'g1' }));
  const onePage = [{ MemberNum: 1, MemberList: [everyField] }, {}];
  add('GroupPinReport', await answered(onePage).pinGroupForMembers({ groupId: 'g1' }, { onProgress: () => { throw new Error('p'); }, progressIntervalMs: 0 }));
  add('GroupPinReport', await answered(onePage).pinGroupForMembers({ groupId: 'g1' }, { onResult: () => { throw new Error('r'); } }));
  const progress = [];
  await answered([{}]).pinConversationsBulk([{ fromAccount: 'a', conversations: [BOB] }], { total: 1, onProgress: (p) => { progress.push(p); }, progressIntervalMs: 0 });
  for (const p of progress) add('BulkProgress', p);

  // UserSig claims, with and without a userbuf.
  const sig = pkg.genUserSig({ sdkAppId: SDKAPPID, secretKey: KEY, identifier: ADMIN, userbuf: new Uint8Array([1, 2]) });
  add('UserSigClaims', pkg.verifyUserSig({ userSig: sig, sdkAppId: SDKAPPID, secretKey: KEY, identifier: ADMIN }));
  add('UserSigClaims', pkg.decodeUserSig(pkg.genUserSig({ sdkAppId: SDKAPPID, secretKey: KEY, identifier: ADMIN })));
  // PrivateMapKeys: a numeric room and a string one.
  for (const roomId of [10000, 'room-1']) {
    const key = pkg.genPrivateMapKey({ sdkAppId: SDKAPPID, secretKey: KEY, identifier: ADMIN, roomId, privileges: ['enterRoom'] });
    add('UserSigClaims', pkg.verifyUserSig({ userSig: key, sdkAppId: SDKAPPID, secretKey: KEY }));
    add('PrivateMapKeyClaims', pkg.decodeUserSig(key).privateMapKey);
  }

  // The limits document.
  add('Limits', pkg.limits);
  return out;
}

/** Every key a (union) type can have: `keyof` of each member. */
const PRELUDE = `import type * as T from 'tencent-chat-admin';
import type { ChatError } from 'tencent-chat-admin';
declare const chatError: ChatError;
type KeysOf<X> = X extends readonly (infer E)[] ? KeysOf<E> : X extends object ? keyof X : never;
type Covers<Declared, Seen> = [Exclude<KeysOf<Declared>, Seen>] extends [never] ? true : Exclude<KeysOf<Declared>, Seen>;
type Same<A, B> = [Exclude<A, B> | Exclude<B, A>] extends [never] ? true : Exclude<A, B> | Exclude<B, A>;
`;

/** Which declared type each list of `limits.optionNames` names the keys of. */
const OPTION_TYPES = {
  client: 'T.ClientOptions', retry: 'T.RetryOptions', call: 'T.CallOptions', request: 'T.RequestOptions', bulk: 'T.BulkOptions',
  pinRequest: 'T.BulkRequest', conversation: 'T.Conversation', groupMembers: 'T.GroupMembersRequest',
  groupPinRequest: 'T.GroupPinRequest', groupPin: 'T.GroupPinOptions', genUserSig: 'T.GenUserSigOptions',
  genPrivateMapKey: 'T.GenPrivateMapKeyOptions', verifyUserSig: 'T.VerifyUserSigOptions',
};

/** Each list of option names the package checks against is exactly the keys of the declared options type. */
function optionChecks(names) {
  return Object.entries(OPTION_TYPES).map(([list, type], i) => {
    const given = names[list].map((n) => JSON.stringify(n)).join(' | ');
    return `const o${i}: Same<KeysOf<${type}>, ${given}> = true; // ${list}`;
  });
}

/** The TypeScript file: each sample satisfies its type; per type, the union of the samples' keys covers it. */
function source(list, names = pkg.limits.optionNames) {
  const byType = new Map();
  const lines = list.map(({ type, value }, i) => {
    const declared = type.startsWith('{') ? type.replace(/\b([A-Z]\w+)/g, 'T.$1') : `T.${type}`;
    if (!byType.has(type)) byType.set(type, { declared, names: [] });
    byType.get(type).names.push(`s${i}`);
    return `const s${i} = ${literal(value)} satisfies ${declared};`;
  });
  const checks = [...byType.values()].map(({ declared, names }, i) =>
    `const c${i}: Covers<${declared}, ${names.map((n) => `KeysOf<typeof ${n}>`).join(' | ')}> = true;`);
  return PRELUDE + lines.join('\n') + '\n' + checks.join('\n') + '\n' + optionChecks(names).join('\n') + '\n';
}

function typecheck(text) {
  const dir = mkdtempSync(join(tmpdir(), 'tca-results-'));
  try {
    writeFileSync(join(dir, 'results.ts'), text);
    const tsconfig = {
      extends: join(root, 'tests/js/types/tsconfig.json'),
      compilerOptions: { paths: { 'tencent-chat-admin': [join(root, 'pkg/index.d.ts')] } },
      files: ['results.ts'],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    try {
      execFileSync(tsc, ['-p', join(dir, 'tsconfig.json'), '--noEmit'], { encoding: 'utf8', timeout: 120_000 });
      return '';
    } catch (err) {
      return `${err.stdout}${err.stderr}`;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('every result satisfies its declared type, and the samples use every declared key', async () => {
  const text = source(await samples());
  assert.equal(typecheck(text), '', text);
});

test('the check fails on drift: a key the declaration lacks, a declared key never produced', async () => {
  const list = await samples();
  // A result with a field the declarations do not have.
  const extra = list.map((s) => (s.type === 'ConversationGroup' ? { ...s, value: { ...s.value, renamed: 'x' } } : s));
  assert.match(typecheck(source(extra)), /renamed/);
  // A declared key no result has: what the check says when the package stops producing a field.
  const missing = list.filter((s) => s.type !== 'ConversationCursor').map((s) => {
    if (s.type !== 'ConversationPage' || !s.value.cursor) return s;
    const { timeStamp, ...rest } = s.value.cursor;
    return { ...s, value: { ...s.value, cursor: rest } };
  });
  assert.match(typecheck(source(missing)), /timeStamp/);
  // An option the package reads that the declaration lacks, and one declared that it would refuse.
  const names = structuredClone(pkg.limits.optionNames);
  names.bulk.push('stopOnError');
  names.client = names.client.filter((n) => n !== 'timeoutMs');
  const out = typecheck(source(list, names));
  assert.match(out, /stopOnError/);
  assert.match(out, /timeoutMs/);
});
