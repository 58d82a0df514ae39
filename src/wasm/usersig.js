// Helpers for the UserSig exports (src/wasm/usersig.rs): their options read in one call.

const MAX = Number.MAX_SAFE_INTEGER;
const get = (o, key) => { try { return o[key]; } catch {} }; // a throwing getter reads as missing
const int = (v, min, max) => Number.isInteger(v) && v >= min && v <= max;
// Fit for a line: not empty, no NUL (the separator), no lone surrogate (it would cross as U+FFFD).
const text = (v) => typeof v === 'string' && v !== '' && !v.includes('\0') && !!v.isWellFormed?.();
const clock = () => Math.floor(Date.now() / 1000);

// genUserSig's options, each read once: `sdkAppId\0expire\0now\0secretKey\0identifier` (expire 0 if absent)
// when all are of their type and range and userbuf is absent, else the values read for the careful readers.
export function genLine(o) {
  const sdkAppId = get(o, 'sdkAppId'), secretKey = get(o, 'secretKey'), identifier = get(o, 'identifier');
  const expire = get(o, 'expire'), userbuf = get(o, 'userbuf'), now = get(o, 'now');
  return int(sdkAppId, 1, MAX) && text(secretKey) && text(identifier) && (expire === undefined || int(expire, 1, 1577880000)) &&
    userbuf === undefined && (now === undefined || int(now, 0, MAX))
    ? `${sdkAppId}\0${expire ?? 0}\0${now ?? clock()}\0${secretKey}\0${identifier}`
    : { sdkAppId, secretKey, identifier, expire, userbuf, now };
}

// verifyUserSig's likewise: `sdkAppId\0now\0userSig\0secretKey\0identifier` (identifier '' if absent).
export function verifyLine(o) {
  const userSig = get(o, 'userSig'), sdkAppId = get(o, 'sdkAppId'), secretKey = get(o, 'secretKey');
  const identifier = get(o, 'identifier'), now = get(o, 'now');
  return text(userSig) && int(sdkAppId, 1, MAX) && text(secretKey) && (identifier === undefined || text(identifier)) &&
    (now === undefined || int(now, 0, MAX))
    ? `${sdkAppId}\0${now ?? clock()}\0${userSig}\0${secretKey}\0${identifier ?? ''}`
    : { userSig, sdkAppId, secretKey, identifier, now };
}
