// UserSig (TLSSigAPIv2) verification, written from the documented format and independent of the package under test.
//
// Checks run in this order, and the first failure answers:
//   1. 70003 the string does not decode (base64 with `*`→`+`, `-`→`/`, `_`→`=`; zlib inflate; JSON; field types);
//   2. 70014 the sig's TLS.sdkappid is not the app's;
//   3. 70013 the sig's TLS.identifier is not the query's identifier;
//   4. 70009 the HMAC-SHA256 does not match (wrong secret key, or any signed field altered);
//   5. 70001 expired: now > TLS.time + TLS.expire (equality is still valid).
// The signature is checked before the expiry so that an unsigned (forged) document never gets an answer that
// depends on its own claimed time.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { inflateSync } from 'node:zlib';

// A real UserSig inflates to about 200 bytes; anything far bigger is not one (and must not exhaust memory).
const MAX_INFLATED_BYTES = 64 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Decodes a UserSig into its fields, or returns null when it is not a well-formed one. */
export function decodeUserSig(userSig) {
  const base64 = userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
  if (!BASE64.test(base64)) return null;
  let doc;
  try {
    const json = inflateSync(Buffer.from(base64, 'base64'), { maxOutputLength: MAX_INFLATED_BYTES });
    doc = JSON.parse(json.toString('utf8'));
  } catch {
    return null;
  }
  if (doc === null || typeof doc !== 'object') return null;
  const fields = {
    identifier: doc['TLS.identifier'],
    sdkappid: doc['TLS.sdkappid'],
    time: doc['TLS.time'],
    expire: doc['TLS.expire'],
    userbuf: doc['TLS.userbuf'],
    sig: doc['TLS.sig'],
  };
  const wellTyped =
    typeof fields.identifier === 'string' &&
    Number.isFinite(fields.sdkappid) &&
    Number.isFinite(fields.time) &&
    Number.isFinite(fields.expire) &&
    typeof fields.sig === 'string' &&
    (fields.userbuf === undefined || typeof fields.userbuf === 'string');
  return wellTyped ? fields : null;
}

/** The exact text the HMAC covers, each line ending in "\n", the userbuf line only when the sig has one. */
export function signedContent({ identifier, sdkappid, time, expire, userbuf }) {
  let content = `TLS.identifier:${identifier}\nTLS.sdkappid:${sdkappid}\nTLS.time:${time}\nTLS.expire:${expire}\n`;
  if (userbuf !== undefined) content += `TLS.userbuf:${userbuf}\n`;
  return content;
}

function signatureMatches(fields, secretKey) {
  // The console's key is used as its UTF-8 bytes, not hex-decoded.
  const expected = Buffer.from(createHmac('sha256', secretKey).update(signedContent(fields)).digest('base64'));
  const actual = Buffer.from(fields.sig);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Verifies `userSig` for the app and the calling identifier.
 * Returns null when valid, else { code, info } with the service's error code.
 */
export function verifyUserSig(userSig, { sdkAppId, secretKey, identifier, nowSeconds }) {
  const fields = decodeUserSig(userSig);
  if (!fields) return { code: 70003, info: 'usersig could not be decoded (is it complete?)' };
  if (fields.sdkappid !== sdkAppId) {
    return { code: 70014, info: `usersig was made for sdkappid ${fields.sdkappid}, not ${sdkAppId}` };
  }
  if (fields.identifier !== identifier) {
    return { code: 70013, info: 'usersig was made for another identifier than the one in the query' };
  }
  if (!signatureMatches(fields, secretKey)) {
    return { code: 70009, info: 'usersig signature check failed (wrong secret key?)' };
  }
  if (nowSeconds > fields.time + fields.expire) {
    return { code: 70001, info: `usersig expired at ${fields.time + fields.expire}, now is ${nowSeconds}` };
  }
  return null;
}
