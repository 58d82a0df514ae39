//! The TypeScript types of the JS API. Each mirrors a loose input type of the core, read from the JSON text of
//! `read.js` by the core's reader: `ClientOptions` into `options::RawOptions` (`client::read_client`), `PinRequest` into
//! `pin::RawPinRequest`. Change them together (tests/js/result-types.test.mjs checks results and option names). The
//! UserSig functions' types are in `usersig.rs`, which both builds have.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A Chat data centre; each has its own domain (see the README). */
export type Region =
  | 'china' | 'singapore' | 'seoul' | 'tokyo' | 'frankfurt'
  | 'silicon-valley' | 'jakarta' | 'mumbai' | 'riyadh';

/** Retries of retryable failures: exponential backoff with full jitter. `false` turns them off. */
export interface RetryOptions {
  /** Retries after the first attempt, 0 to 10 (default 3). */
  retries?: number;
  /** Cap of the first backoff in ms (default 200). */
  minDelayMs?: number;
  /** Largest backoff in ms (default 5000). */
  maxDelayMs?: number;
}

interface BaseClientOptions {
  /** The app's SDKAppID. */
  sdkAppId: number;
  /** An app administrator account. */
  identifier: string;
  /** Milliseconds each request (and each wait for userSigProvider) may take before it is aborted with kind 'timeout'; a retried call gets this again per attempt (default 10000). */
  timeoutMs?: number;
  /** The fetch to use (default: globalThis.fetch). */
  fetch?: typeof globalThis.fetch;
  /** Retry policy (default, or `true`: 3 retries, 200 ms to 5 s; `false`: none; a number: that many retries, 0 to 10). */
  retry?: RetryOptions | boolean | number;
}

/** Exactly one credential. */
export type Credentials =
  | { /** The console's secret key: servers and operators' machines only. */ secretKey: string; userSig?: never; userSigProvider?: never }
  | { /** A UserSig made elsewhere for `identifier`. */ userSig: string; secretKey?: never; userSigProvider?: never }
  | { /** Asked for a UserSig when one is needed (and again after 70001). */ userSigProvider: () => string | Promise<string>; secretKey?: never; userSig?: never };

/** Exactly one destination. */
export type Destination =
  | { region: Region; /** Use the documented backup domain. */ useBackupDomain?: boolean; endpoint?: never; allowInsecureHttp?: never }
  | { /** Base URL: an emulator, or a same-origin proxy path such as '/chat-api'. */ endpoint: string; /** Allow plain http:// to a non-loopback host. */ allowInsecureHttp?: boolean; region?: never; useBackupDomain?: never };

export type ClientOptions = BaseClientOptions & Credentials & Destination;

/** A conversation in a user's list. */
export type Conversation =
  | { type: 'c2c'; /** The peer's UserID. */ toAccount: string }
  | { type: 'group'; groupId: string };

export interface PinRequest {
  /** The user whose conversation list changes. */
  fromAccount: string;
  /** 1 to 50 distinct conversations. */
  conversations: Conversation[];
}

/** What `onRetry` is told before a retry's wait. */
export interface RetryInfo {
  /** The number of the attempt that failed (1 for the first); the retry is attempt + 1. */
  attempt: number;
  /** Why that attempt failed. */
  error: import('./chat-error.js').ChatError;
  /** Milliseconds the call waits before the retry (0 for the re-sign after an expired UserSig, 70001). */
  delayMs: number;
}

/** Per-call options (client options such as `timeoutMs` and `retry` go to `new ChatAdmin`). */
export interface CallOptions {
  /** Aborts the call and any retry it is waiting for (kind 'aborted'). */
  signal?: AbortSignal;
  /**
   * Called before each retry's wait, and before the re-sign after 70001, to log retries. Its return value is not awaited. If it throws, the call
   * stops there and rejects with the failed attempt's error, the thrown value as its `cause`.
   */
  onRetry?: (info: RetryInfo) => void;
}

/** `request()`'s per-call options: those of every call, and whether the request is safe to send twice. */
export interface RequestOptions extends CallOptions {
  /**
   * Whether the request may be sent again after an attempt that may have been applied (a timeout, a dropped
   * connection, a 5xx without the service's answer, an internal error). Default: only for the endpoints the
   * package knows to be safe to repeat (read-only ones such as `recentcontact/get_list`, and `recentcontact/top`);
   * any other, `openim/sendmsg` say, is then not sent again and rejects saying it may have been applied. `false`
   * refuses repeats for a listed endpoint too. Answers that prove nothing was done (throttled, 70001) are retried
   * either way.
   */
  idempotent?: boolean;
}

