/**
 * Errors raised by chatwire's core. Every error is a {@link ChatwireError} with a
 * machine-readable `code`, so callers can branch without `instanceof` across bundles:
 *
 * ```ts
 * try { for await (const m of connectSSE({ url })) handle(m); }
 * catch (e) { if (isChatwireError(e) && e.code === 'http_error') showLogin(e.status); }
 * ```
 *
 * @packageDocumentation
 */

import { messageOf } from './messageOf';

/** The codes chatwire raises itself; adapters may add their own strings. */
export type ChatwireErrorCode =
  | 'http_error'
  | 'bad_content_type'
  | 'event_too_large'
  | 'reconnect_exhausted'
  | 'idle_timeout'
  | 'network_error'
  | (string & {});

/** Options of {@link ChatwireError}. */
export interface ChatwireErrorOptions {
  code: ChatwireErrorCode;
  /** HTTP status, when the error came from a response. */
  status?: number;
  /** Whether trying again may help. */
  retryable?: boolean;
  /** Anything structured that helps debugging (the server's JSON body, limits, ...). */
  details?: unknown;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Base class of every error chatwire raises.
 *
 * @example
 * ```ts
 * throw new ChatwireError('Stream ended early: ...', { code: 'network_error', retryable: true });
 * ```
 */
export class ChatwireError extends Error {
  /** Machine-readable code, e.g. `http_error`. */
  readonly code: ChatwireErrorCode;
  /** HTTP status, when the error came from a response. */
  readonly status?: number;
  /** Whether trying again may help. */
  readonly retryable?: boolean;
  /** Structured details (server body, limit, attempts...). */
  readonly details?: unknown;

  constructor(message: string, options: ChatwireErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ChatwireError';
    this.code = options.code;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryable !== undefined) this.retryable = options.retryable;
    if (options.details !== undefined) this.details = options.details;
  }
}

/** True for any {@link ChatwireError} (also across duplicated bundles, by shape). */
export function isChatwireError(e: unknown): e is ChatwireError {
  return (
    e instanceof ChatwireError ||
    (e instanceof Error && e.name === 'ChatwireError' && typeof (e as { code?: unknown }).code === 'string')
  );
}

/**
 * True when `e` is the result of an abort: a DOMException / Error named `AbortError`
 * (fetch, streams, `AbortSignal.abort()`), or a `TimeoutError` from `AbortSignal.timeout()`.
 */
export function isAbortError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const name = (e as { name?: unknown }).name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/** A `ChatwireError`; the factories below differ only in code, message and details. */
const fail = (code: ChatwireErrorCode, retryable: boolean, message: string, details?: unknown, cause?: unknown): ChatwireError =>
  new ChatwireError(message, { code, retryable, details, cause });

/** `event_too_large`: one event (or line) grew past the configured limit. */
export function createEventTooLargeError(limit: number, what = 'event'): ChatwireError {
  return fail(
    'event_too_large',
    false,
    `An SSE ${what} exceeded the limit of ${limit} bytes before it ended. ` +
      'Raise `maxEventSize` if the server really sends events this large, or check the stream is SSE at all.',
    { limit },
  );
}

/** `network_error`: fetch failed or the body broke off mid-stream. */
export function createNetworkError(cause: unknown, url?: string, context = 'Request failed'): ChatwireError {
  return fail(
    'network_error',
    true,
    `${context}${url ? ` (${url})` : ''}: ${messageOf(cause)}. Check the network connection and that the server is reachable.`,
    undefined,
    cause,
  );
}
