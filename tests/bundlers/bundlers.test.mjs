// Pages built with bundlers: the packed package installed into throw-away projects, a page that imports
// it by name (fixture/) built with Vite (its JS API, as `vite build` in the project: no config), served by Vite's
// dev server, built with webpack (its JS API: mode and entry only) and with esbuild (the README's build script, run
// as written), each opened in headless Chromium, where it pins a conversation at the emulator. Prints the size of
// what each bundler emits.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { startEmulator } from '../../emulator/server.mjs';
import { launchChromium, serveStatic } from '../browser.mjs';
import { officialSig } from '../official.mjs';
import { installInto, pack, ROOT, run } from '../packed.mjs';
import { until } from '../js/helpers.mjs';

const FIXTURE = new URL('./fixture/', import.meta.url);

/** The README's esbuild build script: the ```js block of the Bundlers section that imports esbuild. */
function readmeEsbuildScript() {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Bundlers'), readme.indexOf('\n### ', readme.indexOf('### Bundlers') + 1));
  const [script] = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).filter((code) => code.includes("from 'esbuild'"));
  assert.ok(script, "the README's Bundlers section has no esbuild build script");
  return script;
}

// The page's own server: a UserSig for the page's administrator (the page never sees the key).
const USERSIG_ROUTE = { '/admin/usersig': () => officialSig() };

/** Serves `out`, a bundler's output, with the UserSig route; resolves to { out, url, close() }. */
const served = async (out) => ({ out, ...(await serveStatic(out, USERSIG_ROUTE)) });

// Each builds the page in the project `dir` (or, Vite's dev server, serves it as it is) and resolves to
// { out: the folder it emitted, if any; url: where the page is served; close() }. The project gets the bundler
// as a user's would have it installed: in the same process, or the repo's copy linked into its node_modules.
const BUNDLERS = {
  async vite(dir) {
    const { build } = await import('vite');
    await build({ root: dir, logLevel: 'warn' }); // `vite build` in the project
    return served(join(dir, 'dist'));
  },
  async 'vite-dev'(dir) {
    const { createServer } = await import('vite');
    const usersig = {
      name: 'usersig',
      configureServer(server) {
        server.middlewares.use('/admin/usersig', (_, res) => res.end(officialSig()));
      },
    };
    const server = await createServer({ root: dir, logLevel: 'warn', server: { host: '127.0.0.1', port: 0 }, plugins: [usersig] });
    await server.listen(); // `vite` in the project, the page's own server being the plugin
    return { url: server.resolvedUrls.local[0].replace(/\/$/, ''), close: () => server.close() };
  },
  async esbuild(dir) {
    symlinkSync(join(ROOT, 'node_modules/esbuild'), join(dir, 'node_modules/esbuild'), 'dir');
    writeFileSync(join(dir, 'build.mjs'), readmeEsbuildScript());
    run(process.execPath, ['build.mjs'], dir);
    // esbuild does not process HTML: the page goes beside the bundle as written (it loads ./main.js).
    cpSync(join(dir, 'index.html'), join(dir, 'dist/index.html'));
    return served(join(dir, 'dist'));
  },
  async webpack(dir) {
    const { default: webpack } = await import('webpack');
    // `webpack --mode production --entry ./main.js` in the project: dist/main.js and the wasm as an asset.
    const config = { mode: 'production', context: dir, entry: './main.js', output: { path: join(dir, 'dist') } };
    const stats = await new Promise((resolve, reject) => webpack(config, (err, result) => (err ? reject(err) : resolve(result))));
    assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
    cpSync(join(dir, 'index.html'), join(dir, 'dist/index.html'));
    return served(join(dir, 'dist'));
  },
};

/** The .js and .wasm files under `dir` with their size and gzip -9 size, in bytes. */
function sizes(dir) {
  const files = readdirSync(dir, { recursive: true }).filter((f) => ['.js', '.wasm'].includes(extname(f)));
  return files.map((f) => {
    const bytes = readFileSync(join(dir, f));
    return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
}

describe('bundlers: a page that imports the package by name, built, served and run in Chromium', () => {
  let tmp;
  let tarball;
  let browser;
  let emu;
  const pages = {};
  const origins = new Set();

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'tca-bundlers-'));
    tarball = join(tmp, pack(tmp).filename);
    // Allowed: the origins of the pages served below, once they are.
    emu = await startEmulator({ accounts: [...Object.keys(BUNDLERS), 'bob'], origins: (origin) => origins.has(origin), log: false });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await emu?.close();
    await Promise.all(Object.values(pages).map((p) => p.close()));
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Opens `name`'s page with `query`; resolves to what it reports, once it has, checking it loaded cleanly. */
  async function openPage(name, query) {
    const page = await browser.newPage();
    const errors = [];
    const missing = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('response', (res) => res.status() === 404 && missing.push(new URL(res.url()).pathname));
    try {
      await page.goto(`${pages[name].url}/index.html?${new URLSearchParams(query)}`);
      // (A page that Vite's dev server reloads has no context for a moment: not reported yet.)
      const reported = () => page.evaluate(() => window.result !== undefined).catch(() => false);
      await until(async () => errors.length || missing.length || reported(), `${name}'s page to report`);
      const [result, shown] = await Promise.all([page.evaluate(() => window.result), page.textContent('#outcome')]);
      assert.deepEqual({ errors, missing }, { errors: [], missing: [] }, `${name}'s page failed to load`);
      assert.ok(result, `${name}'s page reported nothing`);
      assert.equal(shown, JSON.stringify(result), 'the page shows its result');
      return result;
    } finally {
      await page.close();
    }
  }

  for (const [name, bundle] of Object.entries(BUNDLERS)) {
    describe(name, () => {
      before(async () => {
        const dir = installInto(join(tmp, name), tarball, { name: `${name}-page`, type: 'module' });
        cpSync(FIXTURE, dir, { recursive: true });
        pages[name] = await bundle(dir);
        origins.add(pages[name].url);
      });

      // A dev server emits nothing.
      if (name !== 'vite-dev') test('what it emits: one .wasm (the package\'s, as built) and JS that has no Node entry', (t) => {
        const { out } = pages[name];
        const emitted = sizes(out);
        for (const { file, raw, gzip } of emitted) t.diagnostic(`${name}: ${file} ${raw} B, gzip -9 ${gzip} B`);
        const wasm = emitted.filter((f) => f.file.endsWith('.wasm'));
        assert.equal(wasm.length, 1, `one .wasm: ${emitted.map((f) => f.file).join(', ')}`);
        assert.ok(readFileSync(join(out, wasm[0].file)).equals(readFileSync(join(ROOT, 'pkg/tencent_chat_admin_bg.wasm'))));
        for (const { file } of emitted.filter((f) => f.file.endsWith('.js'))) {
          assert.doesNotMatch(readFileSync(join(out, file), 'utf8'), /node:fs|readFileSync/, `${file} holds the Node entry`);
        }
      });

      test(`the page pins ${name} → bob at the emulator`, async () => {
        assert.equal(emu.state().pinned[name], undefined);
        assert.deepEqual(await openPage(name, { endpoint: emu.url, from: name, to: 'bob' }), { actionStatus: 'OK' });
        assert.deepEqual(emu.state().pinned[name], [{ Type: 1, To_Account: 'bob' }]);
      });

      test('a refused pin reaches the page as a ChatError', async () => {
        const result = await openPage(name, { endpoint: emu.url, from: name, to: 'nobody' });
        assert.deepEqual(result, { isChatError: true, isError: true, name: 'ChatError', kind: 'service', code: 50001 });
      });
    });
  }
});
