// `pin` and `unpin`: one call for one user, the conversations from repeated --c2c and --group flags in the order
// given. A conversation the package refuses is named by its flag.
import { CONNECTION_HELP, parse } from '../args.mjs';
import { connect } from '../connection.mjs';
import { Interrupted, UsageError, usageFrom } from '../errors.mjs';
import { cell, quote, writeJson, writeText } from '../output.mjs';

const help = (name) => `Usage: tencent-chat-admin ${name} --from ID (--c2c PEER | --group GROUP_ID)... [--json]

${name === 'pin' ? 'Pins conversations to the top of' : 'Unpins conversations in'} one user's conversation list (v4/recentcontact/top).

  --from ID             the user whose list changes
  --c2c PEER            a one-to-one conversation with PEER (repeat it; in order with --group)
  --group GROUP_ID      a group conversation (repeat it)
  --json                print the result as JSON (actionStatus, errorCode, requestId, attempts, ...)

1 to 50 distinct conversations a call. Exit 1 when the service refuses (e.g. service 50001: an account is not
imported), 2 for a usage error.

${CONNECTION_HELP}`;

export async function run(name, argv, io) {
  const args = parse(argv, {
    options: { from: { type: 'string' }, c2c: { type: 'string', multiple: true }, group: { type: 'string', multiple: true }, json: { type: 'boolean' } },
    connection: true,
    help: help(name),
  });
  if (args.help) return writeText(io, args.help);
  const { values, tokens } = args;
  if (values.from === undefined) throw new UsageError('missing --from ID: whose conversation list changes', { hint: help(name) });
  const flags = tokens.filter((t) => t.kind === 'option' && (t.name === 'c2c' || t.name === 'group'));
  if (flags.length === 0) throw new UsageError('missing --c2c PEER or --group GROUP_ID: at least one conversation', { hint: help(name) });
  const conversations = flags.map((t) => (t.name === 'c2c' ? { type: 'c2c', toAccount: t.value } : { type: 'group', groupId: t.value }));
  const request = { fromAccount: values.from, conversations };
  const admin = connect(values, io.env);
  let result;
  try {
    const call = name === 'pin' ? admin.pinConversations : admin.unpinConversations;
    result = await call.call(admin, request, { signal: io.signal });
  } catch (err) {
    if (err?.name === 'ChatError' && err.kind === 'aborted') throw stopped(name, values.from, err.attempts);
    throw usageFrom(err, (field) => flagOf(field, flags));
  } finally {
    admin.free();
  }
  if (values.json) return writeJson(io, result);
  const list = conversations.map((c) => (c.type === 'c2c' ? `c2c ${cell(c.toAccount)}` : `group ${cell(c.groupId)}`)).join(', ');
  writeText(io, `${name === 'pin' ? 'pinned' : 'unpinned'} for ${cell(values.from)}: ${list}`);
}

/**
 * Ctrl-C during the call: once the request was sent, the service may have applied it (pin and unpin are safe to run
 * again, and `conversations --from ID` shows the list).
 */
function stopped(name, from, attempts) {
  if (!attempts) return new Interrupted(`interrupted (Ctrl-C) before the request was sent; nothing was ${name}ned`);
  return new Interrupted(`interrupted (Ctrl-C) while waiting for the answer: the ${name} may already have been applied; run tencent-chat-admin conversations --from ${cell(from)} to see, or run the ${name} again (it is safe to repeat)`);
}

/** `conversations[1].toAccount` → `--c2c #2 "bob"` (the second conversation flag); `fromAccount` → `--from`. */
function flagOf(field, flags) {
  if (field === 'fromAccount') return '--from';
  const index = /^conversations\[(\d+)\]/.exec(field)?.[1];
  if (index === undefined) return field === 'conversations' ? '--c2c/--group' : undefined;
  const token = flags[Number(index)];
  return token && `--${token.name} #${Number(index) + 1} ${quote(token.value)}`;
}
