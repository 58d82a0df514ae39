// A small UserSig verifier with node:crypto and node:zlib, as a Node app would write it (the official Node
// library has none): the reference for verifyUserSig's speed. Throws an Error whose `code` is the service's.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { inflateSync } from 'node:zlib';

function fail(code, message) {
  throw Object.assign(new Error(message), { code });
}

export function verifyUserSigNode(userSig, sdkAppId, key, identifier, now = Math.floor(Date.now() / 1000)) {
  let doc;
  try {
    const b64 = userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
    doc = JSON.parse(inflateSync(Buffer.from(b64, 'base64')).toString('utf8'));
  } catch {
    fail(70003, 'UserSig could not be parsed');
  }
  if (doc['TLS.sdkappid'] !== sdkAppId) fail(70014, 'sdkappid differs');
  if (identifier !== undefined && doc['TLS.identifier'] !== identifier) fail(70013, 'identifier differs');
  const id = doc['TLS.identifier'];
  let content = `TLS.identifier:${id}\nTLS.sdkappid:${sdkAppId}\nTLS.time:${doc['TLS.time']}\nTLS.expire:${doc['TLS.expire']}\n`;
  if (doc['TLS.userbuf'] !== undefined) content += `TLS.userbuf:${doc['TLS.userbuf']}\n`;
  const expected = createHmac('sha256', key).update(content).digest();
  const given = Buffer.from(String(doc['TLS.sig']), 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) fail(70009, 'signature mismatch');
  if (now > doc['TLS.time'] + doc['TLS.expire']) fail(70001, 'expired');
  return { identifier: id, sdkAppId, time: doc['TLS.time'], expire: doc['TLS.expire'] };
}
