// `npm run bench`: runs each section in its own Node process (so one's memory and JIT state do not colour
// another's), prints a table, and writes the figures to bench/results/<timestamp>.json and latest.json (and the
// table to latest.txt).
// Needs a built package in pkg/ (npm run build). See bench/README.md.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { PKG, ROOT } from './common.mjs';
import { CHROMIUM } from './browser.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SECTIONS = ['size', 'usersig-node', 'usersig-browser', 'overhead', 'coldstart', 'bulk', 'bulk-limit', 'cli-bulk', 'group-members'];
const SECTION_TIMEOUT_MS = 150_000;
const PKG_FILES = ['tencent_chat_admin_bg.wasm', 'tencent_chat_admin.js', 'node.js', 'index.js'];

/** pkg/ is rebuilt in place (deleted, then written): wait a little for it rather than fail at once. */
async function waitForPkg() {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (PKG_FILES.every((f) => existsSync(join(PKG, f)))) return;
    console.error(`bench: pkg/ is incomplete (a build may be running); waiting 30 s (${attempt + 1}/5)`);
    await sleep(30_000);
  }
  throw new Error('bench: pkg/ has no built package; run `npm run build` first');
}

const wasmDigest = () => createHash('sha256').update(readFileSync(join(PKG, 'tencent_chat_admin_bg.wasm'))).digest('hex').slice(0, 16);

function runSection(name) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--expose-gc', join(HERE, `${name}.mjs`)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), SECTION_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`bench section ${name} failed (${signal ?? `exit ${code}`}) after ${seconds.toFixed(1)} s`));
      const line = out.trim().split('\n').pop();
      try {
        resolve({ result: JSON.parse(line), seconds });
      } catch {
        reject(new Error(`bench section ${name} printed no JSON result`));
      }
    });
  });
}

function machine() {
  const cpus = os.cpus();
  const chromium = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout?.trim().split('\n').pop() ?? null;
  const git = (args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() || null;
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    memoryGB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium,
    commit: git(['rev-parse', '--short', 'HEAD']),
    uncommittedSrc: git(['status', '--porcelain', '--', 'src', 'Cargo.toml', 'Cargo.lock']) !== null,
  };
}

// ---- the table ----
const int = (n) => Math.round(n).toLocaleString('en-US');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const x = (ratio) => `${ratio.toFixed(2)}×`;

function table(title, header, rows) {
  const all = [header, ...rows].map((row) => row.map(String));
  const widths = all[0].map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row) => `  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('   ')}`.trimEnd();
  return [`\n${title}`, line(all[0]), `  ${widths.map((w) => '-'.repeat(w)).join('   ')}`, ...all.slice(1).map(line)].join('\n');
}

