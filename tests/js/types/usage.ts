// Type-checked (never run) by tests/js/types.test.mjs: every exported signature used as documented, and
// `@ts-expect-error` lines proving that wrong shapes do not compile.
import {
  ChatAdmin, ChatError, c2c, checkPinRequest, genPrivateMapKey, genUserSig, group, isChatError, pinConversations, verifyUserSig,
  type ApiResult, type BulkFailure, type BulkItem, type BulkOptions, type BulkProgress, type BulkReport, type BulkRequest,
  type BulkResult,
  type CallOptions, type ChatErrorKind, type ClientOptions, type Conversation, type Credentials,
  type Destination, type GenUserSigOptions, type PinRequest, type Region, type RequestOptions, type RetryOptions, type UserSigClaims,
  type VerifyUserSigOptions, type GenPrivateMapKeyOptions, type PrivateMapKeyClaims, type TrtcPrivilege, limits,
} from 'tencent-chat-admin';

const sdkAppId = 1400000000;
const secretKey = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';
const identifier = 'administrator';

// UserSig
const genOptions: GenUserSigOptions = { sdkAppId, secretKey, identifier, expire: 86400, userbuf: new Uint8Array([1, 2]), now: 1700000000 };
const userSig: string = genUserSig(genOptions);
genUserSig({ sdkAppId, secretKey, identifier });
const verifyOptions: VerifyUserSigOptions = { userSig, sdkAppId, secretKey, identifier, now: 1700000000 };
const claims: UserSigClaims = verifyUserSig(verifyOptions);
const claimed: [string, number, number, number, Uint8Array | undefined] = [claims.identifier, claims.sdkAppId, claims.time, claims.expire, claims.userbuf];

// PrivateMapKey
const privileges: readonly TrtcPrivilege[] = ['enterRoom', 'receiveAudio'] as const;
const keyOptions: GenPrivateMapKeyOptions = { sdkAppId, secretKey, identifier, roomId: 10000, privileges, expire: 300, now: 1700000000 };
const privateMapKey: string = genPrivateMapKey(keyOptions);
genPrivateMapKey({ sdkAppId, secretKey, identifier, roomId: 'room-1', privileges: 255 });
const key: PrivateMapKeyClaims | undefined = verifyUserSig({ userSig: privateMapKey, sdkAppId, secretKey }).privateMapKey;
const granted: [number | string, number, TrtcPrivilege[], number, number, string] | undefined =
  key && [key.roomId, key.privileges, key.privilegeNames, key.expiresAt, key.sdkAppId, key.identifier];
const allPrivileges: readonly TrtcPrivilege[] = limits.privateMapKey.privileges;

// Options
const regions: Region[] = ['china', 'singapore', 'seoul', 'tokyo', 'frankfurt', 'silicon-valley', 'jakarta', 'mumbai', 'riyadh'];
const retry: RetryOptions = { retries: 2, minDelayMs: 100, maxDelayMs: 1000 };
const credentials: Credentials[] = [{ secretKey }, { userSig }, { userSigProvider: () => userSig }, { userSigProvider: async () => userSig }];
const destinations: Destination[] = [
  { region: 'frankfurt' }, { region: 'china', useBackupDomain: true }, { endpoint: '/chat-api' },
  { endpoint: 'http://10.0.0.1:8080', allowInsecureHttp: true },
];
const options: ClientOptions = { sdkAppId, identifier, secretKey, region: 'singapore', timeoutMs: 5000, retry, fetch: globalThis.fetch };
const admin = new ChatAdmin(options);
new ChatAdmin({ sdkAppId, identifier, userSig, endpoint: 'http://127.0.0.1:8080', retry: false });
new ChatAdmin({ sdkAppId, identifier, userSigProvider: async () => userSig, region: 'tokyo', useBackupDomain: false });

// Requests
const conversations: Conversation[] = [{ type: 'c2c', toAccount: 'bob' }, { type: 'group', groupId: 'g1' }];
const request: PinRequest = { fromAccount: 'alice', conversations };
const callOptions: CallOptions = { signal: AbortSignal.timeout(1000) };
const nameOf = (c: Conversation): string => (c.type === 'c2c' ? c.toAccount : c.groupId);