/** A successful answer. */
export interface ApiResult {
  actionStatus: 'OK';
  errorCode: 0;
  errorInfo: string;
  errorDisplay: string;
  requestId?: string;
  /** Requests it took (more than 1 after retries or a re-sign). */
  attempts: number;
}

/** The extended fields of a conversation, when the service sends them. */
interface ConversationMarks {
  /** `StandardMark`: the 64 mark bits as the service writes them (a bit string). */
  standardMark?: string;
  customMark?: string;
  /** The conversation groups it is in (`ContactGroupId`). */
  groupIds?: number[];
}

/** A conversation as the conversation group and mark answers give it (`ContactItem`). */
export type ConversationInfo = Conversation & ConversationMarks & {
  /** `Timestamp`. */
  timestamp?: number;
};

/** A conversation of a user's list (`get_list`'s `SessionItem`, which has no `Timestamp`). */
export type ListedConversation = Conversation & ConversationMarks & {
  /** Unix seconds of the last message. */
  msgTime: number;
  pinned: boolean;
};

/** Where a page of `get_list` starts: pass back the one a page gave, as is. */
export interface ConversationCursor {
  timeStamp: number;
  startIndex: number;
  topTimeStamp: number;
  topStartIndex: number;
}

export interface ConversationListRequest {
  fromAccount: string;
  /** Include conversations without messages (`AssistFlags` bit 1; default true). */
  includeEmpty?: boolean;
}

export interface ConversationPageRequest extends ConversationListRequest {
  /** Leave it out for the first page; then the `cursor` the previous page gave. */
  cursor?: ConversationCursor;
}

export interface ConversationPage {
  conversations: ListedConversation[];
  /** No more pages (`CompleteFlag` 1). */
  complete: boolean;
  /** For the next page; `null` once `complete`. */
  cursor: ConversationCursor | null;
}

export interface DeleteConversationRequest {
  fromAccount: string;
  conversation: Conversation;
  /** Also delete the roaming messages (`ClearRamble`). */
  clearMessages?: boolean;
}

/** A per-item result: a per-item failure is data, not a rejection. */
export interface ConversationResult {
  conversation: Conversation;
  /** `ResultCode` (0 = done). */
  code: number;
  info: string;
}

export interface ConversationGroup {
  name: string;
  groupId: number;
}

export interface ConversationGroupResult extends ConversationGroup {
  results: ConversationResult[];
}

export interface CreateConversationGroupRequest {
  fromAccount: string;
  /** At most 32 bytes (UTF-8). */
  name: string;
  /** 1 to 1000 distinct conversations. */
  conversations: Conversation[];
}

/** A rename (`newName`) or a change of members (`add`, `remove`): one kind per call. */
export type UpdateConversationGroupRequest =
  | { fromAccount: string; name: string; /** At most 32 bytes. */ newName: string; add?: never; remove?: never }
  | { fromAccount: string; name: string; newName?: never; add?: Conversation[]; remove?: Conversation[] };

export interface ConversationGroupRequest {
  fromAccount: string;
  name: string;
}

export interface ConversationGroups {
  groups: ConversationGroup[];
  conversations: ConversationInfo[];
}

export interface SearchConversationGroupsRequest {
  fromAccount: string;
  /** 1 to 300 distinct conversations. */
  conversations: Conversation[];
}

/** A bit index of `StandardMark`, 0 to 63 (0 to 31 are the service's marks, 32 to 63 the app's). */
export type MarkBit = number;

/** One conversation's marks: `set` and `clear` (`OptType` 1), `customMark` (2), or both (3). */
export interface ConversationMark {
  conversation: Conversation;
  set?: MarkBit[];
  clear?: MarkBit[];
  /** At most 256 bytes; an empty string clears it. */
  customMark?: string;
}

export interface MarkConversationsRequest {
  fromAccount: string;
  /** 1 to 100 items, one per conversation. */
  marks: ConversationMark[];
}

/** An account to import: a UserID, or one with a nickname and face URL (each at most 500 bytes). */
export type AccountToImport = string | { userId: string; nick?: string; faceUrl?: string };

export interface ImportResult {
  imported: string[];
  /** `FailAccounts`: the UserIDs the service could not import. */
  failed: string[];
}

