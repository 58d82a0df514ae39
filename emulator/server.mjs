#!/usr/bin/env node
// A local emulator of the Tencent Cloud Chat REST API (the conversation family, accounts and kick), for tests and demos.
// HTTP layer: reads requests, routes them (preflight, /__emulator/ control, /v4/ API), writes replies, logs.
// Run `node emulator/server.mjs --help`, or import { startEmulator } from this file. See README.md.
import { realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { handleApi, isApiPath } from './api.mjs';
import { CONTROL_PREFIX, handleControl, seedConversations } from './control.mjs';
import { readGroupSeed } from './groups.mjs';
import { allowOrigin, hostAllowed, originAllowed, preflightHeaders } from './cors.mjs';
import { logLine, logger } from './log.mjs';
import { normalizeOptions, parseCli, USAGE, DEMO_SECRET_KEY } from './options.mjs';
import { fail } from './replies.mjs';
import { EmulatorState } from './state.mjs';

const BODY_LIMIT_BYTES = 1024 * 1024;

/** Reads the whole body; past the limit it keeps reading (so the client can finish sending) but drops the bytes. */
async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size <= BODY_LIMIT_BYTES) chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > BODY_LIMIT_BYTES };
}

function splitUrl(url) {
  const mark = url.indexOf('?');
  return mark === -1
    ? { path: url, params: new URLSearchParams() }
    : { path: url.slice(0, mark), params: new URLSearchParams(url.slice(mark + 1)) };
}

/**
 * The refusal of a request with a Host that is not the emulator's or an Origin that is not allowed (null: none).
 * `allowed`: whether its Origin is allowed (asked once per request, by onRequest).
 */
function guard(emulator, req, allowed) {
  if (!hostAllowed(emulator.host, req.headers.host)) return fail(60002, 'unknown Host: call the emulator by a loopback name', { status: 421 });
  const { origin } = req.headers;
  if (origin !== undefined && !allowed) {
    return fail(60002, `origin ${origin.slice(0, 200)} is not allowed: start the emulator with origins: [...] to allow it`, { status: 403 });
  }
  return null;
}

async function route(emulator, req, path, params, allowed) {
  const refused = guard(emulator, req, allowed);
  if (refused) return refused;
  if (req.method === 'OPTIONS') {
    return emulator.cors
      ? { status: 204, headers: preflightHeaders(req.headers), body: '', code: null }
      : fail(60002, 'OPTIONS is not answered: CORS is off', { status: 405, headers: { allow: 'POST' } });
  }
  const { text, tooLarge } = await readBody(req);
  if (isApiPath(path)) return handleApi(emulator, { method: req.method, path, params, text, tooLarge });
  if (path.startsWith(CONTROL_PREFIX)) return handleControl(emulator, { method: req.method, path, text });
  return fail(60009, `${path} is not a REST API path`, { status: 404 });
}

/** Writes `reply`; `origin` is the allowed Origin to name in the CORS header (undefined: none). */
function write(res, reply, origin) {
  if (reply.drop) {
    res.socket?.destroy();
    return;
  }
  res.writeHead(reply.status, {
    ...reply.headers,
    ...(origin ? allowOrigin(origin) : {}),
    ...(reply.status === 204 ? {} : { 'content-length': Buffer.byteLength(reply.body) }),
  });
  res.end(reply.body);
}

async function onRequest(emulator, req, res) {
  const started = performance.now();
  const { path, params } = splitUrl(req.url);
  const { origin } = req.headers;
  let reply;
  // Whether the Origin is allowed, asked once: a user's `origins` function that throws makes a 500 answer (without
  // a CORS header), not an unhandled rejection.
  let allowed = false;
  try {
    allowed = origin !== undefined && originAllowed(emulator.origins, origin);
    reply = await route(emulator, req, path, params, allowed);
  } catch (error) {
    if (emulator.signal.aborted) reply = { drop: true }; // closing while a fault delay was pending
    else reply = fail(50004, `emulator internal error: ${error?.message ?? error}`, { status: 500 });
  }
  const named = emulator.cors && allowed && reply.status !== 403 && reply.status !== 421;
  write(res, reply, named ? origin : undefined);
  const outcome = reply.drop ? 'dropped' : `${reply.status} ${reply.code ?? '-'}`;
  emulator.log(logLine({ method: req.method, path, params, outcome, ms: performance.now() - started }));
}

