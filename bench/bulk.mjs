// Bulk pinning with pinConversationsBulk against the emulator (in its own process):
// 1. 10,000 pins at an emulator limit of 2,000/s (ratePerSecond 2000): achieved rate, throttled answers, peak RSS.
// 2. 100,000 items from a generator at a high rate with no emulator limit: RSS over the run, to show it stays flat.
// RSS is sampled every 5 ms and at each progress callback; maxRSS (getrusage) is the process's whole-life peak.
// Also recorded: the JS heap after a full GC, the wasm linear memory and the length of wasm-bindgen's externref
// table before and after each run (the table only grows when slots are not given back). For scale, the same
// 10,000 calls from a plain fetch loop run in a fresh process (bulk-fetch-reference.mjs).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ADMIN, KEY, PKG_NODE_URL, SDK_APP_ID, USERS, check, round, runIfMain } from './common.mjs';
import { startEmulatorProcess } from './emulator-process.mjs';

const MB = 1024 * 1024;
const PACED = { items: 10_000, rate: 2000, concurrency: 32 };
const FLAT = { items: 100_000, rate: 100_000, concurrency: 64 };

/** Item `i` (group pins, so any id is accepted): user i % 50 pins group g{i}. */
const pinItem = (i) => ({ fromAccount: USERS[i % USERS.length], conversations: [{ type: 'group', groupId: `g${i}` }] });

function rssSampler() {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  return {
    sample: () => {
      const rss = process.memoryUsage.rss();
      peak = Math.max(peak, rss);
      return rss;
    },
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

function settle() {
  globalThis.gc?.();
  return process.memoryUsage.rss();
}

/** JS heap in use after a full GC (needs --expose-gc; null without it). */
function heapAfterGcMB() {
  if (!globalThis.gc) return null;
  globalThis.gc();
  return round(process.memoryUsage().heapUsed / MB, 1);
}

/** The wasm instance's linear memory and externref table: initSync hands back the instance pkg/node.js made. */
let wasm;
const wasmMemoryMB = () => round(wasm.memory.buffer.byteLength / MB, 2);
const externrefSlots = () => wasm.__wbindgen_externrefs?.length ?? null;
/** Table slots in use: wasm-bindgen sets a freed slot to null, so anything else is held (even `undefined`). */
function externrefsHeld() {
  const table = wasm.__wbindgen_externrefs;
  if (!table) return null;
  let held = 0;
  for (let i = 0; i < table.length; i++) if (table.get(i) !== null) held += 1;
  return held;
}

/**
 * Memory before a run (settled RSS, JS heap after GC, wasm memory, externref table); `report(peakRss)` gives
 * the before/after figures once the run is over.
 */
function memoryWatch() {
  const heapBefore = heapAfterGcMB();
  const wasmBefore = wasmMemoryMB();
  const slotsBefore = externrefSlots();
  const heldBefore = externrefsHeld();
  const before = settle();
  return {
    report: (peak) => ({
      rssBeforeMB: round(before / MB, 1),
      peakRssMB: round(peak / MB, 1),
      peakRssDeltaMB: round((peak - before) / MB, 1),
      heapAfterGcMB: { before: heapBefore, after: heapAfterGcMB() },
      wasmMemoryMB: { before: wasmBefore, after: wasmMemoryMB() },
      externrefTableSlots: { before: slotsBefore, after: externrefSlots() },
      externrefsHeld: { before: heldBefore, after: externrefsHeld() },
    }),
  };
}

async function paced(ChatAdmin) {
  const emulator = await startEmulatorProcess({ accounts: USERS, rateLimit: PACED.rate });
  try {
    const client = new ChatAdmin({ sdkAppId: SDK_APP_ID, identifier: ADMIN, secretKey: KEY, endpoint: emulator.url });
    const requests = Array.from({ length: PACED.items }, (_, i) => pinItem(i));
    const memory = memoryWatch();
    const sampler = rssSampler();
    const report = await client.pinConversationsBulk(requests, {
      ratePerSecond: PACED.rate,
      concurrency: PACED.concurrency,
      onProgress: () => sampler.sample(),
    });
    const peak = sampler.stop();
    const state = await emulator.state();
    check(report.succeeded === PACED.items && report.failed === 0, `bulk: ${report.succeeded} ok, ${report.failed} failed`);
    check(state.pins === PACED.items, `emulator holds ${state.pins} pins, expected ${PACED.items}`);
    return {
      items: PACED.items,
      ratePerSecond: PACED.rate,
      concurrency: PACED.concurrency,
      elapsedMs: round(report.elapsedMs),
      achievedPerSec: round((report.succeeded * 1000) / report.elapsedMs),
      attempts: report.attempts,
      throttledRetries: report.attempts - report.total,
      emulatorCalls: state.requestCount,
      emulatorThrottled: state.requestCount - PACED.items,
      ...memory.report(peak),
    };
  } finally {
    await emulator.close();
  }
}

async function flat(ChatAdmin) {
  const emulator = await startEmulatorProcess({ accounts: USERS, rateLimit: 0 });
  try {
    const client = new ChatAdmin({ sdkAppId: SDK_APP_ID, identifier: ADMIN, secretKey: KEY, endpoint: emulator.url });
    function* generate() {
      for (let i = 0; i < FLAT.items; i++) yield pinItem(i);
    }
    // A short warm-up run so that connections, JIT and wasm memory are in place before the baseline.
    await client.pinConversationsBulk((function* () { for (let i = 0; i < 2000; i++) yield pinItem(i); })(), { ratePerSecond: FLAT.rate, concurrency: FLAT.concurrency });
    const memory = memoryWatch();
    const sampler = rssSampler();
    const checkpoints = [];
    let nextCheckpoint = FLAT.items / 10;
    const report = await client.pinConversationsBulk(generate(), {
      ratePerSecond: FLAT.rate,
      concurrency: FLAT.concurrency,
      progressIntervalMs: 100,
      onProgress: ({ done }) => {
        const rss = sampler.sample();
        if (done >= nextCheckpoint) {
          checkpoints.push({ done, rssMB: round(rss / MB, 1) });
          nextCheckpoint += FLAT.items / 10;
        }
      },
    });
    const peak = sampler.stop();
    check(report.succeeded === FLAT.items && report.failed === 0, `bulk: ${report.succeeded} ok, ${report.failed} failed`);
    return {
      items: FLAT.items,
      ratePerSecond: FLAT.rate,
      concurrency: FLAT.concurrency,
      elapsedMs: round(report.elapsedMs),
      achievedPerSec: round((report.succeeded * 1000) / report.elapsedMs),
      ...memory.report(peak),
      checkpoints,
    };
  } finally {
    await emulator.close();
  }
}

export async function measure() {
  const { ChatAdmin } = await import(PKG_NODE_URL);
  const { initSync } = await import(new URL('tencent_chat_admin.js', PKG_NODE_URL).href);
  wasm = initSync({ module: new Uint8Array(0) });
  const pacedResult = await paced(ChatAdmin);
  const flatResult = await flat(ChatAdmin);
  const maxRssMB = round((process.resourceUsage().maxRSS * 1024) / MB, 1);
  const reference = fileURLToPath(new URL('bulk-fetch-reference.mjs', import.meta.url));
  const fetchReference = JSON.parse(execFileSync(process.execPath, ['--expose-gc', reference], { encoding: 'utf8' }).trim().split('\n').pop());
  return { paced: pacedResult, flat: flatResult, maxRssMB, fetchReference };
}

runIfMain(import.meta.url, measure);
