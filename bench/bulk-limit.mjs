// Bulk pinning under a limit lower than the one the run was told: the emulator (own process) allows 100 calls/s,
// shared like the service's per-app limit, and pinConversationsBulk is given ratePerSecond 100, 200 and 400, with
// 16 and 32 calls at once. Per case: elapsed time, throughput, requests sent, throttled answers, the completions
// in each second of the run, and that every item was pinned and reported.
// `node bench/bulk-limit.mjs [--items N] [--rounds N]` runs it alone (defaults: 1,000 items, 1 round; about a
// minute at the limit).
import { ADMIN, KEY, PKG_NODE_URL, SDK_APP_ID, USERS, check, round, runIfMain } from './common.mjs';
import { startEmulatorProcess } from './emulator-process.mjs';

const LIMIT = 100;
const RATES = [100, 200, 400];
const CONCURRENCIES = [16, 32];

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** Item `i` (group pins, so any id is accepted): user i % 50 pins group g{i}. */
const pinItem = (i) => ({ fromAccount: USERS[i % USERS.length], conversations: [{ type: 'group', groupId: `g${i}` }] });

async function one(ChatAdmin, items, rate, concurrency) {
  const emulator = await startEmulatorProcess({ accounts: USERS, rateLimit: LIMIT });
  try {
    const client = new ChatAdmin({ sdkAppId: SDK_APP_ID, identifier: ADMIN, secretKey: KEY, endpoint: emulator.url });
    const started = performance.now();
    const perSecond = [];
    const report = await client.pinConversationsBulk(
      Array.from({ length: items }, (_, i) => pinItem(i)),
      {
        ratePerSecond: rate,
        concurrency,
        progressIntervalMs: 0,
        onProgress: ({ done }) => {
          const second = Math.floor((performance.now() - started) / 1000);
          while (perSecond.length <= second) perSecond.push(0);
          perSecond[second] = done;
        },
      },
    );
    const state = await emulator.state();
    check(report.succeeded === items && report.failed === 0, `bulk under a limit: ${report.succeeded} ok, ${report.failed} failed`);
    check(state.pins === items, `emulator holds ${state.pins} pins, expected ${items}`);
    // The count done at each second's end (carried over seconds with none), as completions in each second.
    let done = 0;
    const completions = perSecond.map((at) => {
      const n = Math.max(at, done) - done;
      done = Math.max(at, done);
      return n;
    });
    return {
      ratePerSecond: rate,
      concurrency,
      elapsedMs: round(report.elapsedMs),
      perSec: round((report.succeeded * 1000) / report.elapsedMs, 1),
      ofLimit: round((report.succeeded * 1000) / report.elapsedMs / LIMIT, 3),
      attempts: report.attempts,
      throttled: state.requestCount - items,
      completions,
    };
  } finally {
    await emulator.close();
  }
}

export async function measure() {
  const { ChatAdmin } = await import(PKG_NODE_URL);
  const items = arg('--items', 1000);
  const rounds = arg('--rounds', 1);
  const cases = [];
  for (let r = 0; r < rounds; r++) {
    for (const concurrency of CONCURRENCIES) {
      for (const rate of RATES) {
        const result = await one(ChatAdmin, items, rate, concurrency);
        process.stderr.write(`bulk-limit: rate ${rate}, concurrency ${concurrency}: ${result.perSec}/s, ${(result.elapsedMs / 1000).toFixed(1)} s, ${result.attempts} attempts, ${result.throttled} throttled\n`);
        cases.push(result);
      }
    }
  }
  return { limit: LIMIT, items, rounds, cases };
}

runIfMain(import.meta.url, measure);
