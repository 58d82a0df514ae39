// Reply descriptors: what the HTTP layer writes. A reply is { status, headers, body, code } where `code` is the
// envelope's ErrorCode (null when the body is not an envelope), or { drop: true } to close the socket unanswered.
import { randomUUID } from 'node:crypto';

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

export function jsonReply(status, value, code = null) {
  return { status, headers: JSON_TYPE, body: JSON.stringify(value), code };
}

export function textReply(status, text) {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text, code: null };
}

/**
 * The service's envelope. Service-level errors are sent with HTTP 200, as the import endpoints' docs say
 * ("the HTTP status is 200 unless a network error occurs"); for the other endpoints it is unconfirmed.
 */
export function envelopeReply(code, info, { status = 200, extra = {}, headers = {} } = {}) {
  const envelope = {
    ActionStatus: code === 0 ? 'OK' : 'FAIL',
    ErrorCode: code,
    ErrorInfo: info,
    ErrorDisplay: '',
    ...extra,
    RequestId: `emu-${randomUUID()}`,
  };
  const reply = jsonReply(status, envelope, code);
  return { ...reply, headers: { ...reply.headers, ...headers } };
}

export const ok = (extra = {}) => envelopeReply(0, '', { extra });

export const fail = (code, info, options) => envelopeReply(code, info, options);
