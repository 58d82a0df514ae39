// Running code in workerd as a Cloudflare Worker project would: bundled as wrangler bundles it (esbuild with the
// conditions workerd, worker, browser; each imported .wasm left out of the bundle and given to workerd as a
// CompiledWasm module), then run by miniflare. Used by tests/runtimes and bench/runtimes.mjs.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export const WRANGLER_CONDITIONS = ['workerd', 'worker', 'browser'];

/** Bundles `entry` (resolving packages from its folder): { code, wasm: [{ path, contents }] }. */
export async function bundleWorker(entry) {
  const { build } = await import('esbuild');
  const wasm = [];
  const wasmModules = {
    name: 'wasm-modules',
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, ({ path, resolveDir }) => {
        const file = new URL(path, `file://${resolveDir}/`).pathname;
        const contents = readFileSync(file);
        const name = `${createHash('sha1').update(contents).digest('hex').slice(0, 16)}-${basename(file)}`;
        if (!wasm.some((w) => w.path === name)) wasm.push({ path: name, contents });
        return { path: `./${name}`, external: true };
      });
    },
  };
  const out = await build({
    entryPoints: [entry], bundle: true, write: false, format: 'esm', target: 'es2022', platform: 'neutral',
    conditions: WRANGLER_CONDITIONS, mainFields: ['browser', 'module', 'main'], logLevel: 'silent', plugins: [wasmModules],
  });
  return { code: out.outputFiles[0].text, wasm };
}

/**
 * A miniflare instance running `bundle` (from bundleWorker), with more miniflare `options` (`bindings`, `port`);
 * dispose() it when done.
 */
export async function startWorker(bundle, options = {}) {
  const { Miniflare } = await import('miniflare');
  return new Miniflare({
    ...options,
    compatibilityDate: '2025-09-01',
    modules: [
      { type: 'ESModule', path: 'worker.mjs', contents: bundle.code },
      ...bundle.wasm.map((w) => ({ type: 'CompiledWasm', path: w.path, contents: w.contents })),
    ],
  });
}
