// Callbacks (webhooks) the emulator sends to the app's server, as the service does (reference §4c): for each group
// change made through the REST API (state.onGroupEvent), a POST of the documented JSON body to the callback URL with
// the query SdkAppid, CallbackCommand, contenttype=json, ClientIP, OptPlatform=RESTAPI and, with a token, Sign (the
// lower-case hex SHA-256 of token + RequestTime, computed here with node:crypto) and RequestTime (Unix seconds).
// Sent after the REST call has answered: a callback that fails, times out or is refused never changes the call.
// Each one sent is recorded with its answer (GET /__emulator/callbacks, startEmulator's callbacks()).
import { createHash } from 'node:crypto';

const HISTORY_LENGTH = 200;
/** The service waits about 2 s for an app's answer. */
const TIMEOUT_MS = 2000;
const ANSWER_PREVIEW_CHARS = 2000;

const members = (accounts) => accounts.map((account) => ({ Member_Account: account }));

/** Each group event (groups.mjs) as the callback the service sends for it: its command and body. */
const CALLBACKS = {
  create: (e) => ['Group.CallbackAfterCreateGroup', {
    GroupId: e.groupId, Type: e.groupType, Operator_Account: e.operator, Owner_Account: e.owner ?? e.operator, Name: e.name ?? '',
    MemberList: members(e.members),
  }],
  join: (e) => ['Group.CallbackAfterNewMemberJoin', {
    GroupId: e.groupId, Type: e.groupType, JoinType: e.joinType ?? 'Invited', Operator_Account: e.operator, NewMemberList: members(e.members),
  }],
  leave: (e) => ['Group.CallbackAfterMemberExit', {
    GroupId: e.groupId, Type: e.groupType, ExitType: e.exitType ?? 'Kicked', Operator_Account: e.operator, ExitMemberList: members(e.members),
  }],
  destroy: (e) => ['Group.CallbackAfterGroupDestroyed', {
    GroupId: e.groupId, Type: e.groupType, Owner_Account: e.owner, Name: e.name, MemberList: members(e.members),
  }],
};

/** The documented Sign: lower-case hex SHA-256 of the token and the request time, concatenated. */
export const callbackSign = (token, requestTime) => createHash('sha256').update(`${token}${requestTime}`).digest('hex');

export class CallbackSender {
  #initial;
  #pending = new Set();

  /** `config`: { url, token } (url undefined: no callbacks); `clock`: () => Unix ms. */
  constructor({ sdkAppId, clock, log }, config) {
    this.sdkAppId = sdkAppId;
    this.clock = clock;
    this.log = log;
    this.#initial = { ...config };
    this.reset();
  }

  /** Back to the URL and token given at start, no records. */
  reset() {
    this.url = this.#initial.url;
    this.token = this.#initial.token;
    this.records = [];
  }

  /** Sets where callbacks go ({ url, token }; url null: none). */
  configure({ url, token }) {
    this.url = url ?? undefined;
    this.token = token ?? undefined;
  }

  /** Listens to `state`'s group events; returns the unsubscribe function. */
  attach(state) {
    return state.onGroupEvent((event) => this.send(event));
  }

  /** Posts the callback of `event` (when a URL is set and the event has one); never throws. */
  send(event) {
    const make = CALLBACKS[event.event];
    if (!this.url || !make) return;
    const [command, fields] = make(event);
    const body = { CallbackCommand: command, ...fields, EventTime: event.time };
    const requestTime = Math.floor(this.clock() / 1000);
    const query = new URLSearchParams({ SdkAppid: String(this.sdkAppId), CallbackCommand: command, contenttype: 'json', ClientIP: '127.0.0.1', OptPlatform: 'RESTAPI' });
    if (this.token) {
      query.set('Sign', callbackSign(this.token, requestTime));
      query.set('RequestTime', String(requestTime));
    }
    const url = `${this.url}${this.url.includes('?') ? '&' : '?'}${query}`;
    const record = { command, groupId: event.groupId, body, requestTime, status: null, answer: null, error: null };
    // Recorded in the list of when it was sent: one still in flight at a reset does not reach the new list.
    const sent = this.#post(url, body, record, this.records).finally(() => this.#pending.delete(sent));
    this.#pending.add(sent);
  }

  /** Resolves once every callback sent so far has its answer (or its failure). */
  async settled() {
    while (this.#pending.size) await Promise.all([...this.#pending]);
  }

  async #post(url, body, record, records) {
    try {
      const response = await fetch(url, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      record.status = response.status;
      const text = (await response.text()).slice(0, ANSWER_PREVIEW_CHARS);
      try {
        record.answer = JSON.parse(text);
      } catch {
        record.answer = text;
      }
    } catch (error) {
      record.error = error?.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : `${error?.message ?? error}${error?.cause?.code ? ` (${error.cause.code})` : ''}`;
    }
    records.push(record);
    if (records.length > HISTORY_LENGTH) records.shift();
    this.log(`[emulator] callback ${record.command} ${record.groupId} → ${record.error ?? `${record.status} ${record.answer?.ErrorCode ?? '-'}`}`);
  }
}