function render(r) {
  const { size, usersigNode: un, usersigBrowser: ub, overhead: oh, coldstart: cs, bulk, bulkLimit, cliBulk, groupMembers } = r.sections;
  const m = r.machine;
  const out = [`tencent-chat-admin bench, ${r.date}`,
    `${m.cpuModel} × ${m.cpuCount}, ${m.memoryGB} GB, ${m.os}, Node ${m.node}, ${m.chromium}`,
    `commit ${m.commit}${m.uncommittedSrc ? ' + uncommitted src changes' : ''}, wasm ${r.wasmDigest.start}${r.wasmDigest.start === r.wasmDigest.end ? '' : ` → ${r.wasmDigest.end} (REBUILT DURING THE RUN)`}, load average ${r.loadAverage.start.join(' ')} → ${r.loadAverage.end.join(' ')}`];
  out.push(table('1. Size (gzip -9 = node:zlib level 9)', ['file', 'raw', 'gzip'], [
    ...size.files.map((f) => [f.file, int(f.raw), int(f.gzip)]),
    ['sum: what a page loads (index.js, one bundle, and the wasm)', int(size.browserLoad.raw), `${int(size.browserLoad.gzip)} (${kb(size.browserLoad.gzip)})`],
    ['sum: what Node loads (the wasm, node.js and the modules as written)', int(size.nodeLoad.raw), `${int(size.nodeLoad.gzip)} (${kb(size.nodeLoad.gzip)})`],
    ['sign-only: tencent-chat-admin/usersig in a page (index.js and its wasm)', int(size.usersigBrowserLoad.raw), `${int(size.usersigBrowserLoad.gzip)} (${kb(size.usersigBrowserLoad.gzip)})`],
    ['official tls-sig-api-v2: TLSSigAPIv2.js (Node only)', int(size.officialTlsSigApiV2.code.raw), int(size.officialTlsSigApiV2.code.gzip)],
    ['official tls-sig-api-v2: installed package', int(size.officialTlsSigApiV2.installed.raw), int(size.officialTlsSigApiV2.installed.gzip)],
    ['pure-JS stand-in (sha256.min + pako_deflate.min + ref)', int(size.pureJsStandIn.raw), int(size.pureJsStandIn.gzip)],
    ['Tencent browser helper (quoted in issue 7, not measured)', int(size.tencentBrowserHelperQuoted.raw), int(size.tencentBrowserHelperQuoted.gzip)],
  ]));
  out.push(table(`2. UserSig in Node (ops/s, median of ${un.rounds} alternating rounds of ~${un.roundMs} ms)`, ['', 'ops/s', 'µs/op', 'ratio'], [
    ['genUserSig (ours)', int(un.gen.ours.opsPerSec), (1e6 / un.gen.ours.opsPerSec).toFixed(1), `${x(un.genRatioOursOverOfficial)} official`],
    ['official tls-sig-api-v2 genSig', int(un.gen.official.opsPerSec), (1e6 / un.gen.official.opsPerSec).toFixed(1), ''],
    ['pure-JS stand-in (js-sha256 + pako) in Node', int(un.gen.purejs.opsPerSec), (1e6 / un.gen.purejs.opsPerSec).toFixed(1), ''],
    ['genUserSig (ours), another identifier every call', int(un.gen.oursManyIds.opsPerSec), (1e6 / un.gen.oursManyIds.opsPerSec).toFixed(1), `${x(un.genRatioManyIds)} official`],
    ['official genSig, another identifier every call', int(un.gen.officialManyIds.opsPerSec), (1e6 / un.gen.officialManyIds.opsPerSec).toFixed(1), ''],
    ['verifyUserSig (ours)', int(un.verify.ours.opsPerSec), (1e6 / un.verify.ours.opsPerSec).toFixed(1), `${x(un.verifyRatioOursOverNodeCrypto)} node:crypto ref`],
    ['JS verify with node:crypto + node:zlib (bench ref)', int(un.verify.nodeCrypto.opsPerSec), (1e6 / un.verify.nodeCrypto.opsPerSec).toFixed(1), ''],
  ]));
  out.push(table(`3. UserSig in Chromium ${ub.chromium} (ops/s, median of ${ub.rounds} alternating rounds)`, ['', 'ops/s', 'µs/op', 'ratio'], [
    ['genUserSig (ours, wasm)', int(ub.ours.opsPerSec), (1e6 / ub.ours.opsPerSec).toFixed(1), `${x(ub.ratioOursOverPurejs)} stand-in`],
    ['pure-JS stand-in, pako level 6', int(ub.purejs.opsPerSec), (1e6 / ub.purejs.opsPerSec).toFixed(1), ''],
    ['pure-JS stand-in, pako level 0 (info)', int(ub.purejsLevel0.opsPerSec), (1e6 / ub.purejsLevel0.opsPerSec).toFixed(1), `${x(ub.ratioOursOverPurejsLevel0)}`],
  ]));
  out.push(table(`4. Call overhead: pins/s against the emulator (own process, no limit), ${oh.inFlight} in flight, ${int(oh.calls)} calls × ${oh.roundsEach} rounds`, ['', 'calls/s', 'client CPU µs/call', 'ratio ours/this'], [
    ['ours: ChatAdmin.pinConversations', int(oh.oursCallsPerSec), int(oh.cpuMicrosPerCall.ours), ''],
    ['baseline: fetch loop, same bytes', int(oh.baselineCallsPerSec), int(oh.cpuMicrosPerCall.baseline), x(oh.ratio)],
    ['baseline + AbortController + 10 s timer (info)', int(oh.baselineWithTimeoutCallsPerSec), int(oh.cpuMicrosPerCall.baselineWithTimeout), x(oh.ratioOverBaselineWithTimeout)],
  ]));
  out.push(table('5. Cold start (medians)', ['', 'ms'], [
    [`Node: node -e "import(pkg/node.js)" minus empty node (${cs.node.samples} each)`, cs.node.importCostMs.toFixed(1)],
    ['Node: empty node -e 0 / with the import', `${cs.node.emptyNodeMs.toFixed(1)} / ${cs.node.nodeWithImportMs.toFixed(1)}`],
    ['Node: await import() timed inside the process', cs.node.importInProcessMs.toFixed(1)],
    [`Chromium: import('/pkg/index.js') until resolved (fresh context, ${cs.chromium.samples}×)`, cs.chromium.importMs.toFixed(1)],
    ['Chromium: navigation start until the module resolved', cs.chromium.sinceNavigationMs.toFixed(1)],
  ]));
  const p = bulk.paced;
  const f = bulk.flat;
  out.push(table('6. Bulk: pinConversationsBulk against the emulator (own process)', ['', 'value'], [
    [`${int(p.items)} pins, emulator limit ${int(p.ratePerSecond)}/s, ratePerSecond ${int(p.ratePerSecond)}, concurrency ${p.concurrency}`, ''],
    ['  elapsed / achieved rate', `${(p.elapsedMs / 1000).toFixed(2)} s / ${int(p.achievedPerSec)} per s`],
    ['  throttled: report.attempts - total / emulator calls - items', `${int(p.throttledRetries)} / ${int(p.emulatorThrottled)}`],
    ['  RSS before / peak / peak delta', `${p.rssBeforeMB} / ${p.peakRssMB} / +${p.peakRssDeltaMB} MB`],
    ['  JS heap after full GC before / after; wasm memory', `${p.heapAfterGcMB.before} / ${p.heapAfterGcMB.after} MB; ${p.wasmMemoryMB.before} → ${p.wasmMemoryMB.after} MB`],
    ['  wasm-bindgen externref table: length; slots held (per item)', `${int(p.externrefTableSlots.before)} → ${int(p.externrefTableSlots.after)}; ${int(p.externrefsHeld.before)} → ${int(p.externrefsHeld.after)} (${((p.externrefsHeld.after - p.externrefsHeld.before) / p.items).toFixed(2)})`],
    [`${int(f.items)} items from a generator, no limit, ratePerSecond ${int(f.ratePerSecond)}, concurrency ${f.concurrency}`, ''],
    ['  elapsed / achieved rate', `${(f.elapsedMs / 1000).toFixed(2)} s / ${int(f.achievedPerSec)} per s`],
    ['  RSS before / peak / peak delta', `${f.rssBeforeMB} / ${f.peakRssMB} / +${f.peakRssDeltaMB} MB`],
    ['  RSS at each 10% (MB)', f.checkpoints.map((c) => c.rssMB).join(' ')],
    ['  JS heap after full GC before / after; wasm memory', `${f.heapAfterGcMB.before} / ${f.heapAfterGcMB.after} MB; ${f.wasmMemoryMB.before} → ${f.wasmMemoryMB.after} MB`],
    ['  wasm-bindgen externref table: length; slots held (per item)', `${int(f.externrefTableSlots.before)} → ${int(f.externrefTableSlots.after)}; ${int(f.externrefsHeld.before)} → ${int(f.externrefsHeld.after)} (${((f.externrefsHeld.after - f.externrefsHeld.before) / f.items).toFixed(2)})`],
  ]));
  const fr = bulk.fetchReference;
  out.push(`  bulk process maxRSS (getrusage, whole life): ${bulk.maxRssMB} MB`);
  out.push(`  for scale, a plain fetch loop (${int(fr.calls)} calls, ${fr.inFlight} in flight, fresh process, ${int(fr.perSec)}/s): RSS ${fr.rssBeforeMB} → peak ${fr.peakRssMB} MB (+${fr.peakRssDeltaMB})`);
  if (bulkLimit) {
    const bl = bulkLimit;
    out.push(table(`7. Bulk under a lower limit: ${int(bl.items)} pins, emulator limited to ${bl.limit}/s (own process), ${bl.rounds} round(s)`, ['ratePerSecond', 'concurrency', 'elapsed s', 'pins/s', 'of the limit', 'attempts', 'throttled'],
      bl.cases.map((c) => [c.ratePerSecond, c.concurrency, (c.elapsedMs / 1000).toFixed(1), c.perSec.toFixed(1), `${Math.round(c.ofLimit * 100)} %`, int(c.attempts), int(c.throttled)])));
  }
  if (cliBulk) {
    const cb = cliBulk;
    out.push(table(`8. The command line: bulk pin FILE against the emulator (own process); wall time of the whole command`, ['case', 'rows', 'requests', 'wall s', 'rows/s', 'requests/s', 'peak RSS MB'], [
      ...cb.cases.map((c) => [`${c.args || 'merged (default)'}${c.emulatorLimit ? `, emulator limit ${c.emulatorLimit}/s` : ', no limit'}`, int(c.rows), int(c.requests), (c.wallMs / 1000).toFixed(2), int(c.rowsPerSec), int(c.requestsPerSec), c.maxRssMB ?? '']),
      [`--dry-run, ${int(cb.dryRun.rows)}-line CSV (nothing sent)`, int(cb.dryRun.rows), int(cb.dryRun.requests), (cb.dryRun.wallMs / 1000).toFixed(2), int(cb.dryRun.rowsPerSec), '', cb.dryRun.maxRssMB ?? ''],
    ]));
  }
  if (groupMembers) {
    const { paced: gp, large: gl } = groupMembers;
    out.push(table('9. A group pinned for all its members: pinGroupForMembers against the emulator (own process)', ['', 'value'], [
      [`${int(gp.members)} members, emulator limit ${gp.emulatorLimit}/s, default ratePerSecond`, `${(gp.elapsedMs / 1000).toFixed(2)} s, ${gp.membersPerSec} members/s, ${int(gp.throttled)} throttled`],
      [`${int(gl.members)} members, ${gl.pageSize} a page, no limit, concurrency ${gl.concurrency}`, `${(gl.elapsedMs / 1000).toFixed(2)} s, ${int(gl.membersPerSec)} members/s`],
      ['  RSS before / peak / peak delta', `${gl.rssBeforeMB} / ${gl.peakRssMB} / +${gl.peakRssDeltaMB} MB`],
      ['  RSS at each 10% (MB)', gl.checkpoints.map((c) => c.rssMB).join(' ')],
      ['  JS heap after full GC before / after; wasm memory', `${gl.heapAfterGcMB.before} / ${gl.heapAfterGcMB.after} MB; ${gl.wasmMemoryMB.before} → ${gl.wasmMemoryMB.after} MB`],
    ]));
  }
  out.push(`\nsection times (s): ${Object.entries(r.sectionSeconds).map(([k, v]) => `${k} ${v}`).join(', ')}; total ${r.totalSeconds} s`);
  return out.join('\n');
}