export interface AccountCheck {
  userId: string;
  /** `AccountStatus` is `Imported`. */
  imported: boolean;
  code: number;
  info: string;
}

export interface AccountDeletion {
  userId: string;
  /** 70107: the account does not exist. */
  code: number;
  info: string;
}

/** A JSON value, as `request()` sends and answers. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * `B` if it is JSON data, property by property (an interface works: no index signature needed); a function, a
 * bigint or a symbol inside becomes `never`, so that a body holding one does not compile.
 */
export type JsonData<B> = B extends JsonValue | undefined ? B
  : B extends ((...args: never) => unknown) | bigint | symbol ? never
  : B extends readonly unknown[] ? { [I in keyof B]: JsonData<B[I]> }
  : { [K in keyof B]: JsonData<B[K]> };

/** What `request()` takes as a body: a JSON object (not an array). */
export type JsonBody<B> = B extends readonly unknown[] ? never : JsonData<B>;

/** The parsed answer of `request()`: the envelope and the endpoint's own fields. */
export interface ServiceAnswer {
  ActionStatus: 'OK';
  ErrorCode: 0;
  ErrorInfo?: string;
  [field: string]: JsonValue | undefined;
}

export interface VerifyCallbackSignOptions {
  /** The token set in the console. */
  token: string;
  /**
   * The callback URL's `RequestTime` (Unix seconds, as the query string gives it or as a number). Missing, `null`
   * or not a string of digits: the check is false (the sender controls it). A number past 99,999,999,999 throws
   * (milliseconds).
   */
  requestTime: string | number | null | undefined;
  /** The callback URL's `Sign`. Missing, `null` or not a string: the check is false (the sender controls it). */
  sign: string | null | undefined;
  /** Unix seconds to check the skew at (default: now); milliseconds (past 99,999,999,999) throw. */
  now?: number;
  /** When given, `requestTime` must be within this many seconds of `now`. */
  maxSkewSeconds?: number;
}

export type ChatErrorKind =
  | 'invalid-request' | 'service' | 'http' | 'network' | 'timeout'
  | 'cors' | 'decode' | 'usersig' | 'aborted';

/** One item of a bulk run: a pin request, optionally saying whether to pin (default) or unpin. */
export type BulkRequest = PinRequest & { operation?: 'pin' | 'unpin' };

export interface BulkProgress {
  /** Items finished, either way. */
  done: number;
  succeeded: number;
  failed: number;
  /**
   * The array's length; for an iterable, the `total` option (or the items read so far, when more), without it
   * the items read so far.
   */
  total: number;
}

export interface BulkOptions extends Pick<CallOptions, 'signal'> {
  /** Calls per second at most, retries included (default 200, the documented limit). */
  ratePerSecond?: number;
  /** Calls in flight at once, 1 to 1024 (default 32). */
  concurrency?: number;
  /** For items without `operation` (default 'pin'). */
  operation?: 'pin' | 'unpin';
  /**
   * Called at most every `progressIntervalMs` (default 200) and once at the end. An async one is waited for by
   * the worker that called it. If it throws or rejects, the run stops and reports it as `progressError`.
   */
  onProgress?: (progress: BulkProgress) => void | PromiseLike<unknown>;
  /**
   * Called once for each item read from the input, as soon as it ends and before its worker takes another item
   * (so before that worker's next request is sent), with how it ended: the report's categories, one item at a
   * time. Items of an array never read because the run stopped get no call (the report lists them in
   * `notAttempted`). Called synchronously and not awaited, so it must be synchronous: an async function is
   * refused up front, and a returned promise stops the run. If it throws (or returns a promise), the run stops,
   * reports it as `resultError`, and it is not called again.
   */
  onResult?: (result: BulkResult) => void;
  /**
   * Whether the report's `failures` lists each failed item (default true). `false` (only with `onResult`, which
   * is then the one told of each): `failures` stays empty and `failed` counts them, so a run where every item
   * fails stays flat in memory.
   */
  keepFailures?: boolean;
  progressIntervalMs?: number;
  /** How many items an iterable will give, so that progress can say `done` of `total` (0 to 2^32 - 1). An array's is its length. */
  total?: number;
}

export interface BulkItem {
  /** Position in the input. */
  index: number;
  request: BulkRequest;
}

export interface BulkFailure extends BulkItem {
  error: import('./chat-error.js').ChatError;
}

