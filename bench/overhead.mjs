// Call overhead: pin calls per second against the emulator (no rate limit, in its own process) from our client
// and from a hand-written fetch loop that sends the same bytes (same URL shape with a UserSig made once, same
// headers and body), same concurrency, same process, alternating rounds. A second baseline adds what our client
// does for its timeout (an AbortController whose signal goes to fetch, and a timer per call), for information.
import { ADMIN, KEY, PKG_NODE_URL, SDK_APP_ID, USERS, check, median, round, runIfMain } from './common.mjs';
import { startEmulatorProcess } from './emulator-process.mjs';

const CALLS = 3000;
const IN_FLIGHT = 16;
const ROUNDS = 4;
const WARM_UP = 1000;
const REQUEST = { fromAccount: USERS[0], conversations: [{ type: 'group', groupId: 'g0' }, { type: 'c2c', toAccount: USERS[1] }] };

/** Runs `call` CALLS times with IN_FLIGHT at once; resolves to { rate: calls/s, cpu: this process's CPU µs per call }. */
async function drive(call, calls = CALLS) {
  let issued = 0;
  const worker = async () => {
    while (issued < calls) {
      issued += 1;
      await call();
    }
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const cpu = process.cpuUsage(cpu0);
  return { rate: (calls * 1000) / (performance.now() - t0), cpu: (cpu.user + cpu.system) / calls };
}

/** The exact URL, headers and body our client sends for REQUEST, caught by a fetch wrapper. */
async function captureRequest(ChatAdmin, url) {
  let seen;
  const spy = (target, init) => {
    seen = { url: String(target), method: init.method, headers: Object.fromEntries(new Headers(init.headers)), body: init.body };
    return fetch(target, init);
  };
  const client = new ChatAdmin({ sdkAppId: SDK_APP_ID, identifier: ADMIN, secretKey: KEY, endpoint: url, fetch: spy });
  await client.pinConversations(REQUEST, {});
  check(seen && /[?&]random=\d+/.test(seen.url) && typeof seen.body === 'string', 'could not capture the request');
  return seen;
}

export async function measure() {
  const { ChatAdmin } = await import(PKG_NODE_URL);
  const emulator = await startEmulatorProcess({ accounts: USERS, rateLimit: 0 });
  try {
    const sent = await captureRequest(ChatAdmin, emulator.url);
    const ours = new ChatAdmin({ sdkAppId: SDK_APP_ID, identifier: ADMIN, secretKey: KEY, endpoint: emulator.url });
    const oursCall = async () => {
      const result = await ours.pinConversations(REQUEST, {});
      if (result.errorCode !== 0) throw new Error(`pin failed: ${JSON.stringify(result)}`);
    };
    // The baseline: a new random per call, the UserSig made once (the captured one), the same headers and body.
    const [head, tail] = sent.url.split(/random=\d+/);
    const init = { method: sent.method, headers: sent.headers, body: sent.body };
    const baselineCall = async () => {
      const random = (Math.random() * 4294967296) >>> 0;
      const res = await fetch(`${head}random=${random}${tail}`, init);
      const answer = JSON.parse(await res.text());
      if (!res.ok || answer.ErrorCode !== 0) throw new Error(`pin failed: ${res.status} ${JSON.stringify(answer)}`);
    };
    const timedCall = async () => {
      const random = (Math.random() * 4294967296) >>> 0;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 10000);
      try {
        const res = await fetch(`${head}random=${random}${tail}`, { ...init, signal: controller.signal });
        const answer = JSON.parse(await res.text());
        if (!res.ok || answer.ErrorCode !== 0) throw new Error(`pin failed: ${res.status} ${JSON.stringify(answer)}`);
      } finally {
        clearTimeout(timer);
      }
    };
    const contenders = [['ours', oursCall], ['baseline', baselineCall], ['baselineWithTimeout', timedCall]];
    for (const [, call] of contenders) await drive(call, WARM_UP); // connections, JIT
    const rates = Object.fromEntries(contenders.map(([name]) => [name, []]));
    const cpu = Object.fromEntries(contenders.map(([name]) => [name, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, call] of r % 2 ? [...contenders].reverse() : contenders) {
        const run = await drive(call);
        rates[name].push(run.rate);
        cpu[name].push(run.cpu);
      }
    }
    const state = await emulator.state();
    const expected = 1 + contenders.length * (WARM_UP + ROUNDS * CALLS);
    check(state.requestCount === expected, `emulator saw ${state.requestCount} calls, expected ${expected}`);
    const ourRate = median(rates.ours);
    const baseRate = median(rates.baseline);
    const timedRate = median(rates.baselineWithTimeout);
    return {
      calls: CALLS,
      inFlight: IN_FLIGHT,
      roundsEach: ROUNDS,
      bodyBytes: Buffer.byteLength(sent.body),
      urlBytes: sent.url.length,
      oursCallsPerSec: round(ourRate),
      baselineCallsPerSec: round(baseRate),
      ratio: round(ourRate / baseRate, 3),
      baselineWithTimeoutCallsPerSec: round(timedRate),
      ratioOverBaselineWithTimeout: round(ourRate / timedRate, 3),
      cpuMicrosPerCall: Object.fromEntries(Object.entries(cpu).map(([name, xs]) => [name, round(median(xs))])),
      rounds: Object.fromEntries(Object.entries(rates).map(([name, xs]) => [name, xs.map((x) => round(x))])),
      emulatorRequests: state.requestCount,
    };
  } finally {
    await emulator.close();
  }
}

runIfMain(import.meta.url, measure);
