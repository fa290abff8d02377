import type { Timers } from '../Timers';
import type { SSEMessage } from './SSEMessage';

/** Reconnection delays: `initialMs * factor^(attempt-1)`, capped at `maxMs`, then jittered. */
export interface BackoffOptions {
  /** Delay before the first reconnect. A server `retry:` field replaces it. @defaultValue 1000 */
  initialMs?: number;
  /** Cap of the delay (before jitter). @defaultValue 30000 */
  maxMs?: number;
  /** Growth per attempt. @defaultValue 2 */
  factor?: number;
  /**
   * `'equal'`: half the delay plus a random half (about 1 s, 2 s, 4 s ...);
   * `'full'`: a random delay between 0 and the delay; `'none'`: exactly the delay.
   * @defaultValue 'equal'
   */
  jitter?: 'equal' | 'full' | 'none';
}

/** What {@link ConnectSSEOptions.onReconnecting} is told before each wait. */
export interface ReconnectInfo {
  /** 1 for the first reconnect after a failure; reset to 0 once a connection delivers a message. */
  attempt: number;
  /** How long the transport waits before the request. */
  delayMs: number;
  /** Why the previous connection ended. */
  error: unknown;
  /** The `Last-Event-ID` the next request sends (`""`: none). */
  lastEventId: string;
}

/** Options of {@link connectSSE}. */
export interface ConnectSSEOptions {
  /** The stream's URL: a GET or POST target. */
  url: string | URL;
  /** @defaultValue 'GET' */
  method?: 'GET' | 'POST';
  /** Request body, JSON-serialized (sets `content-type: application/json` unless given). */
  body?: unknown;
  /**
   * Static headers, or a function (sync or async) called before every request, so an
   * auth token can be refreshed between reconnects.
   */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** Passed to fetch. */
  credentials?: RequestCredentials;
  /** @defaultValue `globalThis.fetch` (looked up per request) */
  fetch?: typeof globalThis.fetch;
  /**
   * GET target for reconnection, sent with `Last-Event-ID`. A POST is never re-sent:
   * without `resumeUrl`, a POST stream that drops is an error. A GET without `resumeUrl`
   * reconnects to `url` itself (as `EventSource` does).
   */
  resumeUrl?: string | URL | ((lastEventId: string) => string | URL);
  /** Last event ID known before connecting; sent with GET requests when not empty. @defaultValue `""` */
  lastEventId?: string;
  /** Reconnects in a row (without a delivered message in between) before giving up. @defaultValue 8 */
  maxRetries?: number;
  /** @defaultValue `{ initialMs: 1000, maxMs: 30000, factor: 2, jitter: 'equal' }` */
  backoff?: BackoffOptions;
  /**
   * If no byte (heartbeat comments included) arrives for this long, the connection is
   * treated as dead, aborted and reconnected. `0` disables. @defaultValue 45000
   */
  idleTimeoutMs?: number;
  /** Largest event (or line) in characters. @defaultValue 1048576 */
  maxEventSize?: number;
  /**
   * `'sse'`: `text/event-stream` required. `'lines'`: newline-delimited text (any content
   * type but HTML); each line becomes `{ event: 'message', data: line, id: lastEventId }`.
   * @defaultValue 'sse'
   */
  framing?: 'sse' | 'lines';
  /**
   * Whether a message ends the stream normally. A body that ends after a non-terminal
   * message is an *early close* and is reconnected. Default: {@link isTerminalMessage}.
   */
  isTerminal?: (message: SSEMessage) => boolean;
  /** Aborting ends the iteration quietly at any moment (connect, read, backoff wait). */
  signal?: AbortSignal;
  /** @defaultValue the global `setTimeout` / `clearTimeout`, looked up per call */
  timers?: Timers;
  /** Random source in [0, 1) for jitter. @defaultValue `Math.random` */
  random?: () => number;
  /** Every response, before it is validated. `attempt` is 0 for the first request. */
  onResponse?: (response: Response, info: { attempt: number; resumed: boolean }) => void;
  /** Before each reconnect wait. */
  onReconnecting?: (info: ReconnectInfo) => void;
  /** A response was accepted and its stream is being read. */
  onOpen?: (response: Response, info: { attempt: number; resumed: boolean }) => void;
  /** A comment line (heartbeat) arrived. */
  onComment?: (comment: string) => void;
}
