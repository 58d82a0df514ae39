// Pinning a group for all its members (pinGroupForMembers) against the emulator in its own process:
// 1. 1,234 members at the emulator's limit of 200 calls/s per endpoint (the documented one) and the default
//    ratePerSecond: members per second, throttled answers;
// 2. 100,000 members, no limit: the client's memory over the run (RSS sampled every 5 ms; JS heap after a full GC
//    and wasm memory before and after), to show what paging 100,000 members costs (the core keeps each account
//    listed once, to pin each member once).
// `node bench/group-members.mjs` runs it alone; `npm run bench` runs it as a section.
import { ADMIN, KEY, SDK_APP_ID, check, round, runIfMain } from './common.mjs';
import { startEmulatorProcess } from './emulator-process.mjs';
import { loadChatAdmin, memoryWatch, rssSampler } from './memory.mjs';

const MB = 1024 * 1024;
const PACED = { members: 1234, limit: 200 };
const LARGE = { members: 100_000, rate: 100_000, concurrency: 64, pageSize: 200 };
/** Members added to the emulator's group per control call (its bodies are capped at 1 MiB). */
const SEED_BATCH = 20_000;

const member = (i) => `member${String(i).padStart(6, '0')}`;

/** Seeds group `groupId` with `count` members in the emulator at `url`, in batches. */
async function seed(url, groupId, count) {
  for (let from = 0; from < count; from += SEED_BATCH) {
    const members = Array.from({ length: Math.min(SEED_BATCH, count - from) }, (_, i) => member(from + i));
    const body = { groupId, members, ...(from > 0 ? { add: true } : {}) };
    const response = await fetch(`${url}/__emulator/groups`, { method: 'POST', body: JSON.stringify(body) });
    check(response.ok, `seeding ${groupId}: HTTP ${response.status} ${await response.text()}`);
  }
}

async function paced(ChatAdmin) {
  const emulator = await startEmulatorProcess({ rateLimit: PACED.limit });
  try {
    await seed(emulator.url, 'announcements', PACED.members);
    const client = new ChatAdmin({ sdkAppId: SDK_APP_ID, identifier: ADMIN, secretKey: KEY, endpoint: emulator.url });
    const report = await client.pinGroupForMembers({ groupId: 'announcements' });
    const state = await emulator.state();
    check(report.succeeded === PACED.members && report.failed === 0, `paced: ${report.succeeded} ok, ${report.failed} failed`);
    check(state.pins === PACED.members, `paced: the emulator holds ${state.pins} pins`);
    return {
      members: PACED.members,
      emulatorLimit: PACED.limit,
      elapsedMs: round(report.elapsedMs),
      membersPerSec: round((report.succeeded * 1000) / report.elapsedMs, 1),
      attempts: report.attempts,
      throttled: report.attempts - report.succeeded,
    };
  } finally {
    await emulator.close();
  }
}

async function large(ChatAdmin) {
  const emulator = await startEmulatorProcess({ rateLimit: 0 });
  try {
    await seed(emulator.url, 'everyone', LARGE.members);
    const client = new ChatAdmin({ sdkAppId: SDK_APP_ID, identifier: ADMIN, secretKey: KEY, endpoint: emulator.url });
    const options = { ratePerSecond: LARGE.rate, concurrency: LARGE.concurrency };
    // A warm-up: connections, JIT and wasm memory in place before the baseline.
    await seed(emulator.url, 'warm-up', 2000);
    await client.pinGroupForMembers({ groupId: 'warm-up', pageSize: LARGE.pageSize }, options);
    const memory = memoryWatch();
    const sampler = rssSampler();
    const checkpoints = [];
    let next = LARGE.members / 10;
    const report = await client.pinGroupForMembers({ groupId: 'everyone', pageSize: LARGE.pageSize }, {
      ...options,
      progressIntervalMs: 100,
      onProgress: ({ done }) => {
        const rss = sampler.sample();
        if (done >= next) {
          checkpoints.push({ done, rssMB: round(rss / MB, 1), heapUsedMB: round(process.memoryUsage().heapUsed / MB, 1) });
          next += LARGE.members / 10;
        }
      },
    });
    // Measured before the emulator's state is fetched: that copy (every user's conversation list) is not the client's.
    const figures = memory.report(sampler.stop());
    check(report.succeeded === LARGE.members && report.failed === 0, `large: ${report.succeeded} ok, ${report.failed} failed`);
    const state = await emulator.state();
    check(state.pins === LARGE.members + 2000, `large: the emulator holds ${state.pins} pins`);
    return {
      members: LARGE.members,
      pageSize: LARGE.pageSize,
      ratePerSecond: LARGE.rate,
      concurrency: LARGE.concurrency,
      ...figures,
      checkpoints,
      elapsedMs: round(report.elapsedMs),
      membersPerSec: round((report.succeeded * 1000) / report.elapsedMs),
    };
  } finally {
    await emulator.close();
  }
}

export const measure = async () => {
  const ChatAdmin = await loadChatAdmin();
  return { paced: await paced(ChatAdmin), large: await large(ChatAdmin) };
};

runIfMain(import.meta.url, measure);
