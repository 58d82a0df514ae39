// genUserSig and verifyUserSig: the options are read here, each field once, and when every field has
// its expected type and range they go to wasm as plain arguments in one call. Anything else goes to the
// careful readers in wasm (with the values read here), which give the same results and the same errors.
import { genUserSig as genChecked, genUserSigPlain, verifyUserSig as verifyChecked, verifyUserSigPlain } from './tencent_chat_admin.js';

const MAX_EXPIRE = 1577880000;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
// A string with a lone surrogate cannot cross as it is (it would arrive with U+FFFD): the careful path
// names it. Without isWellFormed (older engines) every string takes that path.
const wellFormed = typeof String.prototype.isWellFormed === 'function' ? (s) => s.isWellFormed() : () => false;

/** `o[key]`, or undefined when the getter throws (as the wasm readers do). */
function read(o, key) {
  try {
    return o[key];
  } catch {
    return undefined;
  }
}

const isInt = (v, min, max) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isText = (v) => typeof v === 'string' && v !== '' && wellFormed(v);
const nowSecs = () => Math.floor(Date.now() / 1000);

export function genUserSig(options) {
  if (typeof options !== 'object' || options === null) return genChecked(options);
  const sdkAppId = read(options, 'sdkAppId');
  const secretKey = read(options, 'secretKey');
  const identifier = read(options, 'identifier');
  const expire = read(options, 'expire');
  const userbuf = read(options, 'userbuf');
  const now = read(options, 'now');
  if (
    isInt(sdkAppId, 1, MAX_SAFE) && isText(secretKey) && isText(identifier) &&
    (expire === undefined || isInt(expire, 1, MAX_EXPIRE)) &&
    (userbuf === undefined || (userbuf instanceof Uint8Array && ArrayBuffer.isView(userbuf))) &&
    (now === undefined || isInt(now, 0, MAX_SAFE))
  ) {
    return genUserSigPlain(sdkAppId, secretKey, identifier, expire, userbuf, now ?? nowSecs());
  }
  return genChecked({ sdkAppId, secretKey, identifier, expire, userbuf, now });
}

export function verifyUserSig(options) {
  if (typeof options !== 'object' || options === null) return verifyChecked(options);
  const userSig = read(options, 'userSig');
  const sdkAppId = read(options, 'sdkAppId');
  const secretKey = read(options, 'secretKey');
  const identifier = read(options, 'identifier');
  const now = read(options, 'now');
  if (
    isText(userSig) && isInt(sdkAppId, 1, MAX_SAFE) && isText(secretKey) && (identifier === undefined || isText(identifier)) &&
    (now === undefined || isInt(now, 0, MAX_SAFE))
  ) {
    return verifyUserSigPlain(userSig, sdkAppId, secretKey, identifier, now ?? nowSecs());
  }
  return verifyChecked({ userSig, sdkAppId, secretKey, identifier, now });
}
