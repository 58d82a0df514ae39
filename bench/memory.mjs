// Memory figures of a bench run in this process: RSS sampled every 5 ms (and when asked), the JS heap after a full GC
// (needs --expose-gc), the wasm linear memory and wasm-bindgen's externref table (the table only grows when slots
// are not given back).
import { PKG_NODE_URL, round } from './common.mjs';

const MB = 1024 * 1024;

export function rssSampler() {
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
export function heapAfterGcMB() {
  if (!globalThis.gc) return null;
  globalThis.gc();
  return round(process.memoryUsage().heapUsed / MB, 1);
}

/** The wasm instance's linear memory and externref table: initSync hands back the instance pkg/node.js made. */
let wasm;

/** The package's ChatAdmin, with the wasm instance pkg/node.js made (initSync hands it back) kept for the figures. */
export async function loadChatAdmin() {
  const { ChatAdmin } = await import(PKG_NODE_URL);
  const { initSync } = await import(new URL('tencent_chat_admin.js', PKG_NODE_URL).href);
  wasm = initSync({ module: new Uint8Array(0) });
  return ChatAdmin;
}
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
export function memoryWatch() {
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

