// Who may call the emulator from a page, and the CORS headers they get. A page may call it only from an allowed
// origin: by default a page on this machine (http(s)://127.0.0.1, localhost or [::1], any port), or the origins
// given by the `origins` option (a list, or a function of the Origin header). A request that carries another
// Origin is refused (403) before it is read: a page of another site open in the same browser can neither call the
// API nor reach the /__emulator/ control routes (reset, faults, state). Requests without an Origin (Node, curl)
// are not pages and are answered. An allowed origin gets `Access-Control-Allow-Origin: <that origin>` on every
// answer (the control routes included) and on preflights, which also answer Chrome's Private Network Access
// question. With CORS off (`cors: false`), no CORS header is sent at all, so a browser refuses every
// cross-origin call, and OPTIONS is answered 405.
const MAX_AGE_SECONDS = 600;
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Whether `origin` (an Origin header) is a page on this machine: http(s) on a loopback name, any port. */
export function isLoopbackOrigin(origin) {
  try {
    const url = new URL(origin);
    return ['http:', 'https:'].includes(url.protocol) && LOOPBACK_NAMES.includes(url.hostname) && url.origin === origin;
  } catch {
    return false;
  }
}

/** Whether a request's Origin header is allowed by `origins` (the option: undefined, a list or a function). */
export function originAllowed(origins, origin) {
  if (origins === undefined) return isLoopbackOrigin(origin);
  if (typeof origins === 'function') return origins(origin) === true;
  return origins.includes(origin);
}

/** The CORS headers of an answer to an allowed `origin`. */
export const allowOrigin = (origin) => ({ 'access-control-allow-origin': origin, vary: 'Origin' });

/** The headers of a 204 answer to a preflight from an allowed origin. */
export function preflightHeaders(requestHeaders) {
  return {
    ...allowOrigin(requestHeaders.origin),
    'access-control-allow-methods': 'POST, GET, OPTIONS',
    'access-control-allow-headers': requestHeaders['access-control-request-headers'] || 'content-type',
    'access-control-max-age': String(MAX_AGE_SECONDS),
    vary: 'Origin, Access-Control-Request-Headers',
    // Chrome's Private Network Access asks this when a public page calls a loopback address.
    ...(requestHeaders['access-control-request-private-network'] === 'true'
      ? { 'access-control-allow-private-network': 'true' }
      : {}),
  };
}

/**
 * Whether the Host header names the emulator. When it listens on a loopback address, only loopback names (or
 * its own address) are answered: a site whose DNS name is rebound to 127.0.0.1 sends its own name, and is
 * refused as `npm start`'s server refuses it. On any other address (0.0.0.0, say) every name is answered.
 */
export function hostAllowed(listenHost, hostHeader) {
  const loopback = LOOPBACK_NAMES.includes(listenHost) || listenHost === '::1' || listenHost.startsWith('127.');
  if (!loopback) return true;
  const name = (hostHeader ?? '').replace(/:\d+$/, '');
  return LOOPBACK_NAMES.includes(name) || name === listenHost || name === `[${listenHost}]`;
}
