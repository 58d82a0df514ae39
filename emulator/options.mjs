// Options of startEmulator() and of the command line, their defaults and their checks.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readSeeds } from './conversations.mjs';
import { DEMO_ACCOUNTS, demoConversations, demoGroups } from './demo.mjs';
import { readGroupSeed } from './groups.mjs';

/** The public demo key of every official TLSSigAPIv2 example: fine for an emulator, never for production. */
export const DEMO_SECRET_KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';

export const USAGE = `Usage: tencent-chat-emulator [options]   (in this repository: npm run emulator -- [options])
  --host H              address to listen on (default 127.0.0.1)
  --port N              port, 0 for any free one (default 0)
  --sdkappid N          the app's SDKAppID (default 1400000000)
  --secret-key K        the app's secret key (default: the public demo key)
  --admin ID            the app administrator, imported at start (default administrator)
  --accounts a,b        more UserIDs imported at start
  --conversations FILE  conversation lists at start, JSON: {"alice": [{"Type": 1, "To_Account": "bob",
                        "MsgTime": 1700000000}, {"Type": 2, "GroupId": "g1", "MsgTime": 0, "NoMessages": true}]}
                        (each user imported at start: the demo's, --admin or --accounts)
  --groups FILE         chat groups at start, JSON: [{"groupId": "g1", "type": "Public", "owner": "alice",
                        "members": ["bob", {"account": "carol", "role": "Admin", "joinTime": 1700000000}]}]
                        (members not imported are imported)
  --no-demo             start without the demo (accounts alice, bob, carol and dave, their conversations and
                        the group announcements)
  --rate-limit N        at most N API calls per second, 0 for no limit (default 0)
  --page-size N         conversations in a page of recentcontact/get_list and get_contact_group (default 3)
  --no-cors             send no CORS headers
  --origin URL          a page origin that may call it (repeatable; default: any page on 127.0.0.1, localhost, [::1])
  --quiet               no request log on stderr
  --help                this text`;

const isPositiveInt = (value) => Number.isInteger(value) && value > 0;
const isNonEmptyString = (value) => typeof value === 'string' && value !== '';

/** The origin of `url` as browsers send it in the Origin header, or undefined when it is not a URL. */
function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function check(condition, message) {
  if (!condition) throw new TypeError(`emulator option ${message}`);
}

/** Fills in defaults and rejects bad values with a TypeError. */
export function normalizeOptions(options = {}) {
  const config = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    sdkAppId: Number(options.sdkAppId ?? 1400000000),
    secretKey: options.secretKey ?? DEMO_SECRET_KEY,
    admin: options.admin ?? 'administrator',
    accounts: options.accounts ?? [],
    rateLimit: options.rateLimit ?? 0,
    pageSize: options.pageSize ?? 3,
    conversations: options.conversations ?? {},
    groups: options.groups ?? [],
    demo: options.demo ?? true,
    cors: options.cors ?? true,
    origins: options.origins,
    log: options.log,
    clock: options.clock ?? Date.now,
  };
  check(isNonEmptyString(config.host), 'host must be a non-empty string');
  check(Number.isInteger(config.port) && config.port >= 0 && config.port <= 65535, 'port must be an integer in 0..65535');
  check(isPositiveInt(config.sdkAppId), 'sdkAppId must be a positive integer');
  check(isNonEmptyString(config.secretKey), 'secretKey must be a non-empty string');
  check(isNonEmptyString(config.admin), 'admin must be a non-empty string');
  check(Array.isArray(config.accounts) && config.accounts.every(isNonEmptyString), 'accounts must be an array of UserIDs');
  check(Number.isInteger(config.rateLimit) && config.rateLimit >= 0, 'rateLimit must be a non-negative integer');
  check(isPositiveInt(config.pageSize), 'pageSize must be a positive integer');
  check(typeof config.demo === 'boolean', 'demo must be a boolean');
  if (config.demo) config.accounts = [...new Set([...DEMO_ACCOUNTS, ...config.accounts])];
  config.conversations = readSeedOption(config.conversations, [config.admin, ...config.accounts]);
  // The demo's lists first: a list given for a demo user adds to it (an item of the same conversation replaces it).
  if (config.demo) config.conversations = withDemo(config.conversations);
  config.groups = readGroupsOption(config.groups, config.demo);
  check(typeof config.cors === 'boolean', 'cors must be a boolean');
  const { origins } = config;
  check(
    origins === undefined || typeof origins === 'function' || (Array.isArray(origins) && origins.every(isNonEmptyString)),
    'origins must be a list of origins such as http://127.0.0.1:8080, or a function of the Origin header',
  );
  // An Origin header is exactly scheme://host[:port]: an entry with a path or a trailing slash would never match it.
  for (const entry of Array.isArray(origins) ? origins : []) {
    const origin = originOf(entry);
    const hint = origin && origin !== 'null' ? `: use ${origin}` : ' such as http://127.0.0.1:8080';
    check(origin === entry, `origins: ${entry} is not an origin (scheme://host[:port], no path or trailing slash)${hint}`);
  }
  check(config.log === undefined || typeof config.log === 'boolean' || typeof config.log === 'function', 'log must be a function, true or false');
  check(typeof config.clock === 'function', 'clock must be a function returning Unix milliseconds');
  return config;
}

