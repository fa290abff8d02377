import type { ChatwireError } from '../errors';
import { httpError, reconnectExhaustedError, type ErrorTools, type HttpErrorInput } from '../rareErrors';
import { backoffDelay } from './backoffDelay';
import type { Failure, Shared } from './openSSE';
import { sleep } from './sleep';

/** The transport's paths a healthy stream never takes (see {@link createTransportRare}). Internal. */
export interface TransportRare {
  /**
   * Before reconnect `shared.attempt` (1-based) after `failure`: past `maxRetries` (default
   * 8) throws `reconnect_exhausted`; else tells `onReconnecting` and waits the backoff (at
   * least the response's `Retry-After`), resolving early when the stream is aborted.
   */
  waitToReconnect(shared: Shared, failure: Failure): Promise<void>;
  /** The `http_error` of a non-2xx response (`createHttpError`). */
  createHttpError(input: HttpErrorInput): ChatwireError;
}

/**
 * The transport's rare paths, over the errors `tools` builds: `connectSSE` creates them with
 * the initial code's error class; the session controller gets them from its lazy chunk,
 * which it starts loading when it opens a stream, so they are there when a stream drops or
 * a request fails, and a page whose streams are healthy does not load them first. Internal.
 */
export function createTransportRare(tools: ErrorTools): TransportRare {
  return {
    async waitToReconnect({ options, state, signal, attempt, serverRetryMs, timers }, failure) {
      if (attempt > (options.maxRetries ?? 8)) throw reconnectExhaustedError(tools, attempt - 1, failure.error);
      const delayMs = Math.max(backoffDelay(attempt, options.backoff, options.random ?? Math.random, serverRetryMs), failure.retryAfterMs ?? 0);
      options.onReconnecting?.({ attempt, delayMs, error: failure.error, lastEventId: state.lastEventId });
      await sleep(delayMs, timers, signal);
    },
    createHttpError: (input) => httpError(tools, input),
  };
}
