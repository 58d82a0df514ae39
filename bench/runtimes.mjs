// The package as each runtime loads it, and its start-up in workerd. Size: the bytes of JS and wasm each runtime's
// entry loads, raw and gzip -9: Node, Deno and Bun load the Node entry as written (pkg/node.js and the modules it
// imports, and the .wasm); workerd loads what wrangler's bundling makes of a Worker that imports the entry (esbuild,
// conditions workerd/worker/browser, not minified, as `wrangler deploy` does by default) and the .wasm, a compiled
// module. Start-up: miniflare from `new Miniflare` to the first answer, for an empty Worker and for Workers that
// import the package (and the sign-only entry), alternating, medians and the fastest and slowest; the difference is what the package adds (the
// wasm's compile and instantiation, the module's evaluation). Reported, not asserted. `node bench/runtimes.mjs`.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadedFiles } from '../scripts/loaded-files.mjs';
import { bundleWorker, startWorker } from '../tests/runtimes/workerd.mjs';
import { PKG, ROOT, median, round, runIfMain } from './common.mjs';

const SAMPLES = 11;
const sizeOf = (bytes) => ({ raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
const sum = (parts) => parts.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });

/** The Node entry `entry` (under pkg/) as written, with the modules it imports and `wasm`. */
function nodeLoad(entry, wasm) {
  const files = [...loadedFiles(join(PKG, entry)), join(PKG, wasm)].filter((f, i, all) => all.indexOf(f) === i);
  return { files: files.map((f) => relative(PKG, f)), ...sum(files.map((f) => sizeOf(readFileSync(f)))) };
}

const WORKERS = {
  empty: 'export default { fetch() { return new Response("ok"); } };',
  main: "import { genUserSig } from 'tencent-chat-admin';\nexport default { fetch() { return new Response(genUserSig({ sdkAppId: 1400000000, secretKey: 'k', identifier: 'a', now: 1700000000 })); } };",
  usersig: "import { genUserSig } from 'tencent-chat-admin/usersig';\nexport default { fetch() { return new Response(genUserSig({ sdkAppId: 1400000000, secretKey: 'k', identifier: 'a', now: 1700000000 })); } };",
  callbacks: "import { createCallbackHandler } from 'tencent-chat-admin/callbacks';\nconst h = createCallbackHandler({ sdkAppId: 1400000000, token: 't', log: false });\nexport default { fetch(r) { return h(r); } };",
};

async function measure() {
  const dir = mkdtempSync(join(tmpdir(), 'tca-bench-runtimes-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(PKG, join(dir, 'node_modules', 'tencent-chat-admin'), 'dir');
    const bundles = {};
    for (const [name, code] of Object.entries(WORKERS)) {
      writeFileSync(join(dir, `${name}.mjs`), code);
      bundles[name] = await bundleWorker(join(dir, `${name}.mjs`));
    }
    const workerdLoad = (bundle) => ({
      files: ['worker bundle', ...bundle.wasm.map((w) => w.path.replace(/^[0-9a-f]+-/, ''))],
      ...sum([sizeOf(Buffer.from(bundle.code)), ...bundle.wasm.map((w) => sizeOf(w.contents))]),
    });
    const size = {
      nodeDenoBun: {
        main: nodeLoad('node.js', 'tencent_chat_admin_bg.wasm'),
        usersig: nodeLoad('usersig/node.js', 'usersig/usersig_bg.wasm'),
        callbacks: nodeLoad('callbacks/node.js', 'tencent_chat_admin_bg.wasm'),
      },
      workerd: { main: workerdLoad(bundles.main), usersig: workerdLoad(bundles.usersig), callbacks: workerdLoad(bundles.callbacks) },
    };
    const samples = Object.fromEntries(Object.keys(WORKERS).map((name) => [name, []]));
    // A warm-up start first: the first workerd process of a run pays for what the OS has not cached yet.
    await (await startWorker(bundles.empty)).dispose();
    for (let i = 0; i < SAMPLES; i++) {
      const order = i % 2 ? Object.keys(WORKERS).reverse() : Object.keys(WORKERS);
      for (const name of order) {
        const started = performance.now();
        const worker = await startWorker(bundles[name]);
        const response = await worker.dispatchFetch('http://bench.test/', { method: 'POST', body: '{}' });
        await response.text();
        samples[name].push(performance.now() - started);
        await worker.dispose();
      }
    }
    const startupMs = Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, round(median(s), 1)]));
    const spreadMs = Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, [round(Math.min(...s), 1), round(Math.max(...s), 1)]]));
    const added = Object.fromEntries(['main', 'usersig', 'callbacks'].map((name) => [name, round(startupMs[name] - startupMs.empty, 1)]));
    return { samples: SAMPLES, size, workerdStartupMs: startupMs, workerdStartupSpreadMs: spreadMs, workerdStartupAddedMs: added, root: relative(ROOT, PKG) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, measure);
