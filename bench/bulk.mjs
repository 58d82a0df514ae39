// Bulk pinning with pinConversationsBulk against the emulator (in its own process):
// 1. 10,000 pins at an emulator limit of 2,000/s (ratePerSecond 2000): achieved rate, throttled answers, peak RSS.
// 2. 100,000 items from a generator at a high rate with no emulator limit: RSS over the run, to show it stays flat.
// RSS is sampled every 5 ms and at each progress callback; maxRSS (getrusage) is the process's whole-life peak.
// Also recorded: the JS heap after a full GC, the wasm linear memory and the length of wasm-bindgen's externref
// table before and after each run (the table only grows when slots are not given back). For scale, the same
// 10,000 calls from a plain fetch loop run in a fresh process (bulk-fetch-reference.mjs).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ADMIN, KEY, SDK_APP_ID, USERS, check, round, runIfMain } from './common.mjs';
import { startEmulatorProcess } from './emulator-process.mjs';
import { loadChatAdmin, memoryWatch, rssSampler } from './memory.mjs';

const MB = 1024 * 1024;
const PACED = { items: 10_000, rate: 2000, concurrency: 32 };
const FLAT = { items: 100_000, rate: 100_000, concurrency: 64 };

/** Item `i` (group pins, so any id is accepted): user i % 50 pins group g{i}. */
const pinItem = (i) => ({ fromAccount: USERS[i % USERS.length], conversations: [{ type: 'group', groupId: `g${i}` }] });

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
  const ChatAdmin = await loadChatAdmin();
  const pacedResult = await paced(ChatAdmin);
  const flatResult = await flat(ChatAdmin);
  const maxRssMB = round((process.resourceUsage().maxRSS * 1024) / MB, 1);
  const reference = fileURLToPath(new URL('bulk-fetch-reference.mjs', import.meta.url));
  const fetchReference = JSON.parse(execFileSync(process.execPath, ['--expose-gc', reference], { encoding: 'utf8' }).trim().split('\n').pop());
  return { paced: pacedResult, flat: flatResult, maxRssMB, fetchReference };
}

runIfMain(import.meta.url, measure);
