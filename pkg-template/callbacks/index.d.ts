// `tencent-chat-admin/callbacks`: a handler for the callbacks (webhooks) the service sends to the app's server.
// The bodies below are as the service's callback pages document them; a field marked "unconfirmed" was not on a page
// that could be read. Every body may carry fields not listed here (the service adds fields over time).

/** A member of a group as callbacks name one. */
export interface MemberRef { Member_Account: string }

/** A message element (TIMMessage); `MsgContent` depends on `MsgType`. */
export interface MsgElement { MsgType: string; MsgContent: Record<string, unknown> }

interface Body<C extends string> {
  CallbackCommand: C;
  /** When the event happened, Unix milliseconds. */
  EventTime?: number;
  [field: string]: unknown;
}

/** `Group.CallbackBeforeCreateGroup` (doc 269/1662): before a group is created; may refuse. */
export interface BeforeCreateGroup extends Body<'Group.CallbackBeforeCreateGroup'> {
  Operator_Account: string; Owner_Account: string; Type: string; Name: string; MemberList: MemberRef[];
  /** Groups of this type the user has created (in older versions of the page only). */
  CreateGroupNum?: number;
}
/** `Group.CallbackAfterCreateGroup` (doc 269/1663): after a group is created. Fields unconfirmed beyond the command list. */
export interface AfterCreateGroup extends Body<'Group.CallbackAfterCreateGroup'> {
  GroupId: string; Operator_Account: string; Owner_Account: string; Type: string; Name: string; MemberList: MemberRef[];
}
/** `Group.CallbackBeforeApplyJoinGroup` (doc 269/1665): a user asks to join; may refuse. */
export interface BeforeApplyJoinGroup extends Body<'Group.CallbackBeforeApplyJoinGroup'> {
  GroupId: string; Type: string; Requestor_Account: string;
}
/** `Group.CallbackBeforeInviteJoinGroup` (doc 269/1666): members are invited or added by REST; may refuse some. */
export interface BeforeInviteJoinGroup extends Body<'Group.CallbackBeforeInviteJoinGroup'> {
  GroupId: string; Type: string; Operator_Account: string; DestinationMembers: MemberRef[];
}
/** `Group.CallbackAfterNewMemberJoin` (doc 269/1667): after members joined (approved, invited, or added by REST). */
export interface AfterNewMemberJoin extends Body<'Group.CallbackAfterNewMemberJoin'> {
  GroupId: string; Type: string; JoinType: 'Apply' | 'Invited'; Operator_Account: string; NewMemberList: MemberRef[];
}
/** `Group.CallbackAfterMemberExit` (doc 269/1668): after members left or were removed. */
export interface AfterMemberExit extends Body<'Group.CallbackAfterMemberExit'> {
  GroupId: string; Type: string; ExitType: 'Kicked' | 'Quit'; Operator_Account: string; ExitMemberList: MemberRef[];
}
interface GroupMessage<C extends string> extends Body<C> {
  GroupId: string; Type: string; From_Account: string; Operator_Account: string; Random: number;
  OnlineOnlyFlag: 0 | 1; MsgBody: MsgElement[]; CloudCustomData?: string;
  /** The topic, in a Community group with topics. */
  TopicId?: string;
}
/** `Group.CallbackBeforeSendMsg` (doc 269/1619): before a group message is delivered; may refuse or change it. */
export type BeforeGroupSendMsg = GroupMessage<'Group.CallbackBeforeSendMsg'>;
/** `Group.CallbackAfterSendMsg` (doc 269/2661): after a group message was sent. */
export interface AfterGroupSendMsg extends GroupMessage<'Group.CallbackAfterSendMsg'> { MsgSeq: number; MsgTime: number }
interface C2CMessage<C extends string> extends Body<C> {
  From_Account: string; To_Account: string; MsgSeq: number; MsgRandom: number;
  /** Unix seconds. */
  MsgTime: number;
  /** The message's key (to recall it by REST). */
  MsgKey: string;
  OnlineOnlyFlag: 0 | 1; MsgBody: MsgElement[]; CloudCustomData?: string;
}
/** `C2C.CallbackBeforeSendMsg` (doc 269/1632): before a one-to-one message is delivered; may refuse or change it. */
export type BeforeC2CSendMsg = C2CMessage<'C2C.CallbackBeforeSendMsg'>;
/** `C2C.CallbackAfterSendMsg` (doc 269/2716): after a one-to-one message was sent. */
export interface AfterC2CSendMsg extends C2CMessage<'C2C.CallbackAfterSendMsg'> {
  /** 0 when delivered. */
  SendMsgResult: number;
  ErrorInfo: string;
  /** The receiver's unread count (unconfirmed). */
  UnreadMsgNum?: number;
}
/** `State.StateChange` (doc 269/2570): a user went online or offline. */
export interface StateChange extends Body<'State.StateChange'> {
  Info: {
    Action: 'Login' | 'Logout' | 'Disconnect' | (string & {});
    To_Account: string;
    /** e.g. Register, Unregister, LinkClose, TimeOut. */
    Reason: string;
  };
  /** The devices logged out by this login. */
  KickedDevice?: { Platform: string }[];
}

