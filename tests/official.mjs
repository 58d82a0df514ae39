// The independent oracle shared by the JS suites: UserSigs from the official npm library
// (tls-sig-api-v2, a dev dependency), and the demo app's constants.
import { createRequire } from 'node:module';

const TLSSigAPIv2 = createRequire(import.meta.url)('tls-sig-api-v2');

export const SDKAPPID = 1400000000;
/** The public demo key of the official examples (also the emulator's default). */
export const KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';
export const ADMIN = 'administrator';

/** A UserSig from the official library; `timeSec` pins its clock, `userbuf` adds a userbuf. */
export function officialSig({ id = ADMIN, expire = 86400, key = KEY, sdkAppId = SDKAPPID, timeSec, userbuf } = {}) {
  const api = new TLSSigAPIv2.Api(sdkAppId, key);
  if (timeSec === undefined) return api.genSig(id, expire, userbuf);
  const realNow = Date.now;
  Date.now = () => timeSec * 1000;
  try {
    return api.genSig(id, expire, userbuf);
  } finally {
    Date.now = realNow;
  }
}