async function main() {
  const started = performance.now();
  await waitForPkg();
  const date = new Date();
  const run = {
    date: date.toISOString(),
    machine: machine(),
    loadAverage: { start: os.loadavg().map((l) => Number(l.toFixed(2))) },
    wasmDigest: { start: wasmDigest() },
    sections: {},
    sectionSeconds: {},
  };
  for (const name of SECTIONS) {
    process.stderr.write(`bench: ${name} …\n`);
    const { result, seconds } = await runSection(name);
    const key = name.replace(/-(\w)/g, (_, c) => c.toUpperCase());
    run.sections[key] = result;
    run.sectionSeconds[key] = Number(seconds.toFixed(1));
  }
  await waitForPkg();
  run.wasmDigest.end = wasmDigest();
  run.loadAverage.end = os.loadavg().map((l) => Number(l.toFixed(2)));
  run.totalSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
  const text = render(run);
  console.log(text);
  const dir = join(HERE, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${date.toISOString().replace(/[:.]/g, '-')}.json`);
  const json = `${JSON.stringify(run, null, 2)}\n`;
  writeFileSync(file, json);
  writeFileSync(join(dir, 'latest.json'), json);
  writeFileSync(join(dir, 'latest.txt'), `${text}\n`);
  console.log(`\nwritten: ${file.slice(ROOT.length)}, bench/results/latest.json and latest.txt (this table)`);
}

/** `node bench/run.mjs --table` prints the table of bench/results/latest.json again without measuring. */
if (process.argv.includes('--table')) {
  console.log(render(JSON.parse(readFileSync(join(HERE, 'results', 'latest.json'), 'utf8'))));
} else main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
