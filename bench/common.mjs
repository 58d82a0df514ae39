// Shared by the bench sections: paths, the demo credentials, small statistics, and the section entry point.
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PKG = fileURLToPath(new URL('../pkg/', import.meta.url));
export const PKG_NODE_URL = new URL('../pkg/node.js', import.meta.url).href;

/** The public demo key of the official TLSSigAPIv2 examples; also the emulator's default. */
export const KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';
export const SDK_APP_ID = 1400000000;
export const ADMIN = 'administrator';
// 2,000 users: the largest run (100,000 pins) gives each 50, the most pinned conversations a user can have.
export const USERS = Array.from({ length: 2000 }, (_, i) => `user${i}`);

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (value, digits = 0) => Number(value.toFixed(digits));

export function check(condition, message) {
  if (!condition) throw new Error(`bench: ${message}`);
}

/** Ops per run so that one run of `fn` takes about `targetMs` (at least 100 ops). */
export function calibrate(fn, targetMs) {
  let n = 100;
  for (let guard = 0; guard < 20; guard++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    const ms = performance.now() - t0;
    if (ms >= targetMs / 4) return Math.max(100, Math.round((n * targetMs) / ms));
    n *= 4;
  }
  return n;
}

/**
 * Runs a section when its file is the process's entry: prints its result as one JSON line on stdout
 * (bench/run.mjs reads it) and exits non-zero on an error.
 */
export function runIfMain(importMetaUrl, measure) {
  if (process.argv[1] !== fileURLToPath(importMetaUrl)) return;
  measure().then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0); // a section may leave sockets or timers behind; its result is out
    },
    (error) => {
      console.error(error?.stack ?? error);
      process.exit(1);
    },
  );
}
