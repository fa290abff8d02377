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

const EXCERPT_CHARS = 200;

/** Cuts `text` to a short single excerpt for error messages. */
function errorExcerpt(text: string, max = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Finds the server's message in an error body: JSON `{error:{message}}`, `{error:"..."}`,
 * `{message}`, `{detail}`, or else the text itself (HTML tags removed), as an excerpt.
 */
export function serverErrorMessage(bodyText: string): { message: string; json?: unknown } {
  const trimmed = bodyText.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const json: unknown = JSON.parse(trimmed);
      const found = pickMessage(json);
      return found === undefined ? { message: errorExcerpt(trimmed), json } : { message: errorExcerpt(found), json };
    } catch {
      // not JSON after all: fall through to text
    }
  }
  const text = /<[a-z!/]/i.test(trimmed) ? trimmed.replace(/<[^>]*>/g, ' ') : trimmed;
  return { message: errorExcerpt(text) };
}

function pickMessage(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  const err = o.error;
  if (typeof err === 'string') return err;
  if (typeof err === 'object' && err !== null) {
    const m = (err as Record<string, unknown>).message;
    if (typeof m === 'string') return m;
  }
  if (typeof o.message === 'string') return o.message;
  if (typeof o.detail === 'string') return o.detail;
  return undefined;
}

/** A `ChatwireError`; the factories below differ only in code, message and details. */
const fail = (code: ChatwireErrorCode, retryable: boolean, message: string, details?: unknown, cause?: unknown): ChatwireError =>
  new ChatwireError(message, { code, retryable, details, cause });

/** `" from <url>"`, or nothing without a URL. */
const fromUrl = (url: string | undefined): string => (url ? ` from ${url}` : '');

/**
 * Builds the `http_error` for a non-2xx response from its status and body text.
 * 408, 429 and 5xx are `retryable`; other 4xx are not.
 */
export function createHttpError(input: {
  status: number;
  statusText?: string;
  url?: string;
  bodyText: string;
  retryAfterMs?: number;
}): ChatwireError {
  const { status, statusText, url, bodyText, retryAfterMs } = input;
  const { message, json } = serverErrorMessage(bodyText);
  const retryable = status === 408 || status === 429 || status >= 500;
  const what = `HTTP ${status}${statusText ? ` ${statusText}` : ''}${fromUrl(url)}`;
  const said = message ? `: ${message}` : ' (empty body)';
  const advice = retryable
    ? 'The server may recover; try again later.'
    : status === 401 || status === 403
      ? 'Check the credentials or headers sent with the request.'
      : 'Check the request (URL, method, body) against the server API.';
  return new ChatwireError(`${what}${said}${/[.!?]$/.test(said) ? '' : '.'} ${advice}`, {
    code: 'http_error',
    status,
    retryable,
    details: { body: json ?? errorExcerpt(bodyText, 2000), serverMessage: message, retryAfterMs },
  });
}

/** `bad_content_type`: the response is not the stream format that was expected. */
export function createBadContentTypeError(expected: string, received: string | null, url?: string): ChatwireError {
  return fail(
    'bad_content_type',
    false,
    `Wrong content type${fromUrl(url)}: expected ${expected}, received ${received || 'no content-type header'}. ` +
      'Point the client at the streaming endpoint, or check a proxy is not answering instead of the server.',
    { expected, received },
  );
}

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

/** `reconnect_exhausted`: the stream dropped more times than allowed in a row. */
export function createReconnectExhaustedError(attempts: number, lastError: unknown): ChatwireError {
  return fail(
    'reconnect_exhausted',
    true,
    `Gave up reconnecting after ${attempts} attempt${attempts === 1 ? '' : 's'}; last error: ${messageOf(lastError)}. ` +
      'Check the network and the server, then retry.',
    { attempts },
    lastError,
  );
}

/** `idle_timeout`: no byte (not even a heartbeat comment) arrived for `ms`. */
export function createIdleTimeoutError(ms: number): ChatwireError {
  return fail(
    'idle_timeout',
    true,
    `No data or heartbeat received for ${ms} ms; the connection is treated as dead. ` +
      'The server should send `: ping` comments more often than `idleTimeoutMs`.',
    { idleTimeoutMs: ms },
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
