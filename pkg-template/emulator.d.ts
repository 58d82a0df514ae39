/** Options of the local Chat REST emulator (`tencent-chat-admin/emulator`), all optional. */
export interface EmulatorOptions {
  /** Address to listen on (default '127.0.0.1'). */
  host?: string;
  /** Port, 0 for any free one (default 0). */
  port?: number;
  /** The app's SDKAppID (default 1400000000). */
  sdkAppId?: number;
  /** The app's secret key (default: the public demo key of the official examples). */
  secretKey?: string;
  /** The app administrator, imported at start (default 'administrator'). */
  admin?: string;
  /** More UserIDs imported at start. */
  accounts?: string[];
  /** At most this many API calls per second per endpoint, 0 for no limit (default 0). */
  rateLimit?: number;
  /** Conversations in a page of recentcontact/get_list and get_contact_group (default 3). */
  pageSize?: number;
  /**
   * Each user's conversation list at start (and after a reset), added to the demo's (an item of the same
   * conversation replaces the demo's); every user must be imported at start.
   */
  conversations?: Record<string, EmulatorSeedConversation[]>;
  /** Chat groups with members at start (and after a reset); members not imported are imported. */
  groups?: EmulatorGroupSeed[];
  /**
   * Start with the demo (default true): the accounts alice, bob, carol and dave, imported besides `accounts`, their
   * conversation lists and the group `announcements` (owner alice; bob an admin; carol, dave). false: only the
   * admin, `accounts`, `conversations` and `groups`.
   */
  demo?: boolean;
  /** Send CORS headers to allowed origins (default true). */
  cors?: boolean;
  /**
   * The page origins that may call it, e.g. ['http://127.0.0.1:5173'], or a function of the Origin header
   * (default: any page on 127.0.0.1, localhost or [::1]). Requests with another Origin are refused (403). Each
   * entry is an origin as browsers send it (no path, no trailing slash; others are refused at start).
   */
  origins?: string[] | ((origin: string) => boolean);
  /** One line per request (the UserSig redacted): a function, true for stderr, false for none (default false). */
  log?: ((line: string) => void) | boolean;
  /** Unix milliseconds now (default Date.now), for tests of expiry and rate windows. */
  clock?: () => number;
}

export type EmulatorConversation = { Type: 1; To_Account: string } | { Type: 2; GroupId: string };

/** A conversation of a user's list: MsgTime in Unix seconds; NoMessages lists it only with AssistFlags bit 1. */
export type EmulatorSeedConversation = EmulatorConversation & { MsgTime: number; NoMessages?: boolean };

export type EmulatorGroupType = 'Private' | 'Public' | 'ChatRoom' | 'AVChatRoom' | 'Community' | 'Work' | 'Meeting';

/** A chat group to seed: `type` defaults to Public, `name` to the ID; a Community group's ID begins with `@TGS#_`. */
export interface EmulatorGroupSeed {
  groupId: string;
  type?: EmulatorGroupType;
  name?: string;
  /** A member with the role Owner. */
  owner?: string;
  /** In join order; `joinTime` in Unix seconds (default: now). */
  members: (string | { account: string; role?: 'Owner' | 'Admin' | 'Member'; joinTime?: number })[];
}

/** A change made to a group through the REST API (what the emulator's callbacks are made from). */
export interface EmulatorGroupEvent {
  event: 'create' | 'join' | 'leave' | 'destroy';
  groupId: string;
  groupType: EmulatorGroupType;
  /** The app administrator who called the API. */
  operator: string;
  /** The members created with, added, removed, or of the destroyed group. */
  members: string[];
  joinType?: 'Invited';
  exitType?: 'Kicked';
  owner?: string;
  name?: string;
  /** Unix milliseconds (the emulator's clock). */
  time: number;
}

/** A conversation of the contact-group and mark endpoints, with its groups and marks. */
export type EmulatorContactItem = ({ Type: 1; To_Account: string } | { Type: 2; ToGroupId: string }) & {
  /** 64 characters '0'/'1', bit 0 last. */
  StandardMark: string;
  CustomMark: string;
  ContactGroupId: number[];
  /** Unix seconds of its last group or mark change. */
  Timestamp: number;
};

/** What GET /__emulator/state answers. */
export interface EmulatorState {
  sdkAppId: number;
  admins: string[];
  accounts: { UserID: string; Nick?: string; FaceUrl?: string }[];
  /** Each user's pinned conversations, in pin order (users with none are left out). */
  pinned: Record<string, EmulatorConversation[]>;
  /** Each user's conversation list (users with none are left out). */
  conversations: Record<string, EmulatorSeedConversation[]>;
  /** Each user's conversation groups and grouped or marked conversations (users with none are left out). */
  contacts: Record<string, { groups: { GroupName: string; GroupId: number }[]; conversations: EmulatorContactItem[] }>;
  /** The chat groups (group_open_http_svc). */
  groups: Record<string, { Type: EmulatorGroupType; Name: string; Owner_Account: string; MemberNum: number }>;
  /** UserIDs kicked (im_open_login_svc/kick), in order. */
  kicks: string[];
  rateLimit: number;
  faults: object[];
  /** API calls received (requests to /v4/ paths). */
  requestCount: number;
  /** The last 200 API calls, the UserSig redacted. */
  requests: { method: string; path: string; query: Record<string, string>; body: unknown; status: number | null; errorCode: number | null }[];
}

export interface Emulator {
  /** Its base URL, e.g. http://127.0.0.1:40123: the `endpoint` of a ChatAdmin. */
  url: string;
  port: number;
  state(): EmulatorState;
  /**
   * Adds conversations to an imported user's list, or updates those already there (POST /__emulator/conversations);
   * throws a TypeError for a user not imported or a bad item.
   */
  seedConversations(fromAccount: string, conversations: EmulatorSeedConversation[]): void;
  /** Creates (or replaces) a chat group, importing its members; fires no event. Throws a TypeError for a bad seed. */
  seedGroup(seed: EmulatorGroupSeed): void;
  /** Calls `listener` on each group change made through the REST API; returns the function that stops it. */
  onGroupEvent(listener: (event: EmulatorGroupEvent) => void): () => void;
  close(): Promise<void>;
}

/**
 * Starts an emulator of the recentcontact (conversation), im_open_login_svc (account) and group_open_http_svc (chat
 * group) endpoints. Faults, reset,
 * config and seeding: see its README.
 */
export function startEmulator(options?: EmulatorOptions): Promise<Emulator>;