// Conversations built with .map(), kept in a variable, without `as const`: the helpers type them.
const users = ['alice', 'bob'];
const peers = users.map(c2c);
const groups = ['g1', 'g2'].map((id) => group(id));
const mapped: PinRequest = { fromAccount: 'carol', conversations: [...peers, ...groups] };
const perUser = users.map((u) => ({ fromAccount: u, conversations: [group('announcements'), c2c('carol')] }));
const bulkMapped: Promise<BulkReport> = admin.pinConversationsBulk(perUser);
const helped: ['c2c', string, 'group', string] = [c2c('bob').type, c2c('bob').toAccount, group('g1').type, group('g1').groupId];
// @ts-expect-error c2c takes a UserID string
c2c(42);
// @ts-expect-error a c2c conversation has no groupId
const wrongField: string = c2c('bob').groupId;

function describeKind(kind: ChatErrorKind): string {
  switch (kind) {
    case 'invalid-request': case 'service': case 'http': case 'network': case 'timeout':
    case 'cors': case 'decode': case 'usersig': case 'aborted':
      return kind;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

async function calls(): Promise<void> {
  const pinned: ApiResult = await admin.pinConversations(request, callOptions);
  const ok: ['OK', 0, string, string, string | undefined] = [pinned.actionStatus, pinned.errorCode, pinned.errorInfo, pinned.errorDisplay, pinned.requestId];
  await admin.unpinConversations(request, {});
  await pinConversations(options, { ...request, operation: 'unpin' }, {});
  await pinConversations(options, request, { signal: new AbortController().signal });
  try {
    await admin.pinConversations(request, {});
  } catch (err: unknown) {
    if (isChatError(err)) {
      const fields: [string, ChatErrorKind, number, number, boolean, number] = [err.name, err.kind, err.code, err.status, err.retryable, err.attempts];
      const optional: [string | undefined, string | undefined, string | undefined, string | undefined, unknown] = [err.info, err.display, err.requestId, err.field, err.cause];
      describeKind(err.kind);
      // @ts-expect-error ChatError properties are read-only
      err.code = 1;
      // @ts-expect-error 'oops' is not a ChatErrorKind
      if (err.kind === 'oops') return;
      void [fields, optional];
    }
    if (err instanceof ChatError) {
      const asError: Error = err;
      void asError;
    }
  }
  admin.free();
  void ok;
}

async function bulk(): Promise<void> {
  const requests: BulkRequest[] = [request, { ...request, operation: 'unpin' }];
  async function* stream(): AsyncIterable<BulkRequest> {
    yield* requests;
  }
  const onProgress = (p: BulkProgress): void => void [p.done, p.succeeded, p.failed, p.total];
  const bulkOptions: BulkOptions = { ratePerSecond: 50, concurrency: 4, operation: 'pin', onProgress, progressIntervalMs: 100, signal: callOptions.signal };
  await admin.pinConversationsBulk(stream(), { total: requests.length, onProgress: async (p: BulkProgress): Promise<void> => void p.total });
  const report: BulkReport = await admin.pinConversationsBulk(requests, bulkOptions);
  await admin.pinConversationsBulk(stream(), {});
  await admin.pinConversationsBulk(new Set(requests), { operation: 'unpin' });
  const counts: number[] = [report.total, report.succeeded, report.failed, report.attempts, report.nextIndex, report.elapsedMs];
  const stopped: boolean = report.stopped;
  const failures: BulkFailure[] = report.failures;
  const left: BulkItem[] = [...report.notAttempted, ...report.inFlight];
  const stoppedBy: (ChatError | undefined)[] = [report.sourceError, report.progressError, report.resultError];
  const ended: Record<BulkResult['status'], number> = { succeeded: 0, failed: 0, inFlight: 0, notAttempted: 0 };
  const onResult = (r: BulkResult): void => {
    ended[r.status] += 1;
    // A failed item carries its ChatError; the others none.
    const code: number | undefined = r.status === 'failed' ? r.error.code : r.error;
    void [r.index, r.request.fromAccount, code];
  };
  await admin.pinConversationsBulk(stream(), { onResult, onProgress });
  // @ts-expect-error only a failed item has an error
  await admin.pinConversationsBulk(requests, { onResult: (r: BulkResult) => r.error.code });
  // @ts-expect-error onResult is a function
  await admin.pinConversationsBulk(requests, { onResult: 'log' });
  const first: [number, BulkRequest, ChatError] | undefined = failures[0] && [failures[0].index, failures[0].request, failures[0].error];
  // @ts-expect-error total is a number
  await admin.pinConversationsBulk(stream(), { total: '2' });
  // @ts-expect-error concurrency is a number
  await admin.pinConversationsBulk(requests, { concurrency: 'many' });
  // @ts-expect-error items are pin requests
  await admin.pinConversationsBulk([{ fromAccount: 'alice' }], {});
  // Failures told to onResult only.
  await admin.pinConversationsBulk(stream(), { keepFailures: false, onResult });
  // @ts-expect-error keepFailures is a boolean
  await admin.pinConversationsBulk(stream(), { keepFailures: 'no', onResult });
  // Checked as the call would check it, nothing sent.
  const nothing: void = admin.checkPinRequest({ fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }], operation: 'unpin' });
  checkPinRequest(requests[0]);
  // @ts-expect-error it throws or returns, synchronously: no promise
  const promised: Promise<void> = admin.checkPinRequest(requests[0]);
  // request() alone says whether it is safe to repeat.
  const requestOptions: RequestOptions = { signal: new AbortController().signal, idempotent: true };
  await admin.request('openim/sendmsg', { To_Account: 'bob' }, requestOptions);
  // @ts-expect-error other methods repeat as documented
  await admin.kick('alice', { idempotent: true });
  // @ts-expect-error idempotent is a boolean
  await admin.request('openim/sendmsg', {}, { idempotent: 'yes' });
  void [counts, stopped, left, first, nothing, promised];
}