/** How one item ended, as `onResult` is told: `error` (the ChatError, as in `failures`) only when it failed. */
export type BulkResult = BulkItem & (
  | { status: 'failed'; error: import('./chat-error.js').ChatError }
  /** `inFlight`: sent, and stopped before an answer (it may have been applied); `notAttempted`: never applied. */
  | { status: 'succeeded' | 'inFlight' | 'notAttempted'; error?: undefined }
);

export interface BulkReport {
  /** Items read from the input. */
  total: number;
  succeeded: number;
  failed: number;
  /** Requests sent, retries included. */
  attempts: number;
  /** Every item that ended with an error (after its retries), with the error; none with `keepFailures: false`. */
  failures: BulkFailure[];
  /** The signal, or an error from the input, `onProgress` or `onResult`, stopped the run. */
  stopped: boolean;
  /**
   * Items never sent because the run was stopped, in no particular order: for an array input, every
   * such item; for an iterable, those already read (the rest are still in the iterator, from
   * `nextIndex` on). Also those whose every answer refused them unapplied (throttled, 60007, and stopped
   * while waiting to retry). Pin and unpin are idempotent: sending these again is safe.
   */
  notAttempted: BulkItem[];
  /**
   * Items sent at least once and stopped (by the signal) before an answer said what became of them: they may
   * have been applied. Sending them again is safe too (pin and unpin are idempotent).
   */
  inFlight: BulkItem[];
  /** Index of the first item not read from the input. */
  nextIndex: number;
  elapsedMs: number;
  /** The input threw while being read (the error, kind 'invalid-request', has it as `cause`); the run stopped there. */
  sourceError?: import('./chat-error.js').ChatError;
  /** `onProgress` threw or rejected (the error, kind 'invalid-request', has it as `cause`); the run stopped there. */
  progressError?: import('./chat-error.js').ChatError;
  /** `onResult` threw, or returned a promise (the error, kind 'invalid-request', has it as `cause`); the run stopped there. */
  resultError?: import('./chat-error.js').ChatError;
}

/** A group member's role (`Role`: `Owner`, `Admin`, `Member`). */
export type GroupMemberRole = 'owner' | 'admin' | 'member';

/** A group member (`get_group_member_info`'s `MemberList` item). */
export interface GroupMember {
  /** `Member_Account`. */
  userId: string;
  role: GroupMemberRole;
  /** Unix seconds. */
  joinTime: number;
  msgSeq: number;
  /** `AcceptAndNotify`, `AcceptNotNotify` or `Discard`, as the service says it. */
  msgFlag: string;
  /** Unix seconds of the member's last message (0: none). */
  lastSendMsgTime: number;
  /** Unix seconds until which the member is muted; 0 when not muted. */
  muteUntil: number;
  nameCard: string;
  /** When the app has member online status turned on (paid editions). */
  onlineStatus?: string;
  appMemberDefinedData?: { key: string; value: string }[];
}

/** Which group, and how it pages. */
export interface GroupPinRequest {
  groupId: string;
  /**
   * A Community group, which pages with `Next` instead of `Offset` (default: when the ID starts with `@TGS#_`,
   * as every Community group's does; an answer that carries `Next` switches to it either way).
   */
  community?: boolean;
  /** Members a page (`Limit`), 1 to 200 (default 100, the recommended). */
  pageSize?: number;
}

export interface GroupMembersRequest extends GroupPinRequest {
  /** Only these roles (`MemberRoleFilter`; default all). */
  roles?: GroupMemberRole[];
}

/** A group pin's options: those of a bulk run (but `operation`, which the method says, and `total`), and its filters. */
export interface GroupPinOptions extends Omit<BulkOptions, 'operation' | 'total'> {
  /** Members of these roles are left out, e.g. `['owner', 'admin']` (counted in `skipped`). */
  excludeRoles?: GroupMemberRole[];
  /** Unix seconds: only members who joined later (`JoinTime` > this) are pinned for; the rest are `skipped`. */
  joinedAfter?: number;
  /**
   * Your own test of each member the other filters keep (synchronous): `false` leaves it out (`skipped`), e.g. the
   * members a journal records as done. If it throws, the run stops there (`listError`, the thrown value as its cause).
   */
  filter?: (member: GroupMember) => boolean;
}

/**
 * A group pin's report: the bulk run's, each member an item (`request` is the member's pin request, so
 * `failures.map(f => f.request)` can go to `pinConversationsBulk` again), and the group's figures.
 */
