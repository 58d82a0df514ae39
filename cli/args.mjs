// Reading a command's arguments: node:util's parseArgs in strict mode, `--help` on every command, the
// connection flags for the commands that call the service, and errors that name the flag.
import { parseArgs } from 'node:util';
import { UsageError } from './errors.mjs';

/** The flags every command that calls the service takes (see connection.mjs). */
export const CONNECTION_OPTIONS = {
  'sdk-app-id': { type: 'string' },
  identifier: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  'timeout-ms': { type: 'string' },
  'secret-key-file': { type: 'string' },
  'user-sig-file': { type: 'string' },
  'allow-insecure-http': { type: 'boolean' },
};

/**
 * Refuses a credential given as a flag (`--secret-key`, `--user-sig`, with or without `=`), for every command and
 * before anything else: it would show in `ps` and in the shell's history. The value is never echoed. `argv` is the
 * whole command line (the command first): the advice says what that command reads instead.
 */
export function refuseCredentialFlags(argv) {
  const readsUserSig = argv[0] === 'usersig' && (argv[1] === 'verify' || argv[1] === 'decode');
  for (const arg of argv) {
    if (arg === '--') return;
    const flag = /^--(secret-key|user-sig)(=|$)/.exec(arg)?.[1];
    if (!flag) continue;
    const why = `--${flag} is refused: a credential given as a flag shows in ps and in the shell history.`;
    if (flag === 'user-sig' && readsUserSig) {
      throw new UsageError(`${why} Give the UserSig on stdin: ... | tencent-chat-admin usersig ${argv[1]} (or < FILE)`);
    }
    const name = flag === 'secret-key' ? 'TENCENT_CHAT_SECRET_KEY' : 'TENCENT_CHAT_USER_SIG';
    throw new UsageError(`${why} Set ${name}, or use --${flag}-file PATH`);
  }
}

/**
 * A word the user typed where a command or sub-command goes, for a message: quoted when it looks like one
 * (a-z and -, up to 20), otherwise undefined: it may be a secret key or a UserSig given in the wrong place.
 */
export function shownWord(value) {
  return /^[a-z-]{1,20}$/.test(value) ? JSON.stringify(value) : undefined;
}

export const CONNECTION_HELP = `Connection (flags, or the environment):
  --sdk-app-id N          TENCENT_CHAT_SDK_APP_ID    the app's SDKAppID
  --identifier ID         TENCENT_CHAT_IDENTIFIER    an app administrator account
  --region NAME           TENCENT_CHAT_REGION        china, singapore, seoul, tokyo, frankfurt, silicon-valley,
                                                     jakarta, mumbai, riyadh
  --endpoint URL          TENCENT_CHAT_ENDPOINT      instead of --region: a base URL (an emulator, a proxy)
  --timeout-ms N                                     per request attempt (default 10000)
  --allow-insecure-http                              allow plain http:// to a host that is not loopback
Credentials (one of; never as a flag, which would show in ps and the shell history):
  TENCENT_CHAT_SECRET_KEY, or --secret-key-file PATH (the key signs a UserSig in this process)
  TENCENT_CHAT_USER_SIG, or --user-sig-file PATH`;

/**
 * Parses `argv` for a command. `spec`: { options (parseArgs options), positionals: [min, max] (max Infinity for
 * any), positionalNames (e.g. ['COMMAND', 'BODY'], for messages; an argument past max is named by its position,
 * never its value), connection (adds the connection flags), help (the text `--help` prints) }. Returns { values,
 * positionals, tokens } (parseArgs' tokens: the flags in the order given) or, for `--help`, { help: text }. Throws
 * UsageError naming the flag; a flag that is not `multiple` and is given twice is refused (the last would silently
 * win).
 */
export function parse(argv, spec) {
  const options = { help: { type: 'boolean', short: 'h' }, ...(spec.connection ? CONNECTION_OPTIONS : {}), ...spec.options };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    throw new UsageError(usageMessage(err, options), { hint: spec.help });
  }
  if (parsed.values.help) return { help: spec.help };
  const seen = new Set();
  for (const { kind, name } of parsed.tokens) {
    if (kind !== 'option' || options[name].multiple) continue;
    if (seen.has(name)) throw new UsageError(`--${name} is given twice; give it once`, { hint: spec.help });
    seen.add(name);
  }
  const [min, max] = spec.positionals ?? [0, 0];
  const n = parsed.positionals.length;
  if (n < min) throw new UsageError(`missing ${spec.positionalNames?.[n] ?? 'argument'}`, { hint: spec.help });
  if (n > max) {
    // Named by position, never by value: a secret key or a UserSig in the wrong place must not reach stderr.
    const names = spec.positionalNames?.slice(0, max).join(' ');
    const what = max === 0 ? 'this command takes no arguments' : `it takes at most ${max}${names ? `: ${names}` : ''}`;
    throw new UsageError(`unexpected argument ${max + 1} (${what})`, { hint: spec.help });
  }
  return { values: parsed.values, positionals: parsed.positionals, tokens: parsed.tokens };
}

/** parseArgs' message, with the nearest known flag suggested for an unknown one. */
function usageMessage(err, options) {
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(err.message)?.[1];
  if (!unknown) return err.message.replace(/\. To specify a positional argument.*$/s, '');
  const name = unknown.replace(/^-+/, '');
  const near = Object.keys(options).find((o) => o.startsWith(name) || name.startsWith(o));
  return `unknown flag ${unknown}${near ? `; did you mean --${near}?` : ''}`;
}

/** A flag's value as an integer in [min, max], or UsageError naming the flag. */
export function integer(values, name, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) {
  const text = values[name];
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/**
 * The sub-command of a command with several (`usersig gen`, `accounts check`): { sub, rest } with `sub` one of
 * `names` and `rest` what follows it, or { help } for `--help`. Missing or unknown: UsageError listing them.
 */
export function subcommand(argv, names, { command, help }) {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') return { help };
  const choices = `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  if (sub === undefined) throw new UsageError(`missing the ${command} sub-command: ${choices}`, { hint: help });
  if (!names.includes(sub)) {
    const shown = shownWord(sub);
    throw new UsageError(`${shown ? `unknown ${command} sub-command ${shown}` : `the first argument of ${command} is not a sub-command`}: ${choices}`, { hint: help });
  }
  return { sub, rest };
}
