// What a command can fail with, and the exit code each gets: 0 done, 1 the service or the network refused
// (or a run stopped with failures), 2 a usage error (a flag, an argument or a file line), 130 stopped by Ctrl-C,
// 141 stdout's reader went away (as SIGPIPE would end it).
export const EXIT = Object.freeze({ ok: 0, refused: 1, usage: 2, interrupted: 130, brokenPipe: 141 });

/** A mistake in how the command was called: the message names the flag, argument or file line. Exit code 2. */
/** Where the command's fixed UserSig came from (TENCENT_CHAT_USER_SIG, --user-sig-file PATH), set by connect(). */
export const fixedUserSig = { source: undefined };

export class UsageError extends Error {
  constructor(message, { hint } = {}) {
    super(message);
    this.name = 'UsageError';
    this.hint = hint;
  }
}

/** The run was stopped by Ctrl-C (`io.signal` aborted) before it acted, e.g. while reading stdin. Exit code 130. */
export class Interrupted extends Error {
  constructor(message = 'interrupted (Ctrl-C); nothing was done') {
    super(message);
    this.name = 'Interrupted';
  }
}

/**
 * The package's own check of an argument (a ChatError of kind `invalid-request`, whose `field` is the path of what
 * it refused, e.g. `conversations[1].toAccount`) as a UsageError that names where the value came from:
 * `locate(field)` gives the flag, argument or file line ('' for none), or undefined to keep the error as it is.
 */
export function usageFrom(err, locate) {
  if (err?.name !== 'ChatError' || err.kind !== 'invalid-request' || typeof err.field !== 'string') return err;
  const where = locate(err.field);
  if (where === undefined) return err;
  return new UsageError(where ? `${where}: ${err.message}` : err.message);
}
