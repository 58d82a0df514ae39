// What a result means and what to do about it: by the service's code first, then by the ChatError kind.

const IMPORT = 'Import the account first (v4/im_open_login_svc/account_import, or the console), then call again.';
const NEW_SIG = 'Generate a new UserSig (the UserSig tool below can), or give the secret key so the package makes one.';
const KEY_CHECK = 'Check that the secret key and the UserSig belong to this exact SDKAppID (console → Basic configuration).';
const SLOW_DOWN =
  'Calls were over the rate limit (200 calls/s per app for these endpoints). The package already retried with backoff: slow down or spread the calls, then try again.';

const CODES = {
  50001: ['An account in this request has not been imported into the app (the user whose list changes, or a C2C peer).', IMPORT],
  50002: ['The service refused a request parameter.', 'Check the user and conversation IDs. The package checks most inputs before sending.'],
  50003: ['The admin identifier is not an app administrator.', 'Use an App Administrator account of this app (console → App Administrator).'],
  50004: ['The service had an internal error.', 'It is usually temporary: the package retries it. Try again a little later.'],
  50005: ['The service timed out inside.', 'It is usually temporary: the package retries it. Try again a little later.'],
  60002: ['The service could not parse the HTTP request.', 'Check the endpoint: a proxy in between may have changed the request.'],
  60003: ['The service could not parse the request JSON.', 'Check the endpoint: a proxy in between may have changed the body.'],
  60004: ['The account or signature in the URL is wrong.', 'Check the admin identifier and the credential.'],
  60005: ['The account or signature in the request is wrong.', 'Check the admin identifier and the credential.'],
  60006: ['The SDKAppID is not valid.', 'Copy the SDKAppID again from the console.'],
  60007: ['Rate limit: too many REST calls.', SLOW_DOWN],
  60008: ['The service timed out or the request format was wrong.', 'Try again; check the endpoint if it keeps happening.'],
  60009: ['The service does not know this path.', 'Check the endpoint URL (or what your proxy forwards).'],
  60010: ['The call needs app administrator rights.', 'Use an App Administrator account as the admin identifier.'],
  60011: ['Rate limit: too many calls for this SDKAppID.', SLOW_DOWN],
  60012: ['The SDKAppID is missing from the call.', 'Check the endpoint or proxy: it must keep the query string.'],
  60016: ['This SDKAppID is disabled.', 'Check the app in the console.'],
  60018: ['Rate limit: requests too frequent.', SLOW_DOWN],
  60019: ['Rate limit: requests too frequent.', SLOW_DOWN],
  60020: ['The app\u2019s plan has expired.', 'Renew the plan in the console.'],
  60021: ['The caller\u2019s IP address is not allowed.', 'Add it to the app\u2019s IP allowlist, or call from an allowed host.'],
  70001: ['The UserSig has expired.', NEW_SIG],
  70003: ['The UserSig could not be parsed; it is often cut short when copied.', 'Copy the whole UserSig again, or generate a new one.'],
  70009: ['The UserSig signature does not verify: the secret key does not match this SDKAppID.', KEY_CHECK],
  70013: ['The UserSig was made for another identifier than the admin identifier.', 'Make the UserSig for the admin identifier given above.'],
  70014: ['The UserSig was made for another SDKAppID.', KEY_CHECK],
  70016: ['The service has no key for this SDKAppID in this data centre.', 'Pick the region where the app was created.'],
  70020: ['This SDKAppID is not found in this data centre.', 'Pick the region where the app was created.'],
  70050: ['Too many failed UserSig checks: the service is refusing for a while.', 'Fix the credential, wait a minute, then try again.'],
  70051: ['The account is blacklisted.', 'Check the account in the console.'],
  70107: ['The account has not been imported.', IMPORT],
};

const KINDS = {
  'invalid-request': ['Nothing was sent: the package refused an input before calling.', 'Fix the highlighted field and send again.'],
  service: ['The service answered with an error code.', 'See the code and info above.'],
  http: ['The endpoint answered with an HTTP error and no service answer.', 'Check the endpoint or the proxy in front of it; 5xx answers are retried automatically.'],
  network: ['The endpoint could not be reached (nothing answers there), or the connection was cut.', 'Check that the endpoint (or the proxy) is up and the URL, port included, is right.'],
  timeout: ['No answer arrived within the timeout.', 'Raise the timeout under “Timeout and retries”, or check the network.'],
  cors: [
    'The endpoint answers, but the browser refused the cross-origin call: it does not allow calls from this page\u2019s origin.',
    'Route the calls through a same-origin proxy and give its path as the endpoint, e.g. /chat-api.',
  ],
  decode: ['The answer was not the service\u2019s JSON envelope (cut off or not JSON).', 'A proxy or gateway may have answered instead of the service; try again or check the endpoint.'],
  usersig: ['The UserSig does not fit.', NEW_SIG],
  aborted: ['The call was cancelled.', 'Send it again when ready.'],
};

/** { what, hint } for an error's code and kind, or for a success. */
export function explain(outcome) {
  if (outcome.ok) return null;
  const byCode = outcome.code ? CODES[outcome.code] : undefined;
  const [what, hint] = byCode ?? KINDS[outcome.kind] ?? ['The call failed.', 'See the message above.'];
  return { what, hint };
}

/** The short name of a UserSig verification code. */
export function userSigCodeText(code) {
  return CODES[code]?.[0] ?? `UserSig error ${code}`;
}
