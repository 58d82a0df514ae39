// `usersig gen|verify|decode`: make a UserSig with the secret key, check one, or read its claims. Only `gen`
// prints a UserSig (that is its job); verify and decode never echo the one they were given.
import { decodeUserSig, genUserSig, limits, verifyUserSig } from 'tencent-chat-admin';
import { integer, parse, subcommand } from '../args.mjs';
import { sdkAppId, secretKey } from '../connection.mjs';
import { UsageError, usageFrom } from '../errors.mjs';
import { isoTime, readStdin, writeJson, writeText } from '../output.mjs';

const KEY_OPTIONS = { 'sdk-app-id': { type: 'string' }, 'secret-key-file': { type: 'string' } };
const KEY_HELP = `The app (flags, or the environment):
  --sdk-app-id N          TENCENT_CHAT_SDK_APP_ID    the app's SDKAppID
  --secret-key-file PATH  TENCENT_CHAT_SECRET_KEY    the secret key (never as a flag: it would show in ps and the
                                                     shell history)`;

const CLAIMS = `Claims (JSON on stdout): identifier, sdkAppId, time (Unix seconds it was made), expire (seconds of
validity), expiresAt (ISO 8601, UTC), userbufHex (when it has a userbuf).`;

const HELP = {
  usersig: `Usage: tencent-chat-admin usersig gen|verify|decode [flags]

  usersig gen --user ID [--expire SECONDS] [--userbuf-hex HEX]   make a UserSig (printed alone on stdout)
  usersig verify [USERSIG|-] [--user ID]                          check one with the secret key: its claims as JSON
  usersig decode [USERSIG|-]                                      read its claims without the key (not checked)

Run tencent-chat-admin usersig <gen|verify|decode> --help for each.`,
  gen: `Usage: tencent-chat-admin usersig gen --user ID [--expire SECONDS] [--userbuf-hex HEX]

Makes a UserSig for ID with the app's secret key and prints it on stdout, alone on one line.

  --user ID             the UserID it is for (an app administrator's, to call the REST API with it)
  --expire SECONDS      validity, ${limits.userSig.expire.min} to ${limits.userSig.expire.max} (50 years); default ${limits.userSig.expire.default} (180 days)
  --userbuf-hex HEX     bytes to sign into it (genSigWithUserbuf), as hex

${KEY_HELP}`,
  verify: `Usage: tencent-chat-admin usersig verify [USERSIG|-] [--user ID]

Checks a UserSig with the app's secret key: format, SDKAppID, identifier (with --user), signature and expiry.
Without USERSIG, or with -, it is read from stdin (which keeps it out of ps and the shell history). Exit 1 when it
does not verify, with the code on stderr (70001 expired, 70003 undecodable, 70009 bad signature, 70013 another
identifier, 70014 another SDKAppID). The UserSig itself is never printed.

  --user ID             it must be for this identifier
  --json                accepted, and changes nothing: the claims are always JSON

${CLAIMS}

${KEY_HELP}`,
  decode: `Usage: tencent-chat-admin usersig decode [USERSIG|-]

Reads a UserSig's claims without checking its signature (no key needed): to see whom it is for and when it
expires. Without USERSIG, or with -, it is read from stdin. Exit 1 (usersig 70003) when it cannot be decoded.

  --json                accepted, and changes nothing: the claims are always JSON

${CLAIMS}`,
};

export async function run(_name, argv, io) {
  const { sub, rest, help } = subcommand(argv, ['gen', 'verify', 'decode'], { command: 'usersig', help: HELP.usersig });
  if (help) return writeText(io, help);
  return { gen, verify, decode }[sub](rest, io);
}

async function gen(argv, io) {
  const args = parse(argv, {
    options: { user: { type: 'string' }, expire: { type: 'string' }, 'userbuf-hex': { type: 'string' }, ...KEY_OPTIONS },
    help: HELP.gen,
  });
  if (args.help) return writeText(io, args.help);
  const { values } = args;
  if (values.user === undefined) throw new UsageError('missing --user ID: whom the UserSig is for', { hint: HELP.gen });
  const options = { sdkAppId: sdkAppId(values, io.env), secretKey: secretKey(values, io.env), identifier: values.user };
  const expire = integer(values, 'expire', limits.userSig.expire);
  if (expire !== undefined) options.expire = expire;
  if (values['userbuf-hex'] !== undefined) options.userbuf = hexBytes(values['userbuf-hex']);
  let userSig;
  try {
    userSig = genUserSig(options);
  } catch (err) {
    throw usageFrom(err, (field) => FLAGS[field] ?? '');
  }
  io.stdout.write(userSig + '\n');
}

/** The flag behind each option of genUserSig and verifyUserSig, for the package's invalid-request errors. */
const FLAGS = { identifier: '--user', expire: '--expire', userbuf: '--userbuf-hex', sdkAppId: '--sdk-app-id', secretKey: 'the secret key' };

async function verify(argv, io) {
  const args = parse(argv, {
    options: { user: { type: 'string' }, json: { type: 'boolean' }, ...KEY_OPTIONS },
    positionals: [0, 1],
    positionalNames: ['USERSIG'],
    help: HELP.verify,
  });
  if (args.help) return writeText(io, args.help);
  const { values } = args;
  const options = { sdkAppId: sdkAppId(values, io.env), secretKey: secretKey(values, io.env) };
  if (values.user !== undefined) options.identifier = values.user;
  options.userSig = await userSigFrom(args.positionals[0], io, 'verify');
  let verified;
  try {
    verified = verifyUserSig(options);
  } catch (err) {
    throw usageFrom(err, (field) => FLAGS[field] ?? '');
  }
  writeJson(io, claims(verified));
}

async function decode(argv, io) {
  const args = parse(argv, { options: { json: { type: 'boolean' } }, positionals: [0, 1], positionalNames: ['USERSIG'], help: HELP.decode });
  if (args.help) return writeText(io, args.help);
  writeJson(io, claims(decodeUserSig(await userSigFrom(args.positionals[0], io, 'decode'))));
}

/**
 * The UserSig to read: the argument, or stdin for `-` or none. Never echoed in an error. Stdin at a terminal is
 * not read (the UserSig would be echoed as typed): the message says how to pipe it in.
 */
async function userSigFrom(arg, io, sub) {
  if ((arg === undefined || arg === '-') && io.stdin.isTTY) {
    throw new UsageError(`${arg === undefined ? 'missing USERSIG, and ' : ''}stdin is a terminal: pipe the UserSig in ` +
      `(e.g. pbpaste | tencent-chat-admin usersig ${sub}) or redirect it (tencent-chat-admin usersig ${sub} < FILE); ` +
      'as an argument it would show in ps and in the shell history');
  }
  const text = arg === undefined || arg === '-' ? (await readStdin(io, 'USERSIG')).trim() : arg;
  if (!text) throw new UsageError('USERSIG is empty');
  if (/\s/.test(text)) throw new UsageError('USERSIG must be one UserSig: the input has white space inside');
  return text;
}

/** The claims as JSON can hold them: the userbuf as hex, the expiry also as a date (null past year 275760). */
function claims({ identifier, sdkAppId: appId, time, expire, userbuf }) {
  const out = { identifier, sdkAppId: appId, time, expire, expiresAt: isoTime(time + expire) };
  if (userbuf !== undefined) out.userbufHex = Buffer.from(userbuf).toString('hex');
  return out;
}

function hexBytes(hex) {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new UsageError('--userbuf-hex must be hex digits, two a byte (e.g. 0a1b)');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
