import type { ChatwireError } from './errors';
import type { messageOf } from './messageOf';
import { errorExcerpt, serverErrorMessage } from './serverErrorMessage';

/**
 * What the errors of the rare paths are built with: the one error class and the one reading
 * of a thrown value. The public factories (`failureErrors.ts`) pass the initial code's;
 * the lazy session chunk gets them handed over (`LazySessionKit`), so it builds these errors
 * without importing a module of the initial code (docs/bundle.md). Internal.
 */
export interface ErrorTools {
  ChatwireError: typeof ChatwireError;
  messageOf: typeof messageOf;
}

/** What {@link httpError} describes: a non-2xx response. */
export interface HttpErrorInput {
  status: number;
  statusText?: string;
  url?: string;
  bodyText: string;
  retryAfterMs?: number;
}

/**
 * The `http_error` of a non-2xx response, from its status and body text: 408, 429 and 5xx
 * are `retryable`; other 4xx are not. Built with `tools`. Internal.
 */
export function httpError(tools: ErrorTools, input: HttpErrorInput): ChatwireError {
  const { status, statusText, url, bodyText, retryAfterMs } = input;
  const { message, json } = serverErrorMessage(bodyText);
  const retryable = status === 408 || status === 429 || status >= 500;
  const what = `HTTP ${status}${statusText ? ` ${statusText}` : ''}${url ? ` from ${url}` : ''}`;
  const said = message ? `: ${message}` : ' (empty body)';
  const advice = retryable
    ? 'The server may recover; try again later.'
    : status === 401 || status === 403
      ? 'Check the credentials or headers sent with the request.'
      : 'Check the request (URL, method, body) against the server API.';
  return new tools.ChatwireError(`${what}${said}${/[.!?]$/.test(said) ? '' : '.'} ${advice}`, {
    code: 'http_error',
    status,
    retryable,
    details: { body: json ?? errorExcerpt(bodyText, 2000), serverMessage: message, retryAfterMs },
  });
}

/** The `reconnect_exhausted` error: the stream dropped more times than allowed in a row. Built with `tools`. Internal. */
export function reconnectExhaustedError(tools: ErrorTools, attempts: number, lastError: unknown): ChatwireError {
  return new tools.ChatwireError(
    `Gave up reconnecting after ${attempts} attempt${attempts === 1 ? '' : 's'}; last error: ${tools.messageOf(lastError)}. ` +
      'Check the network and the server, then retry.',
    { code: 'reconnect_exhausted', retryable: true, details: { attempts }, cause: lastError },
  );
}

/** `bad_content_type`: the response is not the stream format that was expected. Built with `tools`. Internal. */
export function badContentTypeError(tools: ErrorTools, expected: string, received: string | null, url?: string): ChatwireError {
  return new tools.ChatwireError(
    `Wrong content type${url ? ` from ${url}` : ''}: expected ${expected}, received ${received || 'no content-type header'}. ` +
      'Point the client at the streaming endpoint, or check a proxy is not answering instead of the server.',
    { code: 'bad_content_type', retryable: false, details: { expected, received } },
  );
}

/** `idle_timeout`: no byte (not even a heartbeat comment) arrived for `ms`. Built with `tools`. Internal. */
export function idleTimeoutError(tools: ErrorTools, ms: number): ChatwireError {
  return new tools.ChatwireError(
    `No data or heartbeat received for ${ms} ms; the connection is treated as dead. ` +
      'The server should send `: ping` comments more often than `idleTimeoutMs`.',
    { code: 'idle_timeout', retryable: true, details: { idleTimeoutMs: ms } },
  );
}
