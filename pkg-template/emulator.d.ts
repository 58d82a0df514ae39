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
  /** Send CORS headers to allowed origins (default true). */
  cors?: boolean;
  /**
   * The page origins that may call it, e.g. ['http://127.0.0.1:5173'], or a function of the Origin header
   * (default: any page on 127.0.0.1, localhost or [::1]). Requests with another Origin are refused (403).
   */
  origins?: string[] | ((origin: string) => boolean);
  /** One line per request (the UserSig redacted): a function, true for stderr, false for none (default false). */
  log?: ((line: string) => void) | boolean;
  /** Unix milliseconds now (default Date.now), for tests of expiry and rate windows. */
  clock?: () => number;
}

export type EmulatorConversation = { Type: 1; To_Account: string } | { Type: 2; GroupId: string };

/** What GET /__emulator/state answers. */
export interface EmulatorState {
  sdkAppId: number;
  admins: string[];
  accounts: { UserID: string; Nick?: string; FaceUrl?: string }[];
  /** Each user's pinned conversations, in pin order (users with none are left out). */
  pinned: Record<string, EmulatorConversation[]>;
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
  close(): Promise<void>;
}

/** Starts an emulator of the pin and account-import endpoints. Faults, reset and config: see its README. */
export function startEmulator(options?: EmulatorOptions): Promise<Emulator>;
