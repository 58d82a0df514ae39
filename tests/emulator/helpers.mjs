// Shared helpers of the emulator tests: UserSigs from the official library, and a small REST caller.
import { createRequire } from 'node:module';
import { startEmulator } from '../../emulator/server.mjs';

const require = createRequire(import.meta.url);
const TLSSigAPIv2 = require('tls-sig-api-v2');

export const SDKAPPID = 1400000000;
export const KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';
export const ADMIN = 'administrator';
export const PIN = '/v4/recentcontact/top';
export const IMPORT = '/v4/im_open_login_svc/account_import';
export const MULTI_IMPORT = '/v4/im_open_login_svc/multiaccount_import';

/** A UserSig from the official library; `timeSec` pins its clock, `userbuf` adds a userbuf. */
export function makeSig({ id = ADMIN, expire = 86400, key = KEY, sdkAppId = SDKAPPID, timeSec, userbuf } = {}) {
  const api = new TLSSigAPIv2.Api(sdkAppId, key);
  if (timeSec === undefined) return api.genSig(id, expire, userbuf);
  const realNow = Date.now;
  Date.now = () => timeSec * 1000;
  try {
    return api.genSig(id, expire, userbuf);
  } finally {
    Date.now = realNow;
  }
}

export const ADMIN_SIG = makeSig();

/** Starts an emulator whose log lines are collected in `lines` instead of stderr. */
export async function start(options = {}) {
  const lines = [];
  const emulator = await startEmulator({ log: (line) => lines.push(line), ...options });
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

export async function control(emulator, name, body) {
  const res = await fetch(`${emulator.url}/__emulator/${name}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

export const pinBody = (from, items, op = 1) => ({ From_Account: from, OperationType: op, RecentContactItem: items });
export const c2c = (id) => ({ Type: 1, To_Account: id });
export const group = (id) => ({ Type: 2, GroupId: id });
