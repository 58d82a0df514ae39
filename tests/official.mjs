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
  return atTime(timeSec, () => new TLSSigAPIv2.Api(sdkAppId, key).genSig(id, expire, userbuf));
}

/**
 * A PrivateMapKey from the official library, its clock pinned to `timeSec` (it reads the clock for the userbuf and
 * again for TLS.time): genPrivateMapKey for a numeric `room`, genPrivateMapKeyWithStringRoomID for a string one.
 */
export function officialPrivateMapKey({ id, expire, key = KEY, sdkAppId = SDKAPPID, timeSec, room, privileges }) {
  const api = new TLSSigAPIv2.Api(sdkAppId, key);
  return atTime(timeSec, () => typeof room === 'number'
    ? api.genPrivateMapKey(id, expire, room, privileges)
    : api.genPrivateMapKeyWithStringRoomID(id, expire, room, privileges));
}

/** `make()` with Date.now pinned to `timeSec` (when given). */
function atTime(timeSec, make) {
  if (timeSec === undefined) return make();
  const realNow = Date.now;
  Date.now = () => timeSec * 1000;
  try {
    return make();
  } finally {
    Date.now = realNow;
  }
}
