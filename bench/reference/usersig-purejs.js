// Stand-in for what pages ship today to make a UserSig in the browser: pure-JS HMAC-SHA256 (js-sha256) and
// pure-JS zlib (pako), the TLSSigAPIv2 algorithm. Bare specifiers: Node resolves them from node_modules; the
// bench page maps them with an import map. Only the bench uses it.
import { sha256 } from 'js-sha256/build/sha256.min.mjs';
import { deflate } from 'pako';

function base64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

/** genSig(sdkAppId, key, identifier, expire[, now][, level]) → UserSig, as the official libraries make it. */
export function genUserSigPureJs(sdkAppId, key, identifier, expire, now = Math.floor(Date.now() / 1000), level = 6) {
  const content = `TLS.identifier:${identifier}\nTLS.sdkappid:${sdkAppId}\nTLS.time:${now}\nTLS.expire:${expire}\n`;
  const doc = {
    'TLS.ver': '2.0',
    'TLS.identifier': String(identifier),
    'TLS.sdkappid': Number(sdkAppId),
    'TLS.time': now,
    'TLS.expire': Number(expire),
    'TLS.sig': base64(sha256.hmac.array(key, content)),
  };
  return base64(deflate(JSON.stringify(doc), { level }))
    .replace(/\+/g, '*')
    .replace(/\//g, '-')
    .replace(/=/g, '_');
}
