#!/usr/bin/env node
// `npx tencent-chat-admin <command>`: the package's command line. It is one more user of the package's public
// API (`import … from 'tencent-chat-admin'`) and adds nothing to what a page loads. Exit codes: errors.mjs.
import { refuseCredentialFlags, shownWord } from './args.mjs';
import { EXIT, Interrupted, UsageError, fixedUserSig } from './errors.mjs';

/** Each command: its module under commands/, and its usage and what it does for the help. */
export const COMMANDS = {
  usersig: ['usersig.mjs', 'usersig gen|privatemapkey|verify|decode', 'sign, verify or read a UserSig (or a PrivateMapKey)'],
  pin: ['pin.mjs', 'pin --from ID (--c2c PEER | --group GROUP_ID)...', 'pin conversations for one user'],
  unpin: ['pin.mjs', 'unpin --from ID (--c2c PEER | --group GROUP_ID)...', 'unpin them'],
  bulk: ['bulk.mjs', 'bulk pin|unpin FILE', 'pin or unpin from a CSV or JSON Lines file (- for stdin)'],
  conversations: ['conversations.mjs', 'conversations --from ID', "a user's conversation list, pinned first"],
  accounts: ['accounts.mjs', 'accounts import|check|delete ID...', 'accounts, from arguments or a file'],
  request: ['request.mjs', 'request COMMAND [BODY|-]', 'any endpoint, e.g. v4/im_open_login_svc/account_check'],
};

const width = Math.max(...Object.values(COMMANDS).map(([, usage]) => usage.length));

export const HELP = `Usage: tencent-chat-admin <command> [flags]

The admin command line of the Tencent Cloud Chat (IM) REST API.

Commands:
${Object.values(COMMANDS).map(([, usage, what]) => `  ${usage.padEnd(width)}  ${what}`).join('\n')}

Run tencent-chat-admin <command> --help for a command's flags. --json prints JSON for machines. Exit codes: 0 done,
1 the service or the network refused (or some items were not done), 2 a usage error, 130 stopped by Ctrl-C,
141 stdout's reader went away.
The connection and credentials come from the environment (TENCENT_CHAT_SDK_APP_ID, TENCENT_CHAT_IDENTIFIER,
TENCENT_CHAT_REGION or TENCENT_CHAT_ENDPOINT, TENCENT_CHAT_SECRET_KEY or TENCENT_CHAT_USER_SIG) or flags.`;

/**
 * Runs the command line with `argv` (without node and the script) and `io`: { stdin, stdout, stderr, env, signal }.
 * Resolves the exit code; never throws.
 */
export async function main(argv, io) {
  // `help pin` is `pin --help`; `help usersig gen` is `usersig gen --help`.
  if (argv[0] === 'help' && argv.length > 1) argv = [...argv.slice(1), '--help'];
  const [name, ...rest] = argv;
  try {
    refuseCredentialFlags(argv);
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(HELP + '\n');
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '--version' || name === '-v') {
      const { createRequire } = await import('node:module');
      io.stdout.write(createRequire(import.meta.url)('tencent-chat-admin/package.json').version + '\n');
      return EXIT.ok;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) {
      // Its text only when it looks like a command word: it may be a secret key or a UserSig.
      const shown = shownWord(name);
      throw new UsageError(shown ? `unknown command ${shown}${nearest(name)}` : 'the first argument is an unknown command; run tencent-chat-admin --help for the list');
    }
    const { run } = await import(`./commands/${command[0]}`);
    return (await run(name, rest, io)) ?? EXIT.ok;
  } catch (err) {
    return failure(err, io);
  }
}

/** Writes what went wrong to stderr and gives the exit code. A ChatError shows its kind, code and message. */
export function failure(err, io) {
  if (err instanceof UsageError) {
    // The command's usage line, not its whole help: the error stays the last thing on the screen.
    const usage = err.hint?.split('\n').find((line) => line.startsWith('Usage: '));
    const words = usage?.split(' ').slice(1) ?? [];
    const command = words.slice(0, words.findIndex((w) => !/^[a-z][a-z-]*$/.test(w)) >>> 0).join(' ');
    const more = usage ? `${usage}\n(${command} --help for the flags)\n` : '';
    io.stderr.write(`tencent-chat-admin: ${err.message}\n${more}`);
    return EXIT.usage;
  }
  if (err instanceof Interrupted) {
    io.stderr.write(`tencent-chat-admin: ${err.message}\n`);
    return EXIT.interrupted;
  }
  if (err?.name === 'ChatError') {
    // The package's own check of an argument refused it before sending: a usage error.
    const usage = err.kind === 'invalid-request';
    // A code only when there is one: `network`, `timeout` and the like have none (0).
    io.stderr.write(`tencent-chat-admin: ${err.kind}${err.code ? ` ${err.code}` : ''}: ${chatMessage(err)}\n`);
    return usage ? EXIT.usage : err.kind === 'aborted' ? EXIT.interrupted : EXIT.refused;
  }
  io.stderr.write(`tencent-chat-admin: ${err?.stack ?? err}\n`);
  return EXIT.refused;
}

/**
 * A ChatError's message for the command line. The package speaks of its options; an expired fixed UserSig came from
 * TENCENT_CHAT_USER_SIG or --user-sig-file here, and the way out is `usersig gen` or the secret key.
 */
function chatMessage(err) {
  // The service itself said the UserSig expired (the package's own check passed: a clock apart from the service's).
  const { source } = fixedUserSig;
  if (err.kind === 'service' && err.code === 70001 && source) {
    return `${err.message}; the UserSig came from ${source}: make a new one with tencent-chat-admin usersig gen --user ID, or set TENCENT_CHAT_SECRET_KEY instead (the command line then signs its own)`;
  }
  if (err.kind !== 'usersig' || err.code !== 70001 || err.field !== 'userSig') return err.message;
  const when = /expired (\d+ s ago \(made at \d+, valid \d+ s\))/.exec(err.message)?.[1];
  return `the UserSig (TENCENT_CHAT_USER_SIG or --user-sig-file) expired${when ? ` ${when}` : ''}: make a new one with tencent-chat-admin usersig gen --user ID, or set TENCENT_CHAT_SECRET_KEY instead (the command line then signs its own); nothing was sent`;
}

function nearest(name) {
  const near = Object.keys(COMMANDS).find((c) => c.startsWith(String(name).slice(0, 3)));
  return near ? `; did you mean ${near}?` : '; run tencent-chat-admin --help for the list';
}

/** Run as a program: Ctrl-C aborts `io.signal` (the command stops cleanly); a second Ctrl-C exits at once. */
const isMain = (await import('node:url')).fileURLToPath(import.meta.url) === (await import('node:fs')).realpathSync(process.argv[1] ?? '');
if (isMain) {
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    controller.abort(new Error('interrupted (Ctrl-C)'));
  });
  // The reader of stdout went away (`... | head -1`): stop quietly, as a program killed by SIGPIPE does (141).
  process.stdout.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(EXIT.brokenPipe);
  });
  // The reader of stderr went away (`... 2>&1 >out | head -1`): messages are lost, the command goes on.
  process.stderr.on('error', () => {});
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal };
  process.exitCode = await main(process.argv.slice(2), io);
}
