// Request logging: one line per request, on stderr from the command line (quiet by default from startEmulator()). The usersig never reaches a log line.
export const REDACTED = '<redacted>';

const isUserSigKey = (key) => key.toLowerCase() === 'usersig';

/** The query's [key, value] pairs with every usersig value replaced. */
export function redactedEntries(params) {
  return [...params].map(([key, value]) => [key, isUserSigKey(key) ? REDACTED : value]);
}

export function logLine({ method, path, params, outcome, ms }) {
  // Values are re-encoded so that a decoded newline cannot split the line.
  const pairs = [...params].map(([k, v]) => `${encodeURIComponent(k)}=${isUserSigKey(k) ? REDACTED : encodeURIComponent(v)}`);
  const query = pairs.length ? `?${pairs.join('&')}` : '';
  return `[emulator] ${method} ${path}${query} -> ${outcome} ${ms.toFixed(1)}ms`;
}

/** Turns the `log` option (undefined or false: quiet; true: stderr; or a function) into a function. */
export function logger(option) {
  if (typeof option === 'function') return option;
  if (option === true) return (line) => process.stderr.write(`${line}\n`);
  return () => {};
}
