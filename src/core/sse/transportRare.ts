import type { ChatwireError } from '../errors';
import { badContentTypeError, httpError, idleTimeoutError, reconnectExhaustedError, type ErrorTools, type HttpErrorInput } from '../rareErrors';
import { backoffDelay } from './backoffDelay';
import type { Shared } from './openSSE';
import { sleep } from './sleep';

/** The transport's paths a healthy stream never takes (see {@link createTransportRare}). Internal. */
export interface TransportRare {
  /**
   * Before reconnect `shared.attempt` (1-based) after `error`: past `maxRetries` (default
   * 8) throws `reconnect_exhausted`; else tells `onReconnecting` and waits the backoff (at
   * least `retryAfterMs`, the response's `Retry-After`), resolving early when the stream is aborted.
   */
  waitToReconnect(shared: Shared, error: unknown, retryAfterMs: number | undefined): Promise<void>;
  /** The `http_error` of a non-2xx response (`createHttpError`). */
  createHttpError(input: HttpErrorInput): ChatwireError;
  /** `bad_content_type` (`createBadContentTypeError`). */
  createBadContentTypeError(expected: string, received: string | null, url: string): ChatwireError;
  /** `idle_timeout` (`createIdleTimeoutError`). */
  createIdleTimeoutError(ms: number): ChatwireError;
}

/**
 * The transport's rare paths (and the text of the errors only they raise), over the errors `tools` builds: `connectSSE` creates them with
 * the initial code's error class; the session controller gets them from its lazy chunk,
 * which it starts loading when it opens a stream, so they are there when a stream drops or
 * a request fails, and a page whose streams are healthy does not load them first. Internal.
 */
export function createTransportRare(tools: ErrorTools): TransportRare {
  return {
    async waitToReconnect({ options, state, signal, attempt, serverRetryMs, timers }, error, retryAfterMs) {
      if (attempt > (options.maxRetries ?? 8)) throw reconnectExhaustedError(tools, attempt - 1, error);
      const delayMs = Math.max(backoffDelay(attempt, options.backoff, options.random ?? Math.random, serverRetryMs), retryAfterMs ?? 0);
      options.onReconnecting?.({ attempt, delayMs, error, lastEventId: state.lastEventId });
      await sleep(delayMs, timers, signal);
    },
    createHttpError: (input) => httpError(tools, input),
    createBadContentTypeError: (expected, received, url) => badContentTypeError(tools, expected, received, url),
    createIdleTimeoutError: (ms) => idleTimeoutError(tools, ms),
  };
}
