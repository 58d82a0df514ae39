// genUserSig and verifyUserSig read their options here, each field once. When every field has its type and
// range they go to wasm as plain arguments; anything else goes, as read, to the careful wasm readers.
import { genUserSig as gen, genUserSigPlain, verifyUserSig as verify, verifyUserSigPlain } from './tencent_chat_admin.js';

const MAX = Number.MAX_SAFE_INTEGER;
const get = (o, key) => { try { return o[key]; } catch {} }; // a throwing getter reads as missing, as in wasm
const int = (v, min, max) => Number.isInteger(v) && v >= min && v <= max;
// A lone surrogate would cross as U+FFFD: such strings (and all, without isWellFormed) go the careful way.
const text = (v) => typeof v === 'string' && v !== '' && !!v.isWellFormed?.();
const clock = () => Math.floor(Date.now() / 1000);

// `userbuf` crosses as a fresh copy: the glue reads a view's `length` property to size and fill wasm memory,
// and a view can lie about it; the copy has the real length.
export function genUserSig(o) {
  if (typeof o !== 'object' || o === null) return gen(o);
  const sdkAppId = get(o, 'sdkAppId'), secretKey = get(o, 'secretKey'), identifier = get(o, 'identifier');
  const expire = get(o, 'expire'), userbuf = get(o, 'userbuf'), now = get(o, 'now');
  return int(sdkAppId, 1, MAX) && text(secretKey) && text(identifier) && (expire === undefined || int(expire, 1, 1577880000)) &&
    (userbuf === undefined || (userbuf instanceof Uint8Array && ArrayBuffer.isView(userbuf))) && (now === undefined || int(now, 0, MAX))
    ? genUserSigPlain(sdkAppId, secretKey, identifier, expire ?? 0, userbuf && new Uint8Array(userbuf), now ?? clock())
    : gen({ sdkAppId, secretKey, identifier, expire, userbuf, now });
}

export function verifyUserSig(o) {
  if (typeof o !== 'object' || o === null) return verify(o);
  const userSig = get(o, 'userSig'), sdkAppId = get(o, 'sdkAppId'), secretKey = get(o, 'secretKey');
  const identifier = get(o, 'identifier'), now = get(o, 'now');
  return text(userSig) && int(sdkAppId, 1, MAX) && text(secretKey) && (identifier === undefined || text(identifier)) &&
    (now === undefined || int(now, 0, MAX))
    ? verifyUserSigPlain(userSig, sdkAppId, secretKey, identifier ?? '', now ?? clock())
    : verify({ userSig, sdkAppId, secretKey, identifier, now });
}
