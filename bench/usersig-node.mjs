// UserSig speed in Node, same process, alternating rounds: our genUserSig against the official tls-sig-api-v2
// genSig (and the pure-JS page stand-in, for information); our verifyUserSig against a small node:crypto verifier.
import { createRequire } from 'node:module';
import { ADMIN, KEY, PKG_NODE_URL, ROOT, SDK_APP_ID, calibrate, check, median, round, runIfMain } from './common.mjs';
import { verifyUserSigNode } from './reference/usersig-verify-node.mjs';
import { genUserSigPureJs } from './reference/usersig-purejs.js';

const ROUNDS = 7;
const ROUND_MS = 200;
const EXPIRE = 86400 * 180;

/** Alternating rounds of each contender; returns { name: { opsPerSec (median), rounds[], opsPerRound } }. */
function race(contenders) {
  let sink = 0;
  const sized = Object.entries(contenders).map(([name, fn]) => [name, fn, calibrate(fn, ROUND_MS)]);
  const rates = Object.fromEntries(sized.map(([name]) => [name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? [...sized].reverse() : sized;
    for (const [name, fn, n] of order) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) sink += fn().length ?? 1;
      rates[name].push((n * 1000) / (performance.now() - t0));
    }
  }
  check(sink > 0, 'nothing ran');
  return Object.fromEntries(
    sized.map(([name, , n]) => [name, { opsPerSec: round(median(rates[name])), opsPerRound: n, rounds: rates[name].map((x) => round(x)) }]),
  );
}

export async function measure() {
  const { genUserSig, verifyUserSig } = await import(PKG_NODE_URL);
  const { Api } = createRequire(ROOT)('tls-sig-api-v2');
  const official = new Api(SDK_APP_ID, KEY);
  const options = { sdkAppId: SDK_APP_ID, secretKey: KEY, identifier: ADMIN, expire: EXPIRE };

  // Correctness first: each side accepts the other's output.
  const ours = genUserSig(options);
  const theirs = official.genSig(ADMIN, EXPIRE);
  const pure = genUserSigPureJs(SDK_APP_ID, KEY, ADMIN, EXPIRE);
  check(verifyUserSigNode(ours, SDK_APP_ID, KEY, ADMIN).identifier === ADMIN, 'reference verifier rejects our UserSig');
  for (const sig of [theirs, pure]) check(verifyUserSig({ userSig: sig, sdkAppId: SDK_APP_ID, secretKey: KEY, identifier: ADMIN }).identifier === ADMIN, 'verifyUserSig rejects a reference UserSig');

  // The same again with a different identifier each call (1024 in turn): nothing is reused between calls.
  const ids = Array.from({ length: 1024 }, (_, i) => `user${i}`);
  const idOptions = ids.map((identifier) => ({ ...options, identifier }));
  let next = 0;
  const gen = race({
    ours: () => genUserSig(options),
    official: () => official.genSig(ADMIN, EXPIRE),
    purejs: () => genUserSigPureJs(SDK_APP_ID, KEY, ADMIN, EXPIRE),
    oursManyIds: () => genUserSig(idOptions[next++ & 1023]),
    officialManyIds: () => official.genSig(ids[next++ & 1023], EXPIRE),
  });
  const verifyOptions = { userSig: ours, sdkAppId: SDK_APP_ID, secretKey: KEY, identifier: ADMIN };
  const verify = race({
    ours: () => verifyUserSig(verifyOptions).identifier,
    nodeCrypto: () => verifyUserSigNode(ours, SDK_APP_ID, KEY, ADMIN).identifier,
  });
  return {
    rounds: ROUNDS,
    roundMs: ROUND_MS,
    gen,
    genRatioOursOverOfficial: round(gen.ours.opsPerSec / gen.official.opsPerSec, 2),
    genRatioManyIds: round(gen.oursManyIds.opsPerSec / gen.officialManyIds.opsPerSec, 2),
    verify,
    verifyRatioOursOverNodeCrypto: round(verify.ours.opsPerSec / verify.nodeCrypto.opsPerSec, 2),
    userSigChars: { ours: ours.length, official: theirs.length },
  };
}

runIfMain(import.meta.url, measure);