export interface GroupPinReport extends Omit<BulkReport, 'sourceError'> {
  groupId: string;
  /** `MemberNum` of the first page. */
  memberNum: number;
  /** Members left out by `excludeRoles` and `joinedAfter`. */
  skipped: number;
  /** Members a page listed again (the offsets moved as members left): each member is done once. */
  repeated: number;
  /** A page after the first could not be read (or its paging did not move on), or `filter` threw: the run stopped there. */
  listError?: import('./chat-error.js').ChatError;
}

/** An integer option's range and default. */
export interface Bound {
  min: number;
  max: number;
  default: number;
}

/** The package's limits and option names (`limits`): the values its own checks use. */
export interface Limits {
  /** A UserID's most UTF-8 bytes. */
  userIdBytes: number;
  /** A group ID's most UTF-8 bytes. */
  groupIdBytes: number;
  /** Conversations one pin or unpin request may name. */
  conversationsPerPin: number;
  timeoutMs: Bound;
  retry: { retries: Bound; minDelayMs: Bound; maxDelayMs: Bound };
  bulk: {
    /** A number above `above` (fractions allowed), at most `max`. */
    ratePerSecond: { above: number; max: number; default: number };
    concurrency: Bound;
    progressIntervalMs: Bound;
  };
  userSig: { expire: Bound };
  /** genPrivateMapKey: the privilege names (bit i of the map is the i-th), a numeric room's range, a string room's most bytes. */
  privateMapKey: { privileges: readonly TrtcPrivilege[]; roomId: { min: number; max: number }; roomIdBytes: number };
  accounts: { perCall: number; perRequest: number; requestsPerSecond: number };
  groupMembers: { pageSize: Bound };
  /** The names each options object (and request) may have; any other name is refused. */
  optionNames: {
    client: readonly string[];
    retry: readonly string[];
    call: readonly string[];
    request: readonly string[];
    bulk: readonly string[];
    pinRequest: readonly string[];
    conversation: readonly string[];
    groupMembers: readonly string[];
    groupPinRequest: readonly string[];
    groupPin: readonly string[];
    genUserSig: readonly string[];
    genPrivateMapKey: readonly string[];
    verifyUserSig: readonly string[];
  };
}

/**
 * The admin client. Keep one for the life of a process: it makes (or asks for) a UserSig once and
 * reuses it until shortly before it expires. Every error is a ChatError.
 */
