// CORS, on by default so that a page on another origin can call the emulator (and read its control endpoints).
// Every answer carries Access-Control-Allow-Origin: * (no credentials are involved). With CORS off, no CORS
// header is sent at all, so a browser refuses the cross-origin call, and OPTIONS is answered 405.
const MAX_AGE_SECONDS = 600;

export const ALLOW_ORIGIN = { 'access-control-allow-origin': '*' };

/** The headers of a 204 answer to a preflight. */
export function preflightHeaders(requestHeaders) {
  return {
    ...ALLOW_ORIGIN,
    'access-control-allow-methods': 'POST, GET, OPTIONS',
    'access-control-allow-headers': requestHeaders['access-control-request-headers'] || 'content-type',
    'access-control-max-age': String(MAX_AGE_SECONDS),
    vary: 'Access-Control-Request-Headers',
    // Chrome's Private Network Access asks this when a public page calls a loopback address.
    ...(requestHeaders['access-control-request-private-network'] === 'true'
      ? { 'access-control-allow-private-network': 'true' }
      : {}),
  };
}
