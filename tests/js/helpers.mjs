// Shared helpers of the JS suites. Expected values come from the official Node library (tls-sig-api-v2),
// node:crypto/node:zlib or fixed literals, never from the package under test.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';

import { ADMIN, KEY, SDKAPPID, officialPrivateMapKey, officialSig } from '../official.mjs';

export { ADMIN, KEY, SDKAPPID, officialPrivateMapKey, officialSig };

export const VECTORS = JSON.parse(readFileSync(new URL('../vectors/usersig-vectors.json', import.meta.url), 'utf8'));

/** The JSON bytes inside a UserSig, without the package: `*-_` → `+/=`, base64, inflate. */
export function sigJson(userSig) {
  return inflateSync(Buffer.from(userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64'));
}

/** The JSON document inside a UserSig. */
export const decodeSig = (userSig) => JSON.parse(sigJson(userSig).toString('utf8'));

/** A UserSig holding `json` (text or bytes), deflated by node:zlib at `level` (default 6). */
export function encodeSig(json, level = 6) {
  return deflateSync(json, { level }).toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

/** Standard base64 of HMAC-SHA256 over the documented signed content of `doc`, keyed with `key`'s UTF-8 bytes. */
export function expectedTlsSig(doc, key) {
  let content = `TLS.identifier:${doc['TLS.identifier']}\nTLS.sdkappid:${doc['TLS.sdkappid']}\n`;
  content += `TLS.time:${doc['TLS.time']}\nTLS.expire:${doc['TLS.expire']}\n`;
  if ('TLS.userbuf' in doc) content += `TLS.userbuf:${doc['TLS.userbuf']}\n`;
  return createHmac('sha256', key).update(content).digest('base64');
}

/** Asserts that `userSig` is a genuine UserSig for `key` and returns its JSON document. */
export function assertGenuineSig(userSig, key = KEY) {
  const doc = decodeSig(userSig);
  assert.equal(doc['TLS.sig'], expectedTlsSig(doc, key));
  return doc;
}

/** Deterministic PRNG (mulberry32): returns () => float in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fetch that records every (url, init) and answers with `respond(call, index)` (a Response or a promise). */
export function recordingFetch(respond = () => envelope()) {
  const calls = [];
  const fetch = (url, init) => {
    const call = { url, init, query: new URL(url, 'http://relative.invalid').searchParams };
    calls.push(call);
    return respond(call, calls.length - 1);
  };
  return { fetch, calls };
}

/** A Response holding a Chat envelope. */
export function envelope({ status = 200, code = 0, info = '', display = '', requestId } = {}) {
  const body = { ActionStatus: code === 0 ? 'OK' : 'FAIL', ErrorCode: code, ErrorInfo: info, ErrorDisplay: display };
  if (requestId !== undefined) body.RequestId = requestId;
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Answers `codes[i]` for the i-th call (0 = OK), and the last one after that. */
export const answerCodes = (...codes) => (_, i) => envelope({ code: codes[Math.min(i, codes.length - 1)] });

/** Asserts a ChatError with the given own properties (those given only). */
export function assertChatError(err, expected, isChatError) {
  assert.ok(err instanceof Error, `expected an Error, got ${err}`);
  assert.equal(err.name, 'ChatError');
  assert.equal(isChatError(err), true);
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(err[key], value, `ChatError.${key} (${err.message})`);
  return err;
}

/** Runs `fn` (sync) and returns what it threw. */
export function thrown(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected a throw');
}

/**
 * Resolves once `condition()` (sync or async) holds, polling every 10 ms. For waiting on a state, not for timing:
 * the deadline only turns a hang into a failure, so it is far longer than the wait ever takes.
 */
export async function until(condition, what, deadlineMs = 20_000) {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`still waiting after ${deadlineMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Awaits `promise` and returns its rejection. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('expected a rejection');
}

/** Awaits `promise` and returns its rejection, which must be a ChatError (by name and kind). */
export async function chatRejection(promise) {
  const err = await rejection(promise);
  assert.equal(err?.name, 'ChatError', String(err));
  assert.equal(typeof err.kind, 'string');
  return err;
}

/** Asserts that none of `secrets` appears in the error's message, stack, JSON or any own property. */
export function assertNoSecrets(err, secrets) {
  const texts = [String(err), JSON.stringify(err), ...Object.getOwnPropertyNames(err).map((k) => String(err[k]))];
  for (const value of Object.values(err)) texts.push(typeof value === 'object' ? JSON.stringify(value) : String(value));
  for (const secret of secrets) {
    for (const text of texts) assert.ok(!text.includes(secret), `a secret leaked into the error: ${text}`);
  }
}

/** A Response with an OK envelope and the endpoint's own `fields`. */
export const okAnswer = (fields = {}) =>
  new Response(JSON.stringify({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ...fields }), { status: 200 });

/** A recording fetch that answers the i-th call with an OK envelope and `answers[i]` (the last one after that). */
export const answering = (answers = [{}]) => recordingFetch((_, i) => okAnswer(answers[Math.min(i, answers.length - 1)]));

/** The path of a recorded call (`/v4/service/command`). */
export const commandPath = (call) => new URL(call.url).pathname;