/**
 * Starts an emulator. Options (all optional): host, port, sdkAppId, secretKey, admin, accounts (UserIDs imported at
 * start besides the admin), rateLimit (0 = none), pageSize (get_list / get_contact_group page, default 3),
 * conversations ({ UserID: [seed] }, see conversations.mjs), groups ([{ groupId, type?, name?, owner?, members }],
 * see groups.mjs; members not imported are imported), demo (default true: the demo accounts, their conversations
 * and group, demo.mjs, besides those given; false: the admin and what is given only), cors (default true),
 * origins (the page origins that may call it: a list, or a function of the Origin header; default any page on a
 * loopback name, see cors.mjs), log (a function taking one line, true for stderr, or false; default false: quiet,
 * the command line logs), clock (() => Unix ms, default Date.now; for tests of expiry and rate windows).
 * Resolves to { url, port, state(), seedConversations(fromAccount, conversations), seedGroup(seed),
 * onGroupEvent(listener) (the group changes made through the REST API; returns the unsubscribe function), close() }.
 */
export async function startEmulator(options) {
  const config = normalizeOptions(options);
  const abort = new AbortController();
  const emulator = {
    sdkAppId: config.sdkAppId,
    secretKey: config.secretKey,
    cors: config.cors,
    host: config.host,
    origins: config.origins,
    clock: config.clock,
    log: logger(config.log),
    signal: abort.signal,
  };
  emulator.state = new EmulatorState({ ...config, log: emulator.log });
  const server = createServer((req, res) => onRequest(emulator, req, res));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address();
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    state: () => emulator.state.snapshot(),
    seedConversations: (fromAccount, conversations) => {
      const error = seedConversations(emulator.state, fromAccount, conversations);
      if (error) throw new TypeError(`seedConversations: ${error}`);
    },
    seedGroup: (seed) => {
      const { group, error } = readGroupSeed(seed);
      if (error) throw new TypeError(`seedGroup: ${error}`);
      emulator.state.seedGroup(group);
    },
    onGroupEvent: (listener) => {
      if (typeof listener !== 'function') throw new TypeError('onGroupEvent: listener must be a function');
      return emulator.state.onGroupEvent(listener);
    },
    close: () => {
      abort.abort();
      const closed = new Promise((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}

async function main(argv) {
  const options = parseCli(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const emulator = await startEmulator(options);
  // Before the first line: whoever waits for it may stop the emulator at once.
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => emulator.close());
  console.log(`tencent-chat emulator listening on ${emulator.url}`);
  if (options.log !== false) {
    const key = (options.secretKey ?? DEMO_SECRET_KEY) === DEMO_SECRET_KEY ? 'the public demo key' : 'the one given';
    const { sdkAppId, admins, accounts } = emulator.state();
    const demo = options.demo ? ' (with the demo conversations; --no-demo: without)' : '';
    process.stderr.write(
      `[emulator] sdkappid ${sdkAppId}, admin ${admins[0]}, accounts ${accounts.map((a) => a.UserID).join(',')}${demo}, secret key: ${key}\n`,
    );
    process.stderr.write(commandLineSettings(emulator.url, sdkAppId, admins[0], options.secretKey));
  }
}

/**
 * The environment of `tencent-chat-admin` against this emulator, as an `export` line to paste. The secret key is
 * printed only when it is the public demo key: a key given with --secret-key never appears.
 */
function commandLineSettings(url, sdkAppId, admin, secretKey = DEMO_SECRET_KEY) {
  const quoted = (value) => (/^[\w.:/@-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`);
  const demoKey = secretKey === DEMO_SECRET_KEY;
  const settings = { TENCENT_CHAT_ENDPOINT: url, TENCENT_CHAT_SDK_APP_ID: sdkAppId, TENCENT_CHAT_IDENTIFIER: admin, ...(demoKey ? { TENCENT_CHAT_SECRET_KEY: secretKey } : {}) };
  const line = Object.entries(settings).map(([name, value]) => `${name}=${quoted(String(value))}`).join(' ');
  const key = demoKey ? '' : '   # and TENCENT_CHAT_SECRET_KEY: the key given with --secret-key';
  return `[emulator] the command line (tencent-chat-admin) against it, in another terminal:\nexport ${line}${key}\n`;
}

function isMain() {
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false; // no script path (REPL, -e) or one that does not exist
  }
}

if (isMain()) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`emulator: ${error.message}`);
    process.exitCode = 1;
  });
}