/** The payload each typed command's handler receives. */
export interface CallbackPayloads {
  'Group.CallbackBeforeCreateGroup': BeforeCreateGroup;
  'Group.CallbackAfterCreateGroup': AfterCreateGroup;
  'Group.CallbackBeforeApplyJoinGroup': BeforeApplyJoinGroup;
  'Group.CallbackBeforeInviteJoinGroup': BeforeInviteJoinGroup;
  'Group.CallbackAfterNewMemberJoin': AfterNewMemberJoin;
  'Group.CallbackAfterMemberExit': AfterMemberExit;
  'Group.CallbackBeforeSendMsg': BeforeGroupSendMsg;
  'Group.CallbackAfterSendMsg': AfterGroupSendMsg;
  'C2C.CallbackBeforeSendMsg': BeforeC2CSendMsg;
  'C2C.CallbackAfterSendMsg': AfterC2CSendMsg;
  'State.StateChange': StateChange;
}

/** Every command the service documents (the others' payloads are plain JSON objects). */
export type CallbackCommand = keyof CallbackPayloads | (string & {});

/** What a handler learns besides the payload. */
export interface CallbackContext {
  command: string;
  sdkAppId: number;
  /** The callback's RequestTime, Unix seconds (checked to be within 60 s of the clock). */
  requestTime: number;
  /** The query's ClientIP and OptPlatform (e.g. "RESTAPI"), when sent. */
  clientIp?: string;
  optPlatform?: string;
  /** The request itself (its body already read). */
  request: Request;
}

/**
 * A handler's answer: nothing (acknowledged), or fields that go over `{ ActionStatus: "OK", ErrorCode: 0,
 * ErrorInfo: "" }`: `{ ErrorCode: 1 }` (or `refuse(...)`) refuses a before-callback's action, `ErrorCode` 10100–10200
 * with `ErrorInfo` refuses with a code the client sees; `MsgBody` changes a message in a before-send callback;
 * `RefusedMembers_Account` refuses some of the invited members.
 */
export type CallbackAnswer = void | undefined | {
  ActionStatus?: 'OK' | 'FAIL'; ErrorCode?: number; ErrorInfo?: string;
  MsgBody?: MsgElement[]; CloudCustomData?: string; RefusedMembers_Account?: string[];
  [field: string]: unknown;
};

export type CallbackHandlerFn<P> = (payload: P, context: CallbackContext) => CallbackAnswer | Promise<CallbackAnswer>;
/** Any command's handler (method syntax: the typed handlers above fit it too). */
type AnyCallbackHandler = { handle(payload: Record<string, unknown>, context: CallbackContext): CallbackAnswer | Promise<CallbackAnswer> }['handle'];

export interface CallbackHandlerOptions {
  /** The app's SDKAppID: a callback whose `SdkAppid` is another is refused (403). */
  sdkAppId: number;
  /** The callback authentication token set in the console: every callback's `Sign` is checked against it (401). */
  token: string;
  /** A handler per command; a command not here is acknowledged. A key that is not a documented command throws. */
  on?: { [C in keyof CallbackPayloads]?: CallbackHandlerFn<CallbackPayloads[C]> } & { [command: string]: AnyCallbackHandler | undefined };
  /** The handler of every command without one in `on`. */
  fallback?: CallbackHandlerFn<Record<string, unknown>>;
  /** More command names `on` may use (commands the service added since this package was made). */
  commands?: string[];
  /** The largest body read, in bytes (default 1 MiB); past it the answer is 413 and the rest is not read. */
  maxBodyBytes?: number;
  /** Unix milliseconds now (default `Date.now`): the replay window is 60 s either side of it. */
  clock?: () => number;
  /** Where refusals and handler failures are logged, one line each (default `console.error`); `false`: nowhere. Never the token. */
  log?: ((line: string) => void) | false;
}

/** A Fetch-API handler (Workers, Deno, Bun, Node 18+), with `.node`: the same as a node:http listener. */
export interface CallbackHandler {
  (request: Request): Promise<Response>;
  node: NodeListener;
}

/** A node:http request listener (structural: no @types/node needed). */
export type NodeListener = (req: any, res: any) => void;

/** Checks each callback (method, SdkAppid, Sign, RequestTime, body) before calling `on[command]`; throws a ChatError for bad options. */
export function createCallbackHandler(options: CallbackHandlerOptions): CallbackHandler;
/** A node:http listener answering with a Fetch-API handler. */
export function toNodeListener(handler: (request: Request) => Promise<Response>): NodeListener;
/** The answer that refuses a before-callback's action: `{ ActionStatus: "OK", ErrorCode, ErrorInfo }` (ErrorCode 1 unless given). */
export function refuse(errorInfo?: string, errorCode?: number): { ActionStatus: 'OK'; ErrorCode: number; ErrorInfo: string };
/** The command names `on` accepts without `commands`. */
export const CALLBACK_COMMANDS: readonly string[];
