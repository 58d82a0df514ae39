// The package as users get it: `npm pack pkg/`, installed from the tarball into throw-away ESM and
// CJS projects, then used from Node child processes, from tsc, and from a page in headless Chromium.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator } from '../../emulator/server.mjs';
import { launchChromium, serveStatic } from '../browser.mjs';
import { installInto, pack, ROOT as root, run } from '../packed.mjs';
import { ADMIN, KEY, SDKAPPID, VECTORS } from './helpers.mjs';

const vector = VECTORS.cases[0];
const genOptions = { sdkAppId: VECTORS.sdkappid, secretKey: VECTORS.secret_key, identifier: vector.identifier, expire: vector.expire, now: VECTORS.time };

describe('packaging', () => {
  let tmp;
  let packed;

  /** A project in tmp/`name` with `packageJson`, the tarball installed into it. */
  const project = (name, packageJson) => installInto(join(tmp, name), join(tmp, packed.filename), { name, ...packageJson });

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'tca-pack-'));
    packed = pack(tmp);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('the tarball: built files only, types first in the exports map', () => {
    const files = packed.files.map((f) => f.path);
    assert.deepEqual(files.filter((f) => /\.rs$|Cargo|\.toml$|^src\/|^target\//.test(f)), []);
    for (const f of ['package.json', 'index.js', 'node.js', 'index.d.ts', 'chat-error.d.ts', 'tencent_chat_admin.js', 'tencent_chat_admin.d.ts', 'tencent_chat_admin_bg.wasm']) {
      assert.ok(files.includes(f), `${f} is missing from the tarball`);
    }
    assert.ok(files.some((f) => /^snippets\/.*\/chat_error\.js$/.test(f)), 'the ChatError snippet is missing');
    const manifest = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8'));
    assert.equal(Object.keys(manifest.exports['.'])[0], 'types');
    assert.deepEqual(manifest.exports['.'], { types: './index.d.ts', workerd: './workerd.js', node: './node.js', default: './index.js' });
    for (const target of [manifest.main, manifest.types, ...Object.values(manifest.exports['.'])]) {
      assert.ok(files.includes(target.replace(/^\.\//, '')), `${target} is not in the tarball`);
    }
  });

  test('the tarball ships a README and the license text', () => {
    const files = packed.files.map((f) => f.path);
    assert.ok(files.includes('README.md') && files.includes('LICENSE'), files.join(', '));
  });

  test('the npm README leaves out the repository-only parts', () => {
    const readme = readFileSync(join(root, 'pkg/README.md'), 'utf8');
    assert.doesNotMatch(readme, /npm start|## Developing|screenshot\.png|repo-only/);
    assert.match(readme, /## Quick start/);
  });

  test('the emulator ships too: the import and the bin', () => {
    const dir = project('emu', { type: 'module' });
    const out = run(process.execPath, ['--input-type=module', '-e', "import { startEmulator } from 'tencent-chat-admin/emulator'; const e = await startEmulator({ log: false }); console.log(e.url.startsWith('http://127.0.0.1:')); await e.close();"], dir);
    assert.equal(out.trim(), 'true');
    assert.match(run(join(dir, 'node_modules/.bin/tencent-chat-emulator'), ['--help'], dir), /--rate-limit/);
  });

  test('ESM import and CJS require both give the vector UserSig', () => {
    const esm = project('esm', { type: 'module' });
    writeFileSync(join(esm, 'check.mjs'), `import { genUserSig } from 'tencent-chat-admin';\nconsole.log(genUserSig(${JSON.stringify(genOptions)}));\n`);
    assert.equal(run(process.execPath, ['check.mjs'], esm).trim(), vector.zlib_level0_usersig_of_that_json);

    const cjs = project('cjs', { type: 'commonjs' });
    writeFileSync(join(cjs, 'check.cjs'), `const { genUserSig, isChatError } = require('tencent-chat-admin');\nconsole.log(genUserSig(${JSON.stringify(genOptions)}), typeof isChatError);\n`);
    assert.equal(run(process.execPath, ['check.cjs'], cjs).trim(), `${vector.zlib_level0_usersig_of_that_json} function`);
  });

  test('tsc resolves the installed package through its exports map (node16)', () => {
    const dir = project('ts', { type: 'module' });
    writeFileSync(join(dir, 'check.ts'), `import { genUserSig, type ChatErrorKind } from 'tencent-chat-admin';\nexport const sig: string = genUserSig({ sdkAppId: 1, secretKey: 'k', identifier: 'a' });\nexport const kind: ChatErrorKind = 'cors';\n`);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'node16', moduleResolution: 'node16', target: 'ES2022', lib: ['ES2022', 'DOM', 'ESNext.Disposable'], types: [] },
      files: ['check.ts'],
    }));
    run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], dir);
  });

  describe('in headless Chromium', () => {
    let server;
    let browser;
    let page;
    const pageErrors = [];
    const emulators = [];

    before(async () => {
      const dir = project('web', { type: 'module' });
      writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>tencent-chat-admin</title>');
      server = await serveStatic(dir);
      browser = await launchChromium();
      page = await browser.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await page.goto(`${server.url}/index.html`);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      await Promise.all(emulators.map((e) => e.close()));
    });

    test('index.js loads the wasm and genUserSig gives the vector UserSig', async () => {
      const result = await page.evaluate(async ({ genOptions, official }) => {
        const m = await import('/node_modules/tencent-chat-admin/index.js');
        let err;
        try {
          m.verifyUserSig({ userSig: official.sig, sdkAppId: official.sdkAppId, secretKey: 'wrong key', now: official.now });
        } catch (e) {
          err = { isChatError: m.isChatError(e), instanceOf: e instanceof m.ChatError, kind: e.kind, code: e.code };
        }
        const claims = m.verifyUserSig({ userSig: official.sig, sdkAppId: official.sdkAppId, secretKey: official.key, now: official.now });
        return { sig: m.genUserSig(genOptions), identifier: claims.identifier, err };
      }, { genOptions, official: { sig: vector.official_node_usersig, sdkAppId: VECTORS.sdkappid, key: VECTORS.secret_key, now: VECTORS.time } });
      assert.deepEqual(result, {
        sig: vector.zlib_level0_usersig_of_that_json,
        identifier: vector.identifier,
        err: { isChatError: true, instanceOf: true, kind: 'usersig', code: 70009 },
      });
      assert.deepEqual(pageErrors, []);
    });

    test('a page loads one JS file and the wasm for each entry, with the exports and class names Node has', async () => {
      const fresh = await browser.newPage();
      const requested = [];
      fresh.on('request', (r) => requested.push(new URL(r.url()).pathname));
      await fresh.goto(`${server.url}/index.html`);
      const seen = await fresh.evaluate(async () => {
        const m = await import('/node_modules/tencent-chat-admin/index.js');
        const u = await import('/node_modules/tencent-chat-admin/usersig/index.js');
        let thrown;
        try {
          new m.ChatAdmin({});
        } catch (e) {
          thrown = e;
        }
        return {
          main: Object.keys(m).sort(),
          usersig: Object.keys(u).sort(),
          names: [m.ChatAdmin.name, m.ChatError.name, u.ChatError.name, thrown.constructor.name, String(thrown).split(':')[0]],
        };
      });
      await fresh.close();
      const dir = '/node_modules/tencent-chat-admin/';
      assert.deepEqual(requested.filter((p) => p.startsWith(dir)).map((p) => p.slice(dir.length)).sort(), [
        'index.js', 'tencent_chat_admin_bg.wasm', 'usersig/index.js', 'usersig/usersig_bg.wasm',
      ]);
      const node = JSON.parse(run(process.execPath, ['--input-type=module', '-e',
        "const m = await import('tencent-chat-admin'); const u = await import('tencent-chat-admin/usersig'); console.log(JSON.stringify({ main: Object.keys(m).sort(), usersig: Object.keys(u).sort() }))"],
      project('exports', { type: 'module' })));
      assert.deepEqual({ main: seen.main, usersig: seen.usersig }, node);
      assert.deepEqual(seen.names, ['ChatAdmin', 'ChatError', 'ChatError', 'ChatError', 'ChatError']);
    });

    test('a cross-origin call: works with CORS, kind "cors" when the server answers without, "network" when nothing answers', async () => {
      for (const cors of [true, false]) emulators.push(await startEmulator({ accounts: ['alice', 'bob'], log: false, cors }));
      // A loopback port nobody listens on.
      const closed = createServer();
      await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const down = `http://127.0.0.1:${closed.address().port}`;
      await new Promise((resolve) => closed.close(resolve));
      const outcomes = await page.evaluate(async (args) => {
        const m = await import('/node_modules/tencent-chat-admin/index.js');
        const request = { fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }] };
        return Promise.all(args.endpoints.map((endpoint) =>
          new m.ChatAdmin({ ...args.options, endpoint }).pinConversations(request).then((r) => [r.actionStatus], (e) => [e.kind, e.message])));
      }, { endpoints: [...emulators.map((e) => e.url), down], options: { sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, retry: false, timeoutMs: 5000 } });
      assert.deepEqual(outcomes.map(([kind]) => kind), ['OK', 'cors', 'network']);
      assert.match(outcomes[1][1], /^the browser refused the cross-origin call to .*same-origin proxy/);
      assert.match(outcomes[2][1], new RegExp(`^could not reach ${down}/v4/recentcontact/top: nothing answers there`));
      assert.deepEqual(emulators[0].state().pinned, { alice: [{ Type: 1, To_Account: 'bob' }] });
      assert.deepEqual(emulators[1].state().pinned, {}, 'the refused preflight kept the call from reaching the service');
    });

    test('a proxy that allows the origin on its answers but refuses the preflight is "cors"; a dropped call is probed once', async () => {
      // Stand-ins for a proxy in front of the service. Under /405/ it names every origin on its answers (a plain GET
      // is readable) but answers preflights 405, so the call's JSON POST is refused: CORS, not the network. Under
      // /drop/ it passes preflights and answers readably, but drops the client's calls (those with a query): a
      // network failure, probed once per call however many attempts fail.
      const seen = { probes: 0, calls: 0 };
      const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'POST, GET' };
      const proxy = createServer((req, res) => {
        const drop = req.url.startsWith('/drop/');
        if (req.method === 'OPTIONS') return res.writeHead(drop ? 204 : 405, cors).end();
        if (drop && req.url.includes('?')) {
          seen.calls += 1;
          return req.socket.destroy();
        }
        if (drop && req.method === 'POST') seen.probes += 1;
        res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end('{}');
      });
      await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${proxy.address().port}`;
      try {
        const outcomes = await page.evaluate(async (args) => {
          const m = await import('/node_modules/tencent-chat-admin/index.js');
          const request = { fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }] };
          return Promise.all(args.calls.map(([endpoint, retry]) =>
            new m.ChatAdmin({ ...args.options, endpoint, retry }).pinConversations(request).then((r) => [r.actionStatus], (e) => [e.kind, e.attempts])));
        }, {
          calls: [[`${base}/405`, false], [`${base}/drop`, { retries: 2, minDelayMs: 1, maxDelayMs: 2 }]],
          options: { sdkAppId: SDKAPPID, identifier: ADMIN, secretKey: KEY, timeoutMs: 5000 },
        });
        assert.deepEqual(outcomes, [['cors', 1], ['network', 3]]);
        assert.ok(seen.calls >= 3, `${seen.calls} calls reached the proxy`);
        assert.equal(seen.probes, 1, 'one readable probe for the three failed attempts');
      } finally {
        await new Promise((resolve) => proxy.close(resolve));
      }
    });
  });
});
