// The callback (webhook) handler: a Fetch-API handler `(request) => Promise<Response>` for Workers, Deno, Bun and
// Node 18+, and an adapter for a node:http listener. Before any handler runs it checks the method, the app
// (`SdkAppid`), the signature (`Sign`, with the wasm's verifyCallbackSign), the replay window (`RequestTime` within
// 60 s of the clock), the command and the body (a JSON object within `maxBodyBytes`, the stream cancelled past it);
// a failed check is answered 4xx and reaches no handler. Web APIs only (Request, Response, TextDecoder, URL).
import { CALLBACK_COMMANDS, nearestCommand } from './commands.js';

const OPTIONS = ['sdkAppId', 'token', 'on', 'fallback', 'commands', 'maxBodyBytes', 'clock', 'log'];
/** The replay window the callback authentication page gives: a RequestTime more than a minute from now is refused. */
export const MAX_SKEW_SECONDS = 60;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const MAX_BODY_LIMIT = 64 * 1024 * 1024;

/** What a before-callback's handler returns to refuse the action: the envelope with `ErrorCode` (1 unless given). */
export function refuse(errorInfo = '', errorCode = 1) {
  return { ActionStatus: 'OK', ErrorCode: errorCode, ErrorInfo: errorInfo };
}

/** The functions of `tencent-chat-admin/callbacks`, over an entry's `verifyCallbackSign` and `ChatError`. */
export function callbackApi(verifyCallbackSign, ChatError) {
  const invalid = (field, message) =>
    new ChatError(`${field} ${message}`, { kind: 'invalid-request', code: 0, status: 0, retryable: false, attempts: 0, field });

  function createCallbackHandler(options) {
    const o = readOptions(options, invalid);
    const handler = (request) => handle(o, request, verifyCallbackSign);
    handler.node = toNodeListener(handler);
    return handler;
  }
  return { createCallbackHandler, toNodeListener, refuse, CALLBACK_COMMANDS };
}

function readOptions(options, invalid) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw invalid('options', 'must be an object { sdkAppId, token, on }');
  }
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) {
      const aliases = { appid: 'sdkAppId', handlers: 'on', secret: 'token', maxbytes: 'maxBodyBytes', now: 'clock', logger: 'log' };
      const near = OPTIONS.find((k) => k.toLowerCase() === key.toLowerCase()) ?? aliases[key.toLowerCase()];
      throw invalid(key, `is not an option${near ? `; did you mean ${near}?` : ` (the options: ${OPTIONS.join(', ')})`}`);
    }
  }
  const { sdkAppId, token, on = {}, fallback, commands = [], maxBodyBytes = DEFAULT_MAX_BODY_BYTES, clock = Date.now, log = defaultLog } = options;
  if (!Number.isSafeInteger(sdkAppId) || sdkAppId <= 0) throw invalid('sdkAppId', 'must be the app\'s SDKAppID, a positive integer');
  if (typeof token !== 'string' || token === '') {
    throw invalid('token', 'is required: the callback authentication token set in the console (the service then signs every callback)');
  }
  if (!Array.isArray(commands) || !commands.every((c) => typeof c === 'string' && /^[A-Za-z0-9]+\.[A-Za-z0-9]+$/.test(c))) {
    throw invalid('commands', 'must be a list of command names such as "Group.CallbackAfterNewMemberJoin"');
  }
  const known = [...CALLBACK_COMMANDS, ...commands];
  if (on === null || typeof on !== 'object' || Array.isArray(on)) throw invalid('on', 'must be an object { [CallbackCommand]: handler }');
  for (const [command, fn] of Object.entries(on)) {
    if (!known.includes(command)) {
      const near = nearestCommand(command, known);
      const hint = near ? `; did you mean ${near}?` : '; a command the service added since this package was made goes in the commands option';
      throw invalid(`on.${command}`, `is not a callback command the service documents${hint}`);
    }
    if (typeof fn !== 'function') throw invalid(`on.${command}`, 'must be a function (payload, context) => answer');
  }
  if (fallback !== undefined && typeof fallback !== 'function') throw invalid('fallback', 'must be a function (payload, context) => answer');
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_LIMIT) {
    throw invalid('maxBodyBytes', `must be an integer from 1 to ${MAX_BODY_LIMIT}`);
  }
  if (typeof clock !== 'function') throw invalid('clock', 'must be a function returning Unix milliseconds');
  if (log !== false && typeof log !== 'function') throw invalid('log', 'must be a function taking one line, or false');
  return { sdkAppId, token, on: { ...on }, fallback, maxBodyBytes, clock, log: log || (() => {}) };
}

function defaultLog(line) {
  console.error(line);
}

