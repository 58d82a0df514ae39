// Shared by the suites that drive a page: Debian's headless Chromium through playwright-core, and a static file
// server on 127.0.0.1 with the content types a page needs (`.wasm` as application/wasm, for streaming compilation).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps trying hosts this machine's closed network refuses.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches headless Chromium; resolves to playwright's Browser (close it in an `after`). */
export async function launchChromium() {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (bash scripts/setup.sh --browser)`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/**
 * Serves the files under `dir` on 127.0.0.1, and `routes` ({ '/path': () => text }) before them; resolves to
 * { url, close() }. `dir` may be filled after the server starts.
 */
export async function serveStatic(dir, routes = {}) {
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    if (Object.hasOwn(routes, pathname)) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(routes[pathname]());
      return;
    }
    const path = normalize(join(dir, decodeURIComponent(pathname)));
    if (!path.startsWith(dir + sep) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}