/** `seeds` (Map(UserID → seeds)) after the demo's lists. */
function withDemo(seeds) {
  const merged = new Map(Object.entries(demoConversations()).map(([user, list]) => [user, readSeeds(list).seeds]));
  for (const [user, list] of seeds) merged.set(user, [...(merged.get(user) ?? []), ...list]);
  return merged;
}

/** The `conversations` option ({ UserID: [seed] }, the users imported at start) → Map(UserID → seeds). */
function readSeedOption(option, imported) {
  check(option !== null && typeof option === 'object' && !Array.isArray(option), 'conversations must be an object { UserID: [conversation] }');
  const seeds = new Map();
  for (const [user, list] of Object.entries(option)) {
    check(imported.includes(user), `conversations: ${user} is not imported at start: add it to accounts (--accounts), or make it the admin`);
    const read = readSeeds(list);
    check(!read.error, `conversations.${user}: ${read.error}`);
    seeds.set(user, read.seeds);
  }
  return seeds;
}

/** The `groups` option ([seed], groups.mjs) → the groups read, after the demo's unless one has the same ID. */
function readGroupsOption(option, demo) {
  check(Array.isArray(option), 'groups must be an array of { groupId, type?, name?, owner?, members }');
  const groups = [];
  for (const [index, seed] of option.entries()) {
    const { group, error } = readGroupSeed(seed);
    check(!error, `groups[${index}]: ${error}`);
    check(!groups.some((g) => g.id === group.id), `groups[${index}]: ${group.id} is given twice`);
    groups.push(group);
  }
  const demoOnes = demo ? demoGroups().map((seed) => readGroupSeed(seed).group).filter((g) => !groups.some((own) => own.id === g.id)) : [];
  return [...demoOnes, ...groups];
}

/** Command-line arguments → startEmulator() options (or { help: true }). */
export function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      sdkappid: { type: 'string' },
      'secret-key': { type: 'string' },
      admin: { type: 'string' },
      accounts: { type: 'string' },
      'rate-limit': { type: 'string' },
      'page-size': { type: 'string' },
      conversations: { type: 'string' },
      groups: { type: 'string' },
      'no-demo': { type: 'boolean' },
      'no-cors': { type: 'boolean' },
      origin: { type: 'string', multiple: true },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return { help: true };
  const number = (text) => (text === undefined ? undefined : /^\d+$/.test(text) ? Number(text) : NaN);
  return {
    host: values.host,
    port: number(values.port),
    sdkAppId: number(values.sdkappid),
    secretKey: values['secret-key'],
    admin: values.admin,
    accounts: values.accounts?.split(',').filter((id) => id !== ''),
    rateLimit: number(values['rate-limit']),
    pageSize: number(values['page-size']),
    conversations: values.conversations === undefined ? undefined : readJsonFile('--conversations', values.conversations),
    groups: values.groups === undefined ? undefined : readJsonFile('--groups', values.groups),
    demo: !values['no-demo'],
    cors: !values['no-cors'],
    origins: values.origin,
    log: !values.quiet,
  };
}

/** The JSON of `--conversations FILE` or `--groups FILE` (its shape is checked with the option's); an Error naming the file. */
function readJsonFile(flag, path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${flag} ${path}: ${error.code === 'ENOENT' ? 'no such file' : `cannot be read (${error.code ?? error.message})`}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${flag} ${path} is not JSON (${error.message})`);
  }
}
