#!/usr/bin/env node
// `npm start`: builds pkg/ when it is missing or older than its sources, starts the emulator (with its demo:
// accounts and conversations) and serves the admin dashboard (www/) with the package (pkg/) on 127.0.0.1, then prints the URL.
// Usage: node scripts/start.mjs [--port N] [--log] [--no-build]   (see USAGE below).
//
// Routes: /            www/index.html         /pkg/*          the built package
//         /*           www/*                  /demo-config.json  the page's demo settings (pre-fill)
//         /chat-api/v4/*  a same-origin proxy to the emulator's /v4/*, as an operator would put in front of a
//                         region that refuses cross-origin calls (the page shows it as the endpoint option).
//                         It answers the dashboard's own pages and callers without an Origin (curl, Node) only:
//                         another site open in the same browser gets 403 before anything is forwarded.
// Import start({ port, build, log }) from this file in tests: it resolves to { url, emulatorUrl, close() }.
// On a fresh clone this runs before scripts/setup.sh has installed any npm package: this file and what it imports
// use Node's built-ins only (tests/scripts/fresh-clone.test.mjs checks it).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmulator } from '../emulator/server.mjs';
import { DEMO_ACCOUNTS, DEMO_GROUPS } from '../emulator/demo.mjs';
import { DEMO_SECRET_KEY } from '../emulator/options.mjs';
import { isMain } from './is-main.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const WWW = join(ROOT, 'www');
const PKG = join(ROOT, 'pkg');
// The dashboard's CSV reader, loaded by the page only when a CSV file is chosen (csv-parse's browser build).
const CSV_PARSE = join(ROOT, 'node_modules/csv-parse/dist/esm/sync.js');
const HOST = '127.0.0.1';
const PROXY_PREFIX = '/chat-api';
const DEFAULT_PORT = 8080;
const USAGE = `Usage: node scripts/start.mjs [options]   (npm start -- [options])
  --port N     port on 127.0.0.1 (default: PORT from the environment, else 8080; a busy port falls back to a free one)
  --log        print the emulator's request log on stderr (usersig redacted)
  --no-build   serve pkg/ as it is, even when older than src/
  --help       this text`;

export const DEMO = Object.freeze({
  sdkAppId: 1400000000,
  admin: 'administrator',
  secretKey: DEMO_SECRET_KEY,
  // The emulator's demo (emulator/demo.mjs): these accounts and their conversation lists.
  accounts: DEMO_ACCOUNTS,
  // The emulator accepts any GroupId (the docs say nothing about unknown groups): these are suggestions for the UI.
  groups: DEMO_GROUPS,
});

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // 'wasm-unsafe-eval' lets the page compile the package's .wasm; connect-src allows the same-origin proxy,
  // loopback emulators and any https:// endpoint (the regions, or an operator's own proxy).
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self' http://127.0.0.1:* http://localhost:* https:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; '),
};

// ---------------------------------------------------------------------------------------------------------------
// Build when needed

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** Why pkg/ must be (re)built, or null when it is there and newer than its sources. */
export function buildReason() {
  const outputs = ['index.js', 'tencent_chat_admin.js', 'tencent_chat_admin_bg.wasm'].map((f) => join(PKG, f));
  if (!outputs.every((f) => existsSync(f))) return 'pkg/ is missing';
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const sources = ['src', 'Cargo.toml', 'pkg-template'].map((p) => join(ROOT, p));
  return sources.some((p) => newestMtime(p) > built) ? 'pkg/ is older than src/, Cargo.toml or pkg-template/' : null;
}

/** The build running now, if any (so that a signal can stop it). */
let building = null;

