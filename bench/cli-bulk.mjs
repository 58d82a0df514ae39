// The command line's `bulk pin FILE` (pkg/cli/main.mjs, a child process as `npx tencent-chat-admin` runs it)
// against the emulator (own process): rows/s and requests/s, wall time of the whole command (Node's start and the
// package's load included). (a) 2,000 rows, 100 users × 20, merged (20 conversations a request), no limit;
// (b) the same rows one a request (--batch 1) at --rate 100000, no limit; (c) one a request at the default
// --rate 200 with the emulator limited to 200 calls/s. Then (d) reading a 1,000,000-line CSV with --dry-run
// (nothing sent): wall time and the process's peak RSS (/usr/bin/time's maximum resident set size).
// `node bench/cli-bulk.mjs [--rows N] [--dry-rows N]` runs it alone.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { ADMIN, KEY, PKG, SDK_APP_ID, check, round, runIfMain } from './common.mjs';
import { startEmulatorProcess } from './emulator-process.mjs';

const CLI = join(PKG, 'cli', 'main.mjs');
const TIME = '/usr/bin/time';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** Runs the CLI; resolves { code, stdout, stderr, ms, maxRssKB? } (maxRssKB when /usr/bin/time is there). */
function runCli(args, env) {
  const timed = existsSync(TIME);
  const [command, argv] = timed ? [TIME, ['-f', 'maxrss-kb %M', process.execPath, CLI, ...args]] : [process.execPath, [CLI, ...args]];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout = (stdout + d).slice(-100_000)));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const rss = /maxrss-kb (\d+)/.exec(stderr)?.[1];
      resolve({ code, stdout, stderr, ms, maxRssKB: rss ? Number(rss) : undefined });
    });
  });
}

/** The report: all of stdout, or with --dry-run (JSON Lines: the requests, then the report) its last line. */
const report = (stdout) => JSON.parse(stdout.trimEnd().startsWith('{\n') ? stdout : stdout.trimEnd().split('\n').at(-1));

async function send(csv, users, rows, { limit = 0, extra = [] }) {
  const emulator = await startEmulatorProcess({ accounts: users, rateLimit: limit });
  try {
    const env = { TENCENT_CHAT_SDK_APP_ID: String(SDK_APP_ID), TENCENT_CHAT_IDENTIFIER: ADMIN, TENCENT_CHAT_ENDPOINT: emulator.url, TENCENT_CHAT_SECRET_KEY: KEY };
    const r = await runCli(['bulk', 'pin', csv, '--progress', 'none', ...extra], env);
    check(r.code === 0, `cli bulk pin exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    const rep = report(r.stdout);
    const state = await emulator.state();
    check(rep.succeeded === rows && state.pins === rows, `cli bulk pin: ${rep.succeeded} rows succeeded, emulator holds ${state.pins} pins, expected ${rows}`);
    return {
      args: extra.join(' '),
      emulatorLimit: limit,
      rows,
      requests: rep.requests,
      attempts: rep.attempts,
      emulatorCalls: state.requestCount,
      wallMs: round(r.ms),
      rowsPerSec: round((rows * 1000) / r.ms, 1),
      requestsPerSec: round((rep.requests * 1000) / r.ms, 1),
      maxRssMB: r.maxRssKB && round(r.maxRssKB / 1024, 1),
    };
  } finally {
    await emulator.close();
  }
}

async function writeCsv(path, rows, usersCount, perRun) {
  const out = createWriteStream(path);
  out.write('fromAccount,type,id\n');
  for (let i = 0; i < rows; i++) {
    // Users in runs of `perRun` rows, as an export sorted by user lists them.
    if (!out.write(`user${Math.floor(i / perRun) % usersCount},group,g${i}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function measure() {
  const rows = arg('--rows', 2000);
  const dryRows = arg('--dry-rows', 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-cli-bulk-'));
  try {
    const users = Array.from({ length: 100 }, (_, i) => `user${i}`);
    const csv = join(dir, 'rows.csv');
    writeFileSync(csv, `fromAccount,type,id\n${Array.from({ length: rows }, (_, i) => `${users[i % users.length]},group,g${i}`).join('\n')}\n`);
    const cases = [
      await send(csv, users, rows, {}),
      await send(csv, users, rows, { extra: ['--batch', '1', '--rate', '100000'] }),
      await send(csv, users, rows, { limit: 200, extra: ['--batch', '1'] }),
    ];
    const big = join(dir, 'big.csv');
    await writeCsv(big, dryRows, 20_000, 10);
    const dry = await runCli(['bulk', 'pin', big, '--dry-run'], {});
    check(dry.code === 0, `cli bulk pin --dry-run exited ${dry.code}: ${dry.stderr.slice(0, 500)}`);
    const dryReport = report(dry.stdout);
    check(dryReport.rows === dryRows, `--dry-run read ${dryReport.rows} rows, expected ${dryRows}`);
    return {
      cases,
      dryRun: {
        rows: dryRows,
        requests: dryReport.requests,
        wallMs: round(dry.ms),
        rowsPerSec: round((dryRows * 1000) / dry.ms),
        maxRssMB: dry.maxRssKB && round(dry.maxRssKB / 1024, 1),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, measure);
