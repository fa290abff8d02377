import type { ClientTool } from './ClientTool';
import type { ChatEvent } from '../events';
import type { ChatProtocol } from '../protocols/ChatProtocol';
import type { FrameScheduler } from './createFrameScheduler';
import type { BackoffOptions } from '../sse/ConnectSSEOptions';
import type { Timers } from '../Timers';
import type { ChatMetrics, ResponseMetrics, ResponseOutcome } from './ChatMetrics';
import type { ChatStorage } from './ChatStorage';
import type { ChatMessage, ErrorPart } from './types';

/** A route derived from the conversation id, or `null` for "this server has none". */
export type ChatRoute = ((conversationId: string) => string) | null;

/** Reconnection settings passed to the SSE transport. */
export interface ChatTransportOptions {
  /** Reconnects in a row before the response ends in `error`. Default `8` (transport default). */
  maxRetries?: number;
  /** Reconnect delays. Default about 1 s, 2 s, 4 s ... capped at 30 s, jittered. */
  backoff?: BackoffOptions;
  /** A silent connection (no byte, no heartbeat) for this long is reconnected. Default `45000`; `0` disables. */
  idleTimeoutMs?: number;
  /** Timer functions (fake timers in tests). Default the global ones. */
  timers?: Timers;
  /** Random source for backoff jitter. Default `Math.random`. */
  random?: () => number;
}

/** What `onFinish` receives beside the assistant message. */
export interface ChatFinishInfo {
  outcome: Exclude<ResponseOutcome, 'streaming'>;
  metrics: ResponseMetrics | null;
}

/**
 * Options of a chat session's controller ({@link createChatController}); a chat store
 * (`createChatStore`, `ChatProvider`, `useChat`) takes these and `multiTab`
 * (`ChatStoreOptions`). Every option is optional; a chatwire server at `/api/chat` needs none.
 *
 * @example
 * ```ts
 * createChatStore({
 *   endpoint: '/api/chat',
 *   headers: async () => ({ authorization: `Bearer ${await getToken()}` }),
 *   onFinish: (message, { outcome }) => console.log(outcome, message.id),
 * });
 * ```
 */
export interface ChatOptions {
  /** POST target that starts a generation. Default `'/api/chat'`. */
  endpoint?: string;
  /** Resume route. Default `` id => `${endpoint}/${id}/stream` `` (chatwire protocol only); `null`: none. */
  resumeEndpoint?: ChatRoute;
  /** Cancel route. Default `` id => `${endpoint}/${id}/cancel` `` (chatwire protocol only); `null`: none. */
  cancelEndpoint?: ChatRoute;
  /** History route. Default `` id => `${endpoint}/${id}/messages` `` (chatwire protocol only); `null`: none. */
  historyEndpoint?: ChatRoute;
  /**
   * The wire format of the answers. Default `'auto'` (headers, then the first event,
   * decide). Only chatwire streams get the derived resume, cancel and history routes:
   * with another protocol Stop only aborts locally and a dropped stream is an error,
   * unless you pass those routes yourself.
   */
  protocol?: ChatProtocol;
  /** Headers for every request, or a function (sync or async) called before each one. */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** Extra fields merged into the POST body (`{ conversationId, message }` win), or a function returning them. */
  body?: Record<string, unknown> | (() => Record<string, unknown>);
  /** Passed to fetch. */
  credentials?: RequestCredentials;
  /**
   * Tools the page runs itself: sent with each prompt (name, description, parameters); when
   * the model calls one, the tab that leads the conversation runs `execute` and posts the
   * result, once (docs/tools.md). Read at each prompt and each call.
   * @defaultValue none
   */
  clientTools?: ClientTool[];
  /** Default `globalThis.fetch`, looked up per request. */
  fetch?: typeof globalThis.fetch;
  /** Continue an existing conversation. Default: the server assigns one on the first prompt. */
  conversationId?: string;
  /** Messages shown before anything is loaded. */
  initialMessages?: ChatMessage[];
  /**
   * Where an in-flight stream is remembered so a reload can resume it. Default
   * `sessionStorage` when available; `null` disables persistence.
   */
  storage?: ChatStorage | null;
  /** The storage key. Default `` `chatwire:stream:${endpoint}` `` (one in-flight stream per endpoint and tab). */
  storageKey?: string;
  /** Coalesces store notifications to one per frame. Default `createFrameScheduler()`. */
  scheduler?: FrameScheduler;
  /** Clock in epoch ms, stamped on events as `at`. Default `Date.now`. */
  now?: () => number;
  /** Id generator for local messages. Default `crypto.randomUUID()`. */
  generateId?: () => string;
  /** Reconnection settings. */
  transport?: ChatTransportOptions;
  /** Attempts of the cancel request before it is reported as an error. Default `3`. */
  cancelAttempts?: number;
  /** Every applied event (replays that change nothing are skipped). */
  onEvent?: (event: ChatEvent) => void;
  /**
   * A response ended: complete, cancelled or error. Called at once, or (a response that
   * ended before the metrics' code, loaded by the first stream, was in) right after it loads.
   */
  onFinish?: (message: ChatMessage | undefined, info: ChatFinishInfo) => void;
  /** An error was added to the conversation (fatal or not). */
  onError?: (error: ErrorPart) => void;
  /** A response's figures are final (before `onFinish`, with the same timing). */
  onMetrics?: (metrics: ResponseMetrics, all: ChatMetrics) => void;
}
