import type { AccountCheck, AccountDeletion, ChatErrorKind, ImportResult } from './tencent_chat_admin.js';

/** Every error this package throws or rejects with. Never holds a secret key or a UserSig. */
export declare class ChatError extends Error {
  readonly name: 'ChatError';
  /** What went wrong, as a stable word. */
  readonly kind: ChatErrorKind;
  /** The service's ErrorCode for 'service' and 'http' answers, the UserSig code for 'usersig'; 0 when none. */
  readonly code: number;
  /** The HTTP status; 0 when no answer arrived. */
  readonly status: number;
  /** Whether sending the same call again may succeed. */
  readonly retryable: boolean;
  /** Requests sent for this call (0 when nothing was sent). */
  readonly attempts: number;
  /** The service's ErrorInfo. */
  readonly info?: string;
  /** The service's ErrorDisplay. */
  readonly display?: string;
  /** The service's RequestId. */
  readonly requestId?: string;
  /** The offending input for 'invalid-request', e.g. 'conversations[1].toAccount'. */
  readonly field?: string;
  /**
   * importAccounts, checkAccounts and deleteAccounts, when a batch fails: what the batches before it gave
   * (`results`, as the method resolves) and the UserIDs not known to be done (`notDone`: the failed batch, which
   * may still have been applied, and those never sent), in order.
   */
  readonly partial?: { results: ImportResult | AccountCheck[] | AccountDeletion[]; notDone: string[] };
  /** What caused it, when that is the caller's own (a userSigProvider's rejection). */
  readonly cause?: unknown;
}

/** True for a ChatError from any copy of this package or realm (checks `name` and `kind`). */
export declare function isChatError(value: unknown): value is ChatError;
