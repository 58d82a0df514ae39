// The connection and credentials a command uses, from its flags and the environment (flags win). A secret key
// or a UserSig is never taken as a flag: it would show in `ps` and in the shell's history.
import { readFileSync } from 'node:fs';
import { ChatAdmin } from 'tencent-chat-admin';
import { integer } from './args.mjs';
import { UsageError, usageFrom } from './errors.mjs';

const ENV = {
  'sdk-app-id': 'TENCENT_CHAT_SDK_APP_ID',
  identifier: 'TENCENT_CHAT_IDENTIFIER',
  region: 'TENCENT_CHAT_REGION',
  endpoint: 'TENCENT_CHAT_ENDPOINT',
};

/** The credentials: { secretKey } or { userSig }, from the environment or a file; UsageError otherwise. */
export function credentials(values, env) {
  const given = [
    ['TENCENT_CHAT_SECRET_KEY', 'secretKey', env.TENCENT_CHAT_SECRET_KEY],
    ['--secret-key-file', 'secretKey', values['secret-key-file'] !== undefined && readSecret(values['secret-key-file'], '--secret-key-file')],
    ['TENCENT_CHAT_USER_SIG', 'userSig', env.TENCENT_CHAT_USER_SIG],
    ['--user-sig-file', 'userSig', values['user-sig-file'] !== undefined && readSecret(values['user-sig-file'], '--user-sig-file')],
  ].filter(([, , value]) => value);
  if (given.length === 0) {
    throw new UsageError('no credentials: set TENCENT_CHAT_SECRET_KEY (or --secret-key-file PATH) or TENCENT_CHAT_USER_SIG (or --user-sig-file PATH)');
  }
  if (given.length > 1) throw new UsageError(`credentials given twice: ${given.map(([source]) => source).join(' and ')}; give one`);
  const [[, key, value]] = given;
  return { [key]: value.trim() };
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
  if (fromFile !== undefined) return readSecret(fromFile, '--secret-key-file');
  if (env.TENCENT_CHAT_SECRET_KEY) return env.TENCENT_CHAT_SECRET_KEY.trim();
  throw new UsageError('missing the secret key: set TENCENT_CHAT_SECRET_KEY, or use --secret-key-file PATH');
}

/** A file's text, trimmed; UsageError naming the flag and the path (never the content) when it cannot be read. */
function readSecret(path, flag) {
  let text;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new UsageError(`${flag} ${path}: ${err.code === 'ENOENT' ? 'no such file' : `cannot be read (${err.code ?? 'error'})`}`);
  }
  if (!text) throw new UsageError(`${flag} ${path}: the file is empty`);
  return text;
}

/** The value of a connection flag, or of its environment variable. */
export function setting(values, env, flag) {
  return values[flag] ?? (env[ENV[flag]] || undefined);
}

/** The SDKAppID from --sdk-app-id or TENCENT_CHAT_SDK_APP_ID, required. */
export function sdkAppId(values, env) {
  const text = setting(values, env, 'sdk-app-id');
  if (text === undefined) throw new UsageError('missing --sdk-app-id (or TENCENT_CHAT_SDK_APP_ID)');
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 0xffffffff) {
    throw new UsageError(`--sdk-app-id must be the app's SDKAppID (a positive integer), not ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/** The ChatAdmin options the flags and environment give; UsageError for what is missing or wrong. */
export function clientOptions(values, env) {
  const secret = credentials(values, env);
  const identifier = setting(values, env, 'identifier');
  if (identifier === undefined) throw new UsageError('missing --identifier (or TENCENT_CHAT_IDENTIFIER): an app administrator account');
  const region = setting(values, env, 'region');
  const endpoint = setting(values, env, 'endpoint');
  if (region !== undefined && endpoint !== undefined) {
    throw new UsageError('give --region (TENCENT_CHAT_REGION) or --endpoint (TENCENT_CHAT_ENDPOINT), not both');
  }
  if (region === undefined && endpoint === undefined) throw new UsageError('missing --region (or TENCENT_CHAT_REGION), or --endpoint');
  const options = { sdkAppId: sdkAppId(values, env), identifier, ...secret };
  if (region !== undefined) options.region = region;
  if (endpoint !== undefined) options.endpoint = endpoint;
  const timeoutMs = integer(values, 'timeout-ms', { min: 1, max: 600_000 });
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  if (values['allow-insecure-http']) options.allowInsecureHttp = true;
  return options;
}

/** A client for the flags and environment. The package's own checks (a bad region, say) become usage errors. */
export function connect(values, env) {
  const options = clientOptions(values, env);
  try {
    return new ChatAdmin(options);
  } catch (err) {
    throw usageFrom(err, (field) => FLAG_OF[field.split(/[.[]/)[0]] ?? '');
  }
}

/** The flag (and variable) behind each client option, for the package's messages. */
const FLAG_OF = {
  sdkAppId: '--sdk-app-id',
  identifier: '--identifier',
  region: '--region',
  endpoint: '--endpoint',
  timeoutMs: '--timeout-ms',
  secretKey: 'TENCENT_CHAT_SECRET_KEY',
  userSig: 'TENCENT_CHAT_USER_SIG',
};
