// Memory reference for bench/bulk.mjs, in a fresh process: 10,000 pin calls from a plain fetch loop (32 in flight,
// UserSig from the official tls-sig-api-v2, no pacing, emulator without a limit). Its peak RSS delta shows how much
// of the bulk run's RSS growth is Node's fetch (undici) garbage rather than the package.
import { createRequire } from 'node:module';
import { ADMIN, KEY, ROOT, SDK_APP_ID, USERS, check, round, runIfMain } from './common.mjs';
import { startEmulatorProcess } from './emulator-process.mjs';

const MB = 1024 * 1024;
const CALLS = 10_000;
const IN_FLIGHT = 32;

export async function measure() {
  const { Api } = createRequire(ROOT)('tls-sig-api-v2');
  const userSig = new Api(SDK_APP_ID, KEY).genSig(ADMIN, 86400);
  const emulator = await startEmulatorProcess({ accounts: USERS, rateLimit: 0 });
  try {
    const base = `${emulator.url}/v4/recentcontact/top?sdkappid=${SDK_APP_ID}&identifier=${ADMIN}&usersig=${userSig}`;
    const call = async (i) => {
      const body = JSON.stringify({ From_Account: USERS[i % USERS.length], OperationType: 1, RecentContactItem: [{ Type: 2, GroupId: `g${i}` }] });
      const random = (Math.random() * 4294967296) >>> 0;
      const res = await fetch(`${base}&random=${random}&contenttype=json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const answer = JSON.parse(await res.text());
      check(answer.ErrorCode === 0, `pin failed: ${JSON.stringify(answer)}`);
    };
    globalThis.gc?.();
    const before = process.memoryUsage.rss();
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (next < CALLS) await call(next++);
    }));
    const elapsed = performance.now() - t0;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage.rss());
    return {
      calls: CALLS,
      inFlight: IN_FLIGHT,
      perSec: round((CALLS * 1000) / elapsed),
      rssBeforeMB: round(before / MB, 1),
      peakRssMB: round(peak / MB, 1),
      peakRssDeltaMB: round((peak - before) / MB, 1),
    };
  } finally {
    await emulator.close();
  }
}

runIfMain(import.meta.url, measure);
