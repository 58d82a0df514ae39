// The connection and credentials a command uses, from its flags and the environment (flags win). A secret key
// or a UserSig is never taken as a flag: it would show in `ps` and in the shell's history.
import { readFileSync } from 'node:fs';
import { ChatAdmin, limits } from 'tencent-chat-admin';
import { integer } from './args.mjs';
import { UsageError, fixedUserSig, usageFrom } from './errors.mjs';
import { decodeUtf8 } from './output.mjs';

const ENV = {
  'sdk-app-id': 'TENCENT_CHAT_SDK_APP_ID',
  identifier: 'TENCENT_CHAT_IDENTIFIER',
  region: 'TENCENT_CHAT_REGION',
  endpoint: 'TENCENT_CHAT_ENDPOINT',
};

/** The credentials: { secretKey } or { userSig }, from the environment or a file; UsageError otherwise. */
export function credentials(values, env) {
  const { key, value } = credential(values, env);
  return { [key]: value };
}

/** The one credential given: { key: 'secretKey' | 'userSig', value, source (the variable, or the flag and path) }. */
function credential(values, env) {
  const file = (flag) => values[flag] !== undefined && readSecret(values[flag], `--${flag}`);
  const given = [
    ['TENCENT_CHAT_SECRET_KEY', 'secretKey', env.TENCENT_CHAT_SECRET_KEY],
    [`--secret-key-file ${values['secret-key-file']}`, 'secretKey', file('secret-key-file')],
    ['TENCENT_CHAT_USER_SIG', 'userSig', env.TENCENT_CHAT_USER_SIG],
    [`--user-sig-file ${values['user-sig-file']}`, 'userSig', file('user-sig-file')],
  ].filter(([, , value]) => value);
  if (given.length === 0) {
    throw new UsageError('no credentials: set TENCENT_CHAT_SECRET_KEY (or --secret-key-file PATH) or TENCENT_CHAT_USER_SIG (or --user-sig-file PATH)');
  }
  if (given.length > 1) {
    throw new UsageError(`credentials given twice: ${given.map(([source]) => source.split(' ')[0]).join(' and ')}; give one`);
  }
  const [[source, key, value]] = given;
  return { key, value: oneLine(value.trim(), source, key === 'secretKey' ? 'secret key' : 'UserSig'), source };
}

/**
 * A credential is one line: a file (or variable) of two would fail only later, with the service's 70009 or 70003.
 * `source` names it in the error, `what` says what it holds (the content is never shown).
 */
function oneLine(text, source, what) {
  const lines = text.split(/\r?\n/).length;
  if (lines > 1) throw new UsageError(`${source}: ${lines} lines; it must hold the ${what} alone, on one line`);
  return text;
}

/**
 * The secret key alone (for `usersig gen` and `verify`): TENCENT_CHAT_SECRET_KEY or --secret-key-file, one of them;
 * a UserSig cannot stand in for it.
 */
export function secretKey(values, env) {
  const fromFile = values['secret-key-file'];
  if (fromFile !== undefined && env.TENCENT_CHAT_SECRET_KEY) {
    throw new UsageError('the secret key is given twice: TENCENT_CHAT_SECRET_KEY and --secret-key-file; give one');
  }
  if (fromFile !== undefined) return oneLine(readSecret(fromFile, '--secret-key-file'), `--secret-key-file ${fromFile}`, 'secret key');
  if (env.TENCENT_CHAT_SECRET_KEY) return oneLine(env.TENCENT_CHAT_SECRET_KEY.trim(), 'TENCENT_CHAT_SECRET_KEY', 'secret key');
  throw new UsageError('missing the secret key: set TENCENT_CHAT_SECRET_KEY, or use --secret-key-file PATH');
}

/** A file's UTF-8 text, trimmed; UsageError naming the flag and the path (never the content) when it cannot be read. */
function readSecret(path, flag) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new UsageError(`${flag} ${path}: ${err.code === 'ENOENT' ? 'no such file' : `cannot be read (${err.code ?? 'error'})`}`);
  }
  const text = decodeUtf8(bytes, `${flag} ${path}`).trim();
  if (!text) throw new UsageError(`${flag} ${path}: the file is empty`);
  return text;
}

/** A connection setting and where it came from: { value, source } (the flag, or else its variable), or {}. */
function sourced(values, env, flag) {
  if (values[flag] !== undefined) return { value: values[flag], source: `--${flag}` };
  if (env[ENV[flag]]) return { value: env[ENV[flag]], source: ENV[flag] };
  return {};
}