/** Runs scripts/build.mjs (which runs scripts/setup.sh) with its output on stderr, so stdout stays one line. */
async function ensureBuilt(mode) {
  if (mode === 'never') return;
  const reason = mode === 'always' ? 'a build was asked for' : buildReason();
  if (!reason || (mode === 'if-missing' && existsSync(join(PKG, 'index.js')))) return;
  process.stderr.write(`start: building the package (${reason})…\n`);
  building = spawn(process.execPath, [join(ROOT, 'scripts/build.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  const [code, signal] = await once(building, 'exit');
  building = null;
  if (code === 0) return;
  const failed = `start: node scripts/build.mjs failed (${signal ?? `exit ${code}`})`;
  if (signal) throw new Error(failed);
  // A source mid-edit should not stop the demo when a package from before is still there.
  if (mode !== 'always' && existsSync(join(PKG, 'index.js')) && existsSync(join(PKG, 'tencent_chat_admin_bg.wasm'))) {
    process.stderr.write(`${failed}; serving the pkg/ built before (it may be stale)\n`);
    return;
  }
  throw new Error(failed);
}

// ---------------------------------------------------------------------------------------------------------------
// Static files

/** The file under `root` that `relPath` (already URL-decoded) names, or null when it escapes root or is not a file. */
function fileUnder(root, relPath) {
  if (relPath.includes('\0')) return null;
  const segments = relPath.split(/[\\/]+/).filter(Boolean);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const path = resolve(root, ...segments);
  if (path !== root && !path.startsWith(root + sep)) return null;
  try {
    const real = realpathSync(path);
    const realRoot = realpathSync(root);
    if (!real.startsWith(realRoot + sep)) return null;
    return statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function sendFile(req, res, file) {
  const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'content-length': statSync(file).size,
    'cache-control': 'no-cache',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

// ---------------------------------------------------------------------------------------------------------------
// The same-origin proxy: /chat-api/v4/... → emulator /v4/... (method, query, content-type and body as sent)

/**
 * Proxies `req` to the emulator. A page of another origin is refused here with 403, before anything is read or
 * forwarded, as the emulator refuses it (`allowed`: the emulator's `origins` rule; a request without an Origin,
 * from curl or Node, is not a page and is answered). Its Origin is forwarded too, so the emulator's own check
 * applies as well: without it a page of any site could post `text/plain` calls (no preflight) into the demo state.
 */
function proxy(req, res, emulatorPort, path, allowed) {
  const { origin } = req.headers;
  if (origin !== undefined && !allowed(origin)) {
    const info = `origin ${origin.slice(0, 200)} is not allowed: the proxy answers the dashboard's own pages only`;
    const body = JSON.stringify({ ActionStatus: 'FAIL', ErrorCode: 60002, ErrorInfo: info, ErrorDisplay: '' });
    return send(res, 403, body, { 'content-type': MIME['.json'], connection: 'close' });
  }
  const options = {
    host: HOST,
    port: emulatorPort,
    method: req.method,
    path,
    headers: {
      'content-type': req.headers['content-type'] ?? 'application/json',
      ...(req.headers['content-length'] ? { 'content-length': req.headers['content-length'] } : {}),
      ...(origin !== undefined ? { origin } : {}),
    },
  };
  const onAnswer = (answer) => {
    const headers = { 'cache-control': 'no-store' };
    for (const name of ['content-type', 'content-length']) if (answer.headers[name]) headers[name] = answer.headers[name];
    res.writeHead(answer.statusCode, headers);
    answer.pipe(res);
  };
  let upstream;
  try {
    upstream = httpRequest(options, onAnswer);
  } catch {
    return send(res, 400, 'bad request\n', { 'content-type': 'text/plain; charset=utf-8' });
  }
  // The emulator dropping a call (an injected fault) is passed on as a dropped call.
  upstream.on('error', () => res.socket?.destroy());
  req.pipe(upstream);
}

// ---------------------------------------------------------------------------------------------------------------

function listen(server, port) {
  return new Promise((resolveListen, reject) => {
    const onError = (error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolveListen(server.address().port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, HOST);
  });
}

/**
 * Starts the demo: the emulator and the dashboard's HTTP server, both on 127.0.0.1.
 * Options: port (default 8080; 0 = any free one; a busy port falls back to a free one), build ('auto': when pkg/
 * is missing or stale (default), 'if-missing', 'always', 'never'), log (the emulator's request log: a function,
 * or false (default)). Resolves to { url, emulatorUrl, port, emulator, close() }.
 */
export async function start({ port = DEFAULT_PORT, build = 'auto', log = false } = {}) {
  await ensureBuilt(build);
  // The emulator answers pages of the dashboard's origin only (on any loopback name), once its port is known.
  let dashboardPort;
  const origins = (origin) => {
    try {
      const url = new URL(origin);
      return url.protocol === 'http:' && Number(url.port) === dashboardPort && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    } catch {
      return false;
    }
  };
  const emulator = await startEmulator({
    origins,
    host: HOST,
    port: 0,
    sdkAppId: DEMO.sdkAppId,
    admin: DEMO.admin,
    secretKey: DEMO.secretKey,
    demo: true, // the demo accounts and their conversations (emulator/demo.mjs)
    log,
  });
  const config = JSON.stringify({
    demo: true,
    emulatorUrl: emulator.url,
    proxyEndpoint: PROXY_PREFIX,
    sdkAppId: DEMO.sdkAppId,
    identifier: DEMO.admin,
    secretKey: DEMO.secretKey,
    accounts: DEMO.accounts,
    groups: DEMO.groups,
  });

  const server = createServer((req, res) => {
    // Only names of this machine: a page on another site that rebinds its DNS name to 127.0.0.1
    // would otherwise be able to drive the emulator through this server.
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
      return send(res, 421, 'unknown host\n', { 'content-type': 'text/plain; charset=utf-8' });
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(res, 400, 'bad request\n', { 'content-type': 'text/plain; charset=utf-8' });
    }
    if (req.url.startsWith(`${PROXY_PREFIX}/v4/`)) {
      // The raw (still encoded) path and query, as the page sent them.
      return proxy(req, res, emulator.port, req.url.slice(PROXY_PREFIX.length), origins);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'method not allowed\n', { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    }
    if (pathname === '/demo-config.json') {
      return send(res, 200, config, { 'content-type': MIME['.json'], 'cache-control': 'no-store' });
    }
    if (pathname === '/vendor/csv-parse.js') {
      if (!existsSync(CSV_PARSE)) return send(res, 404, 'csv-parse is not installed: run scripts/setup.sh\n', { 'content-type': 'text/plain; charset=utf-8' });
      return sendFile(req, res, CSV_PARSE);
    }
    const file = pathname.startsWith('/pkg/')
      ? fileUnder(PKG, pathname.slice('/pkg/'.length))
      : fileUnder(WWW, pathname === '/' ? 'index.html' : pathname);
    if (!file) return send(res, 404, 'not found\n', { 'content-type': 'text/plain; charset=utf-8' });
    return sendFile(req, res, file);
  });

  let actualPort;
  try {
    try {
      actualPort = await listen(server, port);
    } catch (error) {
      if (error.code !== 'EADDRINUSE') throw error;
      process.stderr.write(`start: port ${port} is busy, using a free one\n`);
      actualPort = await listen(server, 0);
    }
  } catch (error) {
    await emulator.close();
    throw error;
  }
  dashboardPort = actualPort;

  let closing;
  return {
    url: `http://${HOST}:${actualPort}/`,
    emulatorUrl: emulator.url,
    port: actualPort,
    emulator,
    close() {
      closing ??= Promise.all([
        new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
        emulator.close(),
      ]).then(() => undefined);
      return closing;
    },
  };
}

function portFrom(value, what) {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`start: ${what} must be a port number (0..65535)`);
  return port;
}

async function main(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      log: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = portFrom(values.port, '--port') ?? portFrom(process.env.PORT, 'PORT') ?? DEFAULT_PORT;
  // Signals are handled from the start: during a build they stop it, afterwards they close the servers.
  let demo = null;
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    if (building) building.kill(signal);
    const closed = demo ? demo.close() : Promise.resolve();
    closed.then(() => process.exit(demo ? 0 : 1));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  demo = await start({ port, build: values['no-build'] ? 'never' : 'auto', log: Boolean(values.log) });
  if (stopping) return demo.close().then(() => process.exit(0));
  console.log(`Tencent Chat admin dashboard (local emulator, demo accounts): ${demo.url}`);
}

if (isMain(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
