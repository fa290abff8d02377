import type { ChatwireError } from '../errors';
import { badContentTypeError, httpError, idleTimeoutError, reconnectExhaustedError, type ErrorTools } from '../rareErrors';
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
  /**
   * The `http_error` of a non-2xx response (`createHttpError`), from the start of its body
   * (64 KiB at most; stops when `signal` aborts) and its `Retry-After` (in ms).
   */
  readHttpError(response: Response, url: string, signal: AbortSignal): Promise<{ error: ChatwireError; retryAfterMs?: number }>;
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
    async readHttpError(response, url, signal) {
      const bodyText = await readBodyText(response, signal);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      return { error: httpError(tools, { status: response.status, statusText: response.statusText, url, bodyText, retryAfterMs }), retryAfterMs };
    },
    createBadContentTypeError: (expected, received, url) => badContentTypeError(tools, expected, received, url),
    createIdleTimeoutError: (ms) => idleTimeoutError(tools, ms),
  };
}

const ERROR_BODY_LIMIT = 65_536;

/** The start (64 KiB at most) of an error response's body, as text. */
async function readBodyText(response: Response, signal: AbortSignal): Promise<string> {
  const body = response.body;
  if (!body) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < ERROR_BODY_LIMIT && !signal.aborted) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
  } catch {
    // a broken error body still gives the status
  }
  return text;
}

/** `Retry-After` (seconds or HTTP date) in ms. */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
