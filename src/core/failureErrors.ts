import { ChatwireError } from './errors';
import { messageOf } from './messageOf';
import { badContentTypeError, httpError, idleTimeoutError, reconnectExhaustedError, type ErrorTools, type HttpErrorInput } from './rareErrors';

/**
 * The public factories of the errors only a failing stream raises, kept out of `errors.ts`
 * (which the initial code imports) so that the lazy session chunk can hold their text
 * (`rareErrors.ts`) without sharing a module with the initial code. Same errors, same class.
 */
const tools: ErrorTools = { ChatwireError, messageOf };

/**
 * Builds the `http_error` for a non-2xx response from its status and body text.
 * 408, 429 and 5xx are `retryable`; other 4xx are not.
 *
 * @example createHttpError({ status: 503, url: '/api/chat', bodyText: '{"error":"overloaded"}' }).retryable // true
 */
export function createHttpError(input: HttpErrorInput): ChatwireError {
  return httpError(tools, input);
}

/**
 * `reconnect_exhausted`: the stream dropped more times than allowed in a row.
 *
 * @example createReconnectExhaustedError(8, new Error('offline')).code // 'reconnect_exhausted'
 */
export function createReconnectExhaustedError(attempts: number, lastError: unknown): ChatwireError {
  return reconnectExhaustedError(tools, attempts, lastError);
}

/**
 * `bad_content_type`: the response is not the stream format that was expected.
 *
 * @example createBadContentTypeError('text/event-stream', 'text/html', '/api/chat').retryable // false
 */
export function createBadContentTypeError(expected: string, received: string | null, url?: string): ChatwireError {
  return badContentTypeError(tools, expected, received, url);
}

/**
 * `idle_timeout`: no byte (not even a heartbeat comment) arrived for `ms`.
 *
 * @example createIdleTimeoutError(45_000).details // { idleTimeoutMs: 45000 }
 */
export function createIdleTimeoutError(ms: number): ChatwireError {
  return idleTimeoutError(tools, ms);
}