export class ChatAdmin {
  /** Throws a ChatError of kind 'invalid-request' (naming `field`) on bad options. */
  constructor(options: ClientOptions);
  /** Pins conversations to the top of `fromAccount`'s conversation list. */
  pinConversations(request: PinRequest, options?: CallOptions): Promise<ApiResult>;
  /** Unpins conversations in `fromAccount`'s conversation list. */
  unpinConversations(request: PinRequest, options?: CallOptions): Promise<ApiResult>;
  /**
   * Many pin (or unpin) calls, paced to `ratePerSecond` with `concurrency` in flight, each retried as a
   * single call is; a throttling answer halves the pace for all, and calls that go through win it back.
   * Resolves with a report (failures included); rejects only for bad arguments.
   */
  pinConversationsBulk(requests: Iterable<BulkRequest> | AsyncIterable<BulkRequest>, options?: BulkOptions): Promise<BulkReport>;
  /**
   * Checks a pin request as `pinConversations` and `unpinConversations` (and a bulk run, for an item with its own
   * `operation`) do, sending nothing: returns when it would be sent, throws the ChatError (kind
   * 'invalid-request', `field` naming the bad part) the call would reject with otherwise.
   */
  checkPinRequest(request: BulkRequest): void;
  /** One page of `fromAccount`'s conversation list (`recentcontact/get_list`, `AssistFlags` 63). */
  getConversationPage(request: ConversationPageRequest, options?: CallOptions): Promise<ConversationPage>;
  /**
   * Every conversation of `fromAccount`'s list, page after page: a page is fetched only when the previous one
   * is used up, and leaving a `for await` loop stops fetching. With `cursor`, it starts there.
   */
  listConversations(request: ConversationPageRequest, options?: CallOptions): AsyncIterable<ListedConversation>;
  /**
   * Every member of a group (`group_open_http_svc/get_group_member_info`), page after page (`Offset`, or `Next` for
   * a Community group), each member once: a page is fetched only when the previous one is used up, and leaving a
   * `for await` loop stops fetching. Paging that does not move on (a `Next` answered before, a page of members all
   * listed before, an empty page while `MemberNum` says more) throws a ChatError of kind 'decode'.
   */
  listGroupMembers(request: GroupMembersRequest, options?: CallOptions): AsyncIterable<GroupMember>;
  /**
   * Pins the group's conversation for each of its members (a `recentcontact/top` request each: the service has no
   * call for many users), paging the members into one bulk run: paced, `concurrency` at once, each member once.
   * Rejects when the group cannot be listed (nothing pinned) or for bad arguments; otherwise resolves with the report.
   * A member who already has 50 pinned conversations fails alone (code 50006, unconfirmed: see the README).
   */
  pinGroupForMembers(request: GroupPinRequest, options?: GroupPinOptions): Promise<GroupPinReport>;
  /** Unpins the group's conversation for each of its members, as `pinGroupForMembers` pins it. */
  unpinGroupForMembers(request: GroupPinRequest, options?: GroupPinOptions): Promise<GroupPinReport>;
  /** Deletes one conversation from `fromAccount`'s list (`recentcontact/delete`). */
  deleteConversation(request: DeleteConversationRequest, options?: CallOptions): Promise<ApiResult>;
  createConversationGroup(request: CreateConversationGroupRequest, options?: CallOptions): Promise<ConversationGroupResult>;
  updateConversationGroup(request: UpdateConversationGroupRequest, options?: CallOptions): Promise<ConversationGroupResult>;
  deleteConversationGroup(request: ConversationGroupRequest, options?: CallOptions): Promise<ConversationGroup>;
  /** Every conversation group of `fromAccount` and the conversations in them (every page). */
  getConversationGroups(request: { fromAccount: string }, options?: CallOptions): Promise<ConversationGroups>;
  searchConversationGroups(request: SearchConversationGroupsRequest, options?: CallOptions): Promise<ConversationGroups>;
  markConversations(request: MarkConversationsRequest, options?: CallOptions): Promise<{ results: ConversationResult[] }>;
  /** Imports accounts (up to 10,000 a call), 100 a request, paced at 100 requests/s. */
  importAccounts(accounts: AccountToImport[], options?: CallOptions): Promise<ImportResult>;
  /** Whether each account is imported (up to 10,000 a call, 100 a request). */
  checkAccounts(userIds: string[], options?: CallOptions): Promise<AccountCheck[]>;
  /** Deletes accounts (destructive; up to 10,000 a call, 100 a request). */
  deleteAccounts(userIds: string[], options?: CallOptions): Promise<AccountDeletion[]>;
  /** Invalidates a user's login state. */
  kick(userId: string, options?: CallOptions): Promise<ApiResult>;
  /**
   * Any endpoint: `command` is `'service/command'` (with or without `'v4/'` or `'/v4/'`), `body` a JSON object
   * (default `{}`), typed as you like (an interface does). Resolves with the parsed answer; a FAIL answer rejects
   * with a ChatError of kind 'service'. `T` is the answer's shape as you expect it, e.g.
   * `request<ServiceAnswer & { ResultItem: Item[] }>(...)`: a claim of yours, not checked. After an attempt that
   * may have been applied, it is sent again only for an endpoint known to be safe to repeat, or with
   * `{ idempotent: true }` (see `RequestOptions`).
   */
  request<T extends object = ServiceAnswer, B extends object = object>(command: string, body?: B & JsonBody<B>, options?: RequestOptions): Promise<T>;
  /** Releases the client's wasm memory; the client cannot be used afterwards. */
  free(): void;
  [Symbol.dispose](): void;
}

/** One pin or unpin call without keeping a client (a new UserSig is made for it). */
export function pinConversations(options: ClientOptions, request: BulkRequest, callOptions?: CallOptions): Promise<ApiResult>;

/** `admin.checkPinRequest` without a client (no credentials needed). */
export function checkPinRequest(request: BulkRequest): void;

/**
 * Whether a callback's `Sign` is the lower-case hex SHA-256 of `token + requestTime` (compared in constant
 * time) and, with `maxSkewSeconds`, `requestTime` is within that many seconds of `now`. Throws a ChatError of
 * kind 'invalid-request' for bad options.
 */
export function verifyCallbackSign(options: VerifyCallbackSignOptions): boolean;
"#;
