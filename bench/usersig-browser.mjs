// UserSig speed in headless Chromium: our genUserSig in a page against the pure-JS stand-in (js-sha256 + pako,
// zlib level 6 as the official libraries other than Go use; level 0, as ours stores, for information).
// Alternating rounds in the page, medians.
import { KEY, SDK_APP_ID, ADMIN, check, round, runIfMain } from './common.mjs';
import { openPage, withBrowser } from './browser.mjs';

const ROUNDS = 7;
const ROUND_MS = 200;

/** Runs in the page. */
async function inPage({ key, sdkAppId, identifier, rounds, roundMs }) {
  const { genUserSig, verifyUserSig } = window.pkg;
  const { genUserSigPureJs } = await import('/bench/reference/usersig-purejs.js');
  const expire = 86400 * 180;
  const options = { sdkAppId, secretKey: key, identifier, expire };
  // The stand-in's output must be a UserSig our verifier accepts (both levels).
  for (const level of [6, 0]) {
    const claims = verifyUserSig({ userSig: genUserSigPureJs(sdkAppId, key, identifier, expire, undefined, level), sdkAppId, secretKey: key, identifier });
    if (claims.identifier !== identifier) throw new Error('verifyUserSig rejects the stand-in');
  }
  const contenders = {
    ours: () => genUserSig(options),
    purejs: () => genUserSigPureJs(sdkAppId, key, identifier, expire),
    purejsLevel0: () => genUserSigPureJs(sdkAppId, key, identifier, expire, undefined, 0),
  };
  let sink = 0;
  const calibrate = (fn) => {
    for (let n = 50; ; n *= 4) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) sink += fn().length;
      const ms = performance.now() - t0;
      if (ms >= roundMs / 4 || n > 1e7) return Math.max(50, Math.round((n * roundMs) / Math.max(ms, 0.1)));
    }
  };
  const sized = Object.entries(contenders).map(([name, fn]) => [name, fn, calibrate(fn)]);
  const rates = Object.fromEntries(sized.map(([name]) => [name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn, n] of r % 2 ? [...sized].reverse() : sized) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) sink += fn().length;
      rates[name].push((n * 1000) / (performance.now() - t0));
    }
  }
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
  return { sink, results: Object.fromEntries(sized.map(([name, , n]) => [name, { opsPerSec: median(rates[name]), opsPerRound: n, rounds: rates[name] }])) };
}

export async function measure() {
  return withBrowser(async ({ browser, base, version }) => {
    const { page, context } = await openPage(browser, base);
    try {
      const { sink, results } = await page.evaluate(inPage, { key: KEY, sdkAppId: SDK_APP_ID, identifier: ADMIN, rounds: ROUNDS, roundMs: ROUND_MS });
      check(sink > 0, 'nothing ran in the page');
      const tidy = (r) => ({ opsPerSec: round(r.opsPerSec), opsPerRound: r.opsPerRound, rounds: r.rounds.map((x) => round(x)) });
      return {
        chromium: version,
        rounds: ROUNDS,
        roundMs: ROUND_MS,
        ours: tidy(results.ours),
        purejs: tidy(results.purejs),
        purejsLevel0: tidy(results.purejsLevel0),
        ratioOursOverPurejs: round(results.ours.opsPerSec / results.purejs.opsPerSec, 2),
        ratioOursOverPurejsLevel0: round(results.ours.opsPerSec / results.purejsLevel0.opsPerSec, 2),
        microsecondsPerOp: { ours: round(1e6 / results.ours.opsPerSec, 1), purejs: round(1e6 / results.purejs.opsPerSec, 1) },
      };
    } finally {
      await context.close();
    }
  });
}

runIfMain(import.meta.url, measure);
