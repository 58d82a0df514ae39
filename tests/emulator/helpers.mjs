// Shared helpers of the emulator tests: UserSigs from the official library, and a small REST caller.
import { ADMIN, KEY, SDKAPPID, officialSig } from '../official.mjs';
import { startEmulator } from '../../emulator/server.mjs';

export { ADMIN, KEY, SDKAPPID, officialSig as makeSig };
export const PIN = '/v4/recentcontact/top';
export const IMPORT = '/v4/im_open_login_svc/account_import';
export const MULTI_IMPORT = '/v4/im_open_login_svc/multiaccount_import';
/** The path of a recentcontact command. */
export const recent = (command) => `/v4/recentcontact/${command}`;
/** The path of an im_open_login_svc command. */
export const login = (command) => `/v4/im_open_login_svc/${command}`;

export const ADMIN_SIG = officialSig();

/** Starts an emulator whose log lines are collected in `lines` instead of stderr. */
export async function start(options = {}) {
  const lines = [];
  const emulator = await startEmulator({ log: (line) => lines.push(line), demo: false, ...options });
  return { ...emulator, lines };
}

/** The URL of an API call; a query value of undefined leaves that parameter out. */
export function apiUrl(base, path, query = {}) {
  const params = { sdkappid: String(SDKAPPID), identifier: ADMIN, usersig: ADMIN_SIG, random: '12345', contenttype: 'json', ...query };
  const search = Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return `${base}${path}?${search}`;
}

/** POSTs `body` (JSON-encoded unless a string) and returns { status, headers, text, json }. */
export async function call(emulator, path, body = {}, { query, method = 'POST', headers } = {}) {
  const res = await fetch(apiUrl(emulator.url, path, query), {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, text, json };
}

/** The ErrorCode of a call answered with HTTP 200 and an envelope. */
export async function codeOf(emulator, path, body, options) {
  const { status, json } = await call(emulator, path, body, options);
  if (status !== 200 || !json) throw new Error(`expected HTTP 200 with an envelope, got ${status}`);
  return json.ErrorCode;
}

/**
 * POSTs `body` (a string is sent as is) and returns the envelope without its RequestId (checked to be there), for
 * comparing whole answers with fixed expected JSON.
 */
export async function answer(emulator, path, body, options) {
  const { status, json } = await call(emulator, path, body, options);
  if (status !== 200 || !json) throw new Error(`expected HTTP 200 with an envelope, got ${status}`);
  const { RequestId, ...rest } = json;
  if (!/^emu-/.test(RequestId)) throw new Error(`no RequestId in ${JSON.stringify(json)}`);
  return rest;
}

/** The envelope of a success, followed by `extra`. */
export const okWith = (extra = {}) => ({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ErrorDisplay: '', ...extra });

export async function control(emulator, name, body, { headers } = {}) {
  const res = await fetch(`${emulator.url}/__emulator/${name}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
    headers,
  });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

export const pinBody = (from, items, op = 1) => ({ From_Account: from, OperationType: op, RecentContactItem: items });
export const c2c = (id) => ({ Type: 1, To_Account: id });
export const group = (id) => ({ Type: 2, GroupId: id });