/** The value of a connection flag, or of its environment variable. */
export function setting(values, env, flag) {
  return sourced(values, env, flag).value;
}

/** The SDKAppID from --sdk-app-id or TENCENT_CHAT_SDK_APP_ID, required; an error names the one it came from. */
export function sdkAppId(values, env) {
  const { value: text, source } = sourced(values, env, 'sdk-app-id');
  if (text === undefined) throw new UsageError('missing --sdk-app-id (or TENCENT_CHAT_SDK_APP_ID)');
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 0xffffffff) {
    throw new UsageError(`${source} must be the app's SDKAppID (a positive integer), not ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/**
 * Where the service is: { key: 'region' | 'endpoint', value, source }. A flag (--region or --endpoint) wins over
 * both variables; two flags, or two variables and no flag, are refused naming them.
 */
function location(values, env) {
  const both = ['region', 'endpoint'];
  const flags = both.filter((f) => values[f] !== undefined);
  if (flags.length === 2) throw new UsageError('--region and --endpoint are both given as flags; give one');
  const vars = both.filter((f) => env[ENV[f]]);
  if (flags.length === 0 && vars.length === 2) {
    throw new UsageError('TENCENT_CHAT_REGION and TENCENT_CHAT_ENDPOINT are both set in the environment: unset one, or give --region or --endpoint (a flag wins over both)');
  }
  const key = flags[0] ?? vars[0];
  if (key === undefined) throw new UsageError('missing --region (or TENCENT_CHAT_REGION), or --endpoint (or TENCENT_CHAT_ENDPOINT)');
  return flags.length ? { key, value: values[key], source: `--${key}` } : { key, value: env[ENV[key]], source: ENV[key] };
}

/** The ChatAdmin options the flags and environment give; UsageError for what is missing or wrong. */
export function clientOptions(values, env) {
  return resolve(values, env).options;
}

/** { options, sources }: the ChatAdmin options, and for each the flag, variable or file it came from. */
function resolve(values, env) {
  const secret = credential(values, env);
  const identifier = sourced(values, env, 'identifier');
  if (identifier.value === undefined) throw new UsageError('missing --identifier (or TENCENT_CHAT_IDENTIFIER): an app administrator account');
  const where = location(values, env);
  const options = { sdkAppId: sdkAppId(values, env), identifier: identifier.value, [secret.key]: secret.value, [where.key]: where.value };
  const sources = {
    sdkAppId: sourced(values, env, 'sdk-app-id').source,
    identifier: identifier.source,
    [secret.key]: secret.source,
    [where.key]: where.source,
    timeoutMs: '--timeout-ms',
    allowInsecureHttp: '--allow-insecure-http',
  };
  const timeoutMs = integer(values, 'timeout-ms', limits.timeoutMs);
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  if (values['allow-insecure-http']) options.allowInsecureHttp = true;
  return { options, sources };
}

/**
 * A client for the flags and environment. The package's own checks (a bad region, say) become usage errors naming
 * where the value came from: the flag, the variable, or the file.
 */
export function connect(values, env) {
  const { options, sources } = resolve(values, env);
  fixedUserSig.source = options.userSig === undefined ? undefined : sources.userSig;
  try {
    return new ChatAdmin(options);
  } catch (err) {
    // A UserSig that does not decode (the package refused it, sending nothing): named by where it came from.
    if (err?.name === 'ChatError' && err.kind === 'usersig' && err.field === 'userSig') {
      const key = /^[0-9a-f]{64}$/i.test(options.userSig);
      throw new UsageError(key
        ? `${sources.userSig} looks like the secret key (64 hex characters), not a UserSig: set TENCENT_CHAT_SECRET_KEY (or use --secret-key-file PATH) instead; nothing was sent`
        : err.message.replace(/^userSig /, `${sources.userSig} `));
    }
    const usage = usageFrom(err, (field) => sources[field.split(/[.[]/)[0]] ?? '');
    // The package names its option; the user gave the flag ("--allow-insecure-http: allowInsecureHttp goes …").
    if (usage instanceof UsageError) usage.message = usage.message.replaceAll('allowInsecureHttp', '--allow-insecure-http').replace(/^(\S+): \1 /, '$1 ');
    throw usage;
  }
}