// Wrong shapes
// @ts-expect-error two credentials
new ChatAdmin({ sdkAppId, identifier, secretKey, userSig, region: 'china' });
// @ts-expect-error no credential
new ChatAdmin({ sdkAppId, identifier, region: 'china' });
// @ts-expect-error unknown region
new ChatAdmin({ sdkAppId, identifier, secretKey, region: 'mars' });
// @ts-expect-error region and endpoint
new ChatAdmin({ sdkAppId, identifier, secretKey, region: 'china', endpoint: '/chat-api' });
// @ts-expect-error useBackupDomain goes with region only
new ChatAdmin({ sdkAppId, identifier, secretKey, endpoint: '/chat-api', useBackupDomain: true });
// @ts-expect-error allowInsecureHttp goes with endpoint only
new ChatAdmin({ sdkAppId, identifier, secretKey, region: 'china', allowInsecureHttp: true });
// @ts-expect-error sdkAppId is a number
new ChatAdmin({ sdkAppId: '1400000000', identifier, secretKey, region: 'china' });
// @ts-expect-error a c2c conversation has no groupId
const c2cWithGroup: Conversation = { type: 'c2c', toAccount: 'bob', groupId: 'g1' };
// @ts-expect-error a group conversation has no toAccount
const groupWithPeer: Conversation = { type: 'group', groupId: 'g1', toAccount: 'bob' };
// @ts-expect-error a c2c conversation needs toAccount
const c2cAlone: Conversation = { type: 'c2c' };
// @ts-expect-error fromAccount is required
admin.pinConversations({ conversations }, {});
// @ts-expect-error operation is 'pin' or 'unpin'
pinConversations(options, { ...request, operation: 'top' }, {});
// @ts-expect-error identifier is required
genUserSig({ sdkAppId, secretKey });
// @ts-expect-error userbuf is bytes
genUserSig({ sdkAppId, secretKey, identifier, userbuf: 'abc' });
// @ts-expect-error roomId is required
genPrivateMapKey({ sdkAppId, secretKey, identifier, privileges: 255 });
// @ts-expect-error privileges are names of TrtcPrivilege
genPrivateMapKey({ ...keyOptions, privileges: ['enterRoom', 'joinRoom'] });
// @ts-expect-error a PrivateMapKey takes no userbuf
genPrivateMapKey({ ...keyOptions, userbuf: new Uint8Array(1) });
// @ts-expect-error claims.userbuf is not a string
const userbufText: string = claims.userbuf;
// @ts-expect-error an ApiResult is always OK
const failed: ApiResult = { actionStatus: 'FAIL', errorCode: 50001, errorInfo: '', errorDisplay: '' };

export { bulk, calls, claimed, credentials, destinations, nameOf, regions, c2cWithGroup, groupWithPeer, c2cAlone, userbufText, failed };
export { mapped, bulkMapped, helped, wrongField, granted, allPrivileges };