/** The answer to a callback: the Chat envelope as JSON. */
function answer(status, envelope, headers = {}) {
  return new Response(JSON.stringify(envelope), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

const refused = (status, info, headers) => ({ status, info, headers });

async function handle(o, request, verifyCallbackSign) {
  let result;
  try {
    result = await check(o, request, verifyCallbackSign);
  } catch (error) {
    // A clock that gives no time, a body stream that fails: nothing the sender can be told.
    o.log(redact(`tencent-chat-admin callbacks: could not check a callback: ${describe(error)}`, o.token));
    return answer(500, { ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: 'the callback could not be checked' });
  }
  if (result.info !== undefined) {
    o.log(`tencent-chat-admin callbacks: refused (${result.status}): ${result.info}`);
    return answer(result.status, { ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: result.info }, result.headers);
  }
  const { command, payload, context } = result;
  const fn = Object.hasOwn(o.on, command) ? o.on[command] : o.fallback;
  const ok = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };
  if (!fn) return answer(200, ok);
  let returned;
  try {
    returned = await fn(payload, context);
  } catch (error) {
    o.log(redact(`tencent-chat-admin callbacks: the handler of ${command} threw: ${describe(error)}`, o.token));
    return answer(500, { ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: 'the callback handler failed' });
  }
  if (returned === undefined) return answer(200, ok);
  if (returned === null || typeof returned !== 'object' || Array.isArray(returned)) {
    o.log(`tencent-chat-admin callbacks: the handler of ${command} returned ${returned === null ? 'null' : typeof returned}: return nothing, or an object such as refuse('reason')`);
    return answer(500, { ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: 'the callback handler failed' });
  }
  return answer(200, { ...ok, ...returned });
}

/** The checks, in order: { command, payload, context }, or { status, info } for a refusal. */
async function check(o, request, verifyCallbackSign) {
  if (request.method !== 'POST') {
    await request.body?.cancel();
    return refused(405, `${request.method} is not a callback: the service POSTs`, { allow: 'POST' });
  }
  const query = new URL(request.url).searchParams;
  const appId = query.get('SdkAppid');
  if (appId !== String(o.sdkAppId)) {
    await request.body?.cancel();
    return refused(403, appId === null ? 'the SdkAppid query parameter is missing' : `SdkAppid ${appId.slice(0, 20)} is not this app's`);
  }
  const sign = query.get('Sign');
  const requestTime = query.get('RequestTime');
  if (sign === null || requestTime === null) {
    await request.body?.cancel();
    return refused(401, 'Sign or RequestTime is missing: turn on callback authentication in the console, with this token');
  }
  if (!verifyCallbackSign({ token: o.token, requestTime, sign })) {
    await request.body?.cancel();
    return refused(401, 'the Sign does not match: not sent by the service with this token');
  }
  const now = Math.floor(o.clock() / 1000);
  if (!verifyCallbackSign({ token: o.token, requestTime, sign, now, maxSkewSeconds: MAX_SKEW_SECONDS })) {
    await request.body?.cancel();
    return refused(401, `RequestTime ${requestTime} is more than ${MAX_SKEW_SECONDS} s from now (${now}): a replay, or a clock that is off`);
  }
  const command = query.get('CallbackCommand');
  if (!command) {
    await request.body?.cancel();
    return refused(400, 'the CallbackCommand query parameter is missing');
  }
  const body = await readBody(request, o.maxBodyBytes);
  if (body.info) return body;
  let payload;
  try {
    payload = JSON.parse(body.text);
  } catch {
    return refused(400, 'the body is not JSON');
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return refused(400, 'the body is not a JSON object');
  if (payload.CallbackCommand !== undefined && payload.CallbackCommand !== command) {
    return refused(400, 'the body\'s CallbackCommand is not the query\'s');
  }
  const context = {
    command,
    sdkAppId: o.sdkAppId,
    requestTime: Number(requestTime),
    clientIp: query.get('ClientIP') ?? undefined,
    optPlatform: query.get('OptPlatform') ?? undefined,
    request,
  };
  return { command, payload, context };
}

/** The body as text (UTF-8), or a refusal: too large (its stream cancelled), not UTF-8. */
async function readBody(request, max) {
  const tooLarge = refused(413, `the body is larger than ${max} bytes`);
  const length = Number(request.headers.get('content-length'));
  if (length > max) {
    await request.body?.cancel();
    return tooLarge;
  }
  const chunks = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel();
        return tooLarge;
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return refused(400, 'the body is not UTF-8');
  }
}

/** What an error says, for the log: its stack (or message). */
function describe(error) {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** `text` with every occurrence of the token replaced: what a handler throws may quote it. */
function redact(text, token) {
  return text.split(token).join('[token]');
}

/**
 * A node:http listener `(req, res)` that answers with `handler` (a Fetch-API handler). The request's body streams in;
 * when the handler cancels it (past its size limit) the rest is read and dropped, never kept, and the answer closes
 * the connection.
 */
export function toNodeListener(handler) {
  return (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
    }
    const body = req.method === 'GET' || req.method === 'HEAD' ? { stream: undefined, cancelled: () => false } : bodyStream(req);
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    Promise.resolve()
      .then(() => handler(new Request(url, { method: req.method, headers, body: body.stream, duplex: 'half' })))
      .then(async (response) => {
        const bytes = new Uint8Array(await response.arrayBuffer());
        const close = body.cancelled() ? { connection: 'close' } : {};
        res.writeHead(response.status, { ...Object.fromEntries(response.headers), ...close });
        res.end(bytes);
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
        res.end(JSON.stringify({ ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: 'the callback handler failed' }));
      });
  };
}

/** A node:http request's body as a ReadableStream, read as the reader asks; cancelling drops the rest unread. */
function bodyStream(req) {
  let cancelled = false;
  const stream = new ReadableStream({
    start(controller) {
      req.pause();
      req.on('data', (chunk) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if (controller.desiredSize <= 0) req.pause();
      });
      req.on('end', () => cancelled || controller.close());
      req.on('error', (error) => cancelled || controller.error(error));
    },
    pull() {
      req.resume();
    },
    cancel() {
      cancelled = true;
      req.removeAllListeners('data');
      req.resume();
    },
  });
  return { stream, cancelled: () => cancelled };
}
