// Reading a command's arguments: node:util's parseArgs in strict mode, `--help` on every command, the
// connection flags for the commands that call the service, and errors that name the flag.
import { parseArgs } from 'node:util';
import { limits } from 'tencent-chat-admin';
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
    // Spelt as people type them too: --usersig, --secretkey, --user_sig.
    const typed = /^--(secret[-_]?key|user[-_]?sig)(?==|$)/i.exec(arg)?.[1];
    if (!typed) continue;
    const flag = /^s/i.test(typed) ? 'secret-key' : 'user-sig';
    const why = `--${typed} is refused: a credential given as a flag shows in ps and in the shell history.`;
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
  --timeout-ms N                                     per request attempt, ${limits.timeoutMs.min} to ${limits.timeoutMs.max} (default ${limits.timeoutMs.default})
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
    parsed = parseArgs({ args: negativeValues(argv, options), options, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    throw new UsageError(usageMessage(err, options, spec.help), { hint: spec.help });
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

/**
 * `argv` with a negative number after a flag that takes a value joined to it (`--expire -5` → `--expire=-5`):
 * parseArgs would refuse it as "ambiguous", and the command's own check then says what the flag allows.
 */
function negativeValues(argv, options) {
  const args = [...argv];
  for (let i = 0; i < args.length - 1 && args[i] !== '--'; i++) {
    const name = /^--([a-z0-9-]+)$/.exec(args[i])?.[1];
    if (name && options[name]?.type === 'string' && /^-\d/.test(args[i + 1])) args.splice(i, 2, `${args[i]}=${args[i + 1]}`);
  }
  return args;
}

/** Words people type for a flag, and the flag each means where a command has it. */
const ALIASES = {
  user: 'from', 'user-id': 'from', userid: 'from', account: 'from', 'from-account': 'from',
  to: 'c2c', peer: 'c2c', 'to-account': 'c2c', 'group-id': 'group', groupid: 'group',
  'app-id': 'sdk-app-id', appid: 'sdk-app-id', sdkappid: 'sdk-app-id', 'sdk-appid': 'sdk-app-id',
};

/** The flag of `options` nearest to `name` (as typed, without dashes), if any. */
export function nearestFlag(name, options) {
  const flags = Object.keys(options);
  const word = name.toLowerCase();
  if (Object.hasOwn(ALIASES, word)) return flags.includes(ALIASES[word]) ? ALIASES[word] : undefined;
  const squash = (s) => s.toLowerCase().replace(/[-_]/g, '');
  return flags.find((o) => squash(o) === squash(word)) ?? flags.find((o) => o.startsWith(word) || word.startsWith(o));
}

/** parseArgs' message in our words: the nearest known flag for an unknown one, the value a flag needs. */
function usageMessage(err, options, help = '') {
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(err.message)?.[1];
  if (unknown) {
    const near = nearestFlag(unknown.replace(/^-+/, ''), options);
    return `unknown flag ${unknown}${near ? `; did you mean --${near}?` : ''}`;
  }
  const flag = /^Option '(--[a-z0-9-]+)/.exec(err.message)?.[1];
  if (flag && / argument (missing|is ambiguous)/.test(err.message)) {
    // The value's name as the help spells it ("  --c2c PEER").
    const value = new RegExp(`^ +${flag} ([A-Z][A-Z_]*)`, 'm').exec(help)?.[1] ?? 'VALUE';
    const dash = err.message.includes('ambiguous') ? ` (a value that starts with - is written ${flag}=-…)` : '';
    return `${flag} needs a value: ${flag} ${value}${dash}`;
  }
  if (flag && err.message.includes('does not take an argument')) return `${flag} takes no value`;
  return err.message.replace(/\. To specify a positional argument.*$/s, '');
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
