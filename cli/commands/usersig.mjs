// `usersig gen|privatemapkey|verify|decode`: make a UserSig (or a PrivateMapKey, a UserSig granting rights in a TRTC
// room) with the secret key, check one, or read its claims. Only `gen` and `privatemapkey` print a UserSig (that is
// their job); verify and decode never echo the one they were given.
import { decodeUserSig, genPrivateMapKey, genUserSig, limits, verifyUserSig } from 'tencent-chat-admin';
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
validity), expiresAt (ISO 8601, UTC), userbufHex (when it has a userbuf), and privateMapKey when the userbuf is a
PrivateMapKey's (TRTC room rights): roomId (a number, or a string for a string room), privileges (the map),
privilegeNames, expiresAt (when the room rights end, ISO 8601), sdkAppId, identifier.`;

const PRIVILEGES = limits.privateMapKey.privileges;

const HELP = {
  usersig: `Usage: tencent-chat-admin usersig gen|privatemapkey|verify|decode [flags]

  usersig gen --user ID [--expire SECONDS] [--userbuf-hex HEX]   make a UserSig (printed alone on stdout)
  usersig privatemapkey --user ID --room ROOM --privileges LIST   make a PrivateMapKey: TRTC room rights
  usersig verify [USERSIG|-] [--user ID]                          check one with the secret key: its claims as JSON
  usersig decode [USERSIG|-]                                      read its claims without the key (not checked)

Run tencent-chat-admin usersig <gen|privatemapkey|verify|decode> --help for each.`,
  gen: `Usage: tencent-chat-admin usersig gen --user ID [--expire SECONDS] [--userbuf-hex HEX]

Makes a UserSig for ID with the app's secret key and prints it on stdout, alone on one line.

  --user ID             the UserID it is for (an app administrator's, to call the REST API with it)
  --expire SECONDS      validity, ${limits.userSig.expire.min} to ${limits.userSig.expire.max} (50 years); default ${limits.userSig.expire.default} (180 days)
  --userbuf-hex HEX     bytes to sign into it (genSigWithUserbuf), as hex

${KEY_HELP}`,
  privatemapkey: `Usage: tencent-chat-admin usersig privatemapkey --user ID --room ROOM --privileges LIST [flags]

Makes a PrivateMapKey (as the official genPrivateMapKey and genPrivateMapKeyWithStringRoomID do): a UserSig for ID
whose userbuf grants the privileges in one TRTC room until now + expire, and prints it on stdout, alone on one line.

  --user ID             the UserID it is for: ASCII (documented: a-z, A-Z, 0-9, _ and -)
  --room ROOM           the room: digits are a numeric room (${limits.privateMapKey.roomId.min} to ${limits.privateMapKey.roomId.max}), anything else
                        a string room (ASCII, at most ${limits.privateMapKey.roomIdBytes} bytes)
  --room-string         ROOM is a string room even when it is digits
  --privileges LIST     names separated by commas, or the map as a number (0 to 255; 255 all). The names, from
                        bit 1 to bit 128: ${PRIVILEGES.slice(0, 4).join(', ')},
                        ${PRIVILEGES.slice(4).join(', ')}
  --expire SECONDS      validity, of the UserSig and of the room rights, ${limits.userSig.expire.min} to ${limits.userSig.expire.max};
                        default ${limits.userSig.expire.default} (180 days)

Example: tencent-chat-admin usersig privatemapkey --user alice --room 10000 --privileges enterRoom,receiveAudio

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
  const { sub, rest, help } = subcommand(argv, ['gen', 'privatemapkey', 'verify', 'decode'], { command: 'usersig', help: HELP.usersig });
  if (help) return writeText(io, help);
  return { gen, privatemapkey, verify, decode }[sub](rest, io);
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

/** The flag behind each option of genUserSig, genPrivateMapKey and verifyUserSig, for the package's invalid-request errors. */
const FLAGS = {
  identifier: '--user', expire: '--expire', userbuf: '--userbuf-hex', sdkAppId: '--sdk-app-id', secretKey: 'the secret key',
  roomId: '--room', privileges: '--privileges', now: '--expire',
};

async function privatemapkey(argv, io) {
  const spec = {
    user: { type: 'string' }, room: { type: 'string' }, 'room-string': { type: 'boolean' }, privileges: { type: 'string' },
    expire: { type: 'string' }, ...KEY_OPTIONS,
  };
  const args = parse(argv, { options: spec, help: HELP.privatemapkey });
  if (args.help) return writeText(io, args.help);
  const { values } = args;
  for (const [flag, what] of [['user', 'ID: whom it is for'], ['room', 'ROOM: the TRTC room'], ['privileges', `LIST: e.g. enterRoom,receiveAudio (${PRIVILEGES.join(', ')}), or a number`]]) {
    if (values[flag] === undefined) throw new UsageError(`missing --${flag} ${what}`, { hint: HELP.privatemapkey });
  }
  const options = {
    sdkAppId: sdkAppId(values, io.env), secretKey: secretKey(values, io.env), identifier: values.user,
    roomId: roomOf(values.room, values['room-string']), privileges: privilegesOf(values.privileges),
  };
  const expire = integer(values, 'expire', limits.userSig.expire);
  if (expire !== undefined) options.expire = expire;
  let key;
  try {
    key = genPrivateMapKey(options);
  } catch (err) {
    throw usageFrom(err, (field) => FLAGS[field.replace(/\[\d+\]$/, '')] ?? '');
  }
  io.stdout.write(key + '\n');
}

/** `--room`: digits a numeric room (unless `--room-string`), anything else a string room. */
function roomOf(room, asString) {
  if (asString || !/^\d+$/.test(room)) return room;
  if (/^0\d/.test(room)) {
    throw new UsageError(`--room ${room} starts with 0: give ${room.replace(/^0+(?=\d)/, '')} for the numeric room, or add --room-string for the string room "${room}"`);
  }
  if (Number(room) > limits.privateMapKey.roomId.max) {
    throw new UsageError(`--room must be at most ${limits.privateMapKey.roomId.max} for a numeric room; add --room-string for the string room "${room}"`);
  }
  return Number(room);
}

/** `--privileges`: a number is the map; otherwise names separated by commas (spaces around them dropped). */
function privilegesOf(text) {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : text.split(',').map((name) => name.trim());
}

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

/**
 * The claims as JSON can hold them: the userbuf as hex, the expiry also as a date (null past year 275760), and a
 * PrivateMapKey's room rights with their end as a date.
 */
function claims({ identifier, sdkAppId: appId, time, expire, userbuf, privateMapKey }) {
  const out = { identifier, sdkAppId: appId, time, expire, expiresAt: isoTime(time + expire) };
  if (userbuf !== undefined) out.userbufHex = Buffer.from(userbuf).toString('hex');
  if (privateMapKey !== undefined) out.privateMapKey = { ...privateMapKey, expiresAt: isoTime(privateMapKey.expiresAt) };
  return out;
}

function hexBytes(hex) {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new UsageError('--userbuf-hex must be hex digits, two a byte (e.g. 0a1b)');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
