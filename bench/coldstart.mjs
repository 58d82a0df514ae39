// Cold start. Node: wall time of `node -e "import(pkg/node.js)"` minus that of an empty `node -e 0`
// (alternating, medians), and the import itself timed inside the process. Chromium: a fresh context (empty
// cache) per sample loads the bench page; import() of pkg/index.js until it resolves, and since navigation start.
import { spawnSync } from 'node:child_process';
import { PKG_NODE_URL, check, median, round, runIfMain } from './common.mjs';
import { openPage, withBrowser } from './browser.mjs';

const NODE_SAMPLES = 9;
const BROWSER_SAMPLES = 5;

function wallMs(args) {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = performance.now() - t0;
  check(run.status === 0, `node ${args.join(' ')} failed: ${run.stderr}`);
  return { ms, stdout: run.stdout };
}

function nodeColdStart() {
  const importScript = `import(${JSON.stringify(PKG_NODE_URL)}).then((m) => { if (typeof m.genUserSig !== 'function') process.exit(2); })`;
  const timedScript = `const t = performance.now(); import(${JSON.stringify(PKG_NODE_URL)}).then(() => console.log(performance.now() - t))`;
  wallMs(['-e', '0']); // warm the OS file cache
  wallMs(['-e', importScript]);
  const empty = [];
  const withImport = [];
  const inProcess = [];
  for (let i = 0; i < NODE_SAMPLES; i++) {
    const pair = i % 2 ? [withImport, empty] : [empty, withImport];
    for (const into of pair) into.push(wallMs(['-e', into === empty ? '0' : importScript]).ms);
    inProcess.push(Number(wallMs(['-e', timedScript]).stdout));
  }
  return {
    samples: NODE_SAMPLES,
    emptyNodeMs: round(median(empty), 1),
    nodeWithImportMs: round(median(withImport), 1),
    importCostMs: round(median(withImport) - median(empty), 1),
    importInProcessMs: round(median(inProcess), 1),
  };
}

async function browserColdStart() {
  return withBrowser(async ({ browser, base, version }) => {
    const importMs = [];
    const sinceNavigationMs = [];
    for (let i = 0; i < BROWSER_SAMPLES; i++) {
      const { page, context } = await openPage(browser, base);
      const cold = await page.evaluate(() => window.coldStart);
      check(typeof (await page.evaluate(() => typeof window.pkg.genUserSig)) === 'string', 'package did not load');
      importMs.push(cold.importMs);
      sinceNavigationMs.push(cold.sinceNavigationMs);
      await context.close();
    }
    return {
      chromium: version,
      samples: BROWSER_SAMPLES,
      importMs: round(median(importMs), 1),
      sinceNavigationMs: round(median(sinceNavigationMs), 1),
      importRuns: importMs.map((x) => round(x, 1)),
    };
  });
}

export async function measure() {
  return { node: nodeColdStart(), chromium: await browserColdStart() };
}

runIfMain(import.meta.url, measure);
