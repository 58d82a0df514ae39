// Headless Chromium (playwright-core, Debian's /usr/bin/chromium) and a tiny static server on 127.0.0.1 that
// serves the repo's pkg/, bench/ and the two npm packages the pure-JS stand-in imports.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from './common.mjs';

const SERVED = ['/pkg/', '/bench/', '/node_modules/js-sha256/build/', '/node_modules/pako/dist/'];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function startStaticServer() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!SERVED.some((prefix) => path.startsWith(prefix))) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(ROOT, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

/** Runs fn({ browser, base, version }) with Chromium and the static server up; closes both after. */
export async function withBrowser(fn) {
  const { chromium } = createRequire(ROOT)('playwright-core');
  const server = await startStaticServer();
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    return await fn({ browser, base: server.base, version: browser.version() });
  } finally {
    await browser?.close();
    await server.close();
  }
}

/** Opens the bench page in a fresh context (empty cache) and waits until the package has loaded. */
export async function openPage(browser, base) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${base}/bench/page/index.html`);
  await page.waitForFunction(() => window.coldStart || window.loadError, null, { timeout: 20000 });
  const loadError = await page.evaluate(() => window.loadError);
  if (loadError || errors.length) throw new Error(`bench page failed: ${loadError ?? errors.join('; ')}`);
  return { page, context };
}
