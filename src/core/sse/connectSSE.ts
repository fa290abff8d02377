import {
  ChatwireError,
  createBadContentTypeError,
  createHttpError,
  createIdleTimeoutError,
  createNetworkError,
  createReconnectExhaustedError,
} from '../errors';
import { backoffDelay } from './backoffDelay';
import type { ConnectSSEOptions, SSETimers } from './ConnectSSEOptions';
import { isTerminalLine, isTerminalMessage } from './isTerminalMessage';
import { readLines } from './readLines';
import { readSSE } from './readSSE';
import type { SSEMessage } from './SSEMessage';

/** The iterable {@link connectSSE} returns. */
export interface SSEConnection extends AsyncIterableIterator<SSEMessage> {
  /** The last event ID of the newest message delivered (what a reconnect sends). */
  readonly lastEventId: string;
  /** Ends the stream quietly, as aborting `signal` does. */
  close(): void;
}

const ERROR_BODY_LIMIT = 65_536;

const globalTimers: SSETimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Opens a Server-Sent Events stream over fetch and keeps it alive: reconnects with
 * backoff to the resume target with `Last-Event-ID`, detects dead connections (idle
 * timeout) and early closes (the body ended before a terminal message), and validates
 * responses. A POST is never re-sent; reconnection goes to `resumeUrl`. Aborting
 * `signal` (or `close()`) ends the iteration quietly at any moment.
 *
 * Errors (`ChatwireError`): `http_error`, `bad_content_type`, `event_too_large`,
 * `network_error` (no resume target), `idle_timeout` (no resume target),
 * `reconnect_exhausted`.
 *
 * @example
 * ```ts
 * const stream = connectSSE({
 *   url: '/api/chat', method: 'POST', body: { message },
 *   resumeUrl: (id) => `/api/chat/${conversationId}/stream`,
 *   headers: async () => ({ authorization: `Bearer ${await token()}` }),
 * });
 * for await (const m of stream) apply(m);
 * save(stream.lastEventId);
 * ```
 */
export function connectSSE(options: ConnectSSEOptions): SSEConnection {
  const state = { lastEventId: options.lastEventId ?? '' };
  const local = new AbortController();
  const outer = options.signal;
  const onOuterAbort = (): void => local.abort(outer?.reason);
  if (outer) {
    if (outer.aborted) local.abort(outer.reason);
    else outer.addEventListener('abort', onOuterAbort, { once: true });
  }
  const generator = run(options, state, local.signal);
  const detach = (): void => outer?.removeEventListener('abort', onOuterAbort);
  return {
    get lastEventId() {
      return state.lastEventId;
    },
    close() {
      local.abort();
    },
    next: async () => {
      try {
        const result = await generator.next();
        if (result.done) detach();
        return result;
      } catch (error) {
        detach();
        throw error;
      }
    },
    return: async () => {
      local.abort();
      detach();
      return generator.return(undefined);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

interface Failure {
  error: unknown;
  retryable: boolean;
  retryAfterMs?: number;
}

async function* run(
  options: ConnectSSEOptions,
  state: { lastEventId: string },
  signal: AbortSignal,
): AsyncGenerator<SSEMessage, void, undefined> {
  const method = options.method ?? 'GET';
  const framing = options.framing ?? 'sse';
  const maxRetries = options.maxRetries ?? 8;
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  const timers = options.timers ?? globalTimers;
  const random = options.random ?? Math.random;
  const isTerminal = options.isTerminal ?? (framing === 'lines' ? isTerminalLine : isTerminalMessage);
  const canResume = options.resumeUrl !== undefined || method === 'GET';
  let attempt = 0;
  let resumed = false;
  let serverRetryMs: number | undefined;

  while (!signal.aborted) {
    const target = resumed ? resumeTarget(options, state.lastEventId) : options.url;
    const get = resumed || method === 'GET';
    const request = new AbortController();
    const abortRequest = (): void => request.abort();
    signal.addEventListener('abort', abortRequest, { once: true });
    let idleFired = false;
    let holding = false;
    let expiredWhileHolding = false;
    let idleHandle: unknown;
    const armIdle = (): void => {
      if (idleTimeoutMs <= 0) return;
      if (idleHandle !== undefined) timers.clearTimeout(idleHandle);
      idleHandle = timers.setTimeout(() => {
        idleHandle = undefined;
        // The consumer is still busy with a message, so no byte could be read: the idle
        // time starts again once it asks for the next one.
        if (holding) expiredWhileHolding = true;
        else {
          idleFired = true;
          request.abort();
        }
      }, idleTimeoutMs);
    };
    const disarmIdle = (): void => {
      if (idleHandle !== undefined) timers.clearTimeout(idleHandle);
      idleHandle = undefined;
    };

    let failure: Failure | undefined;
    try {
      armIdle();
      let response: Response;
      try {
        const init = await requestInit(options, get, state.lastEventId, request.signal);
        if (signal.aborted) return;
        const fetchImpl = options.fetch ?? globalThis.fetch;
        response = await fetchImpl(String(target), init);
      } catch (error) {
        if (signal.aborted) return;
        throw idleFired ? createIdleTimeoutError(idleTimeoutMs) : createNetworkError(error, String(target));
      }
      const info = { attempt, resumed };
      options.onResponse?.(response, info);

      if (response.status === 204) {
        await cancelBody(response);
        return;
      }
      if (!response.ok) {
        const bodyText = await readBodyText(response, request.signal);
        if (signal.aborted) return;
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
        const error = createHttpError({
          status: response.status,
          statusText: response.statusText,
          url: String(target),
          bodyText,
          retryAfterMs,
        });
        failure = { error, retryable: get && error.retryable === true, retryAfterMs };
      } else {
        checkContentType(response, framing, String(target));
        if (!response.body) throw createNetworkError(new Error('the response has no body'), String(target));
        options.onOpen?.(response, info);
        armIdle();

        const common = { signal: request.signal, onChunk: armIdle, maxEventSize: options.maxEventSize };
        const messages =
          framing === 'sse'
            ? readSSE(response.body, {
                ...common,
                lastEventId: state.lastEventId,
                onComment: options.onComment,
                onRetry: (ms) => {
                  serverRetryMs = ms;
                },
              })
            : linesAsMessages(readLines(response.body, { ...common, maxLineSize: options.maxEventSize }), state);

        let ended = false;
        try {
          for await (const message of messages) {
            ended = isTerminal(message);
            attempt = 0;
            state.lastEventId = message.id;
            holding = true;
            try {
              yield message;
            } finally {
              holding = false;
            }
            if (expiredWhileHolding) {
              expiredWhileHolding = false;
              armIdle();
            }
          }
        } catch (error) {
          if (signal.aborted) return;
          if (error instanceof ChatwireError && error.code === 'network_error' && !ended) {
            failure = { error, retryable: true };
          } else if (!ended || (error instanceof ChatwireError && error.code !== 'network_error')) {
            throw error;
          } else {
            return;
          }
        }
        if (signal.aborted) return;
        if (!failure) {
          if (ended) return;
          failure = {
            error: idleFired
              ? createIdleTimeoutError(idleTimeoutMs)
              : createNetworkError(
                  new Error('the stream closed before a terminal event'),
                  String(target),
                  'Stream ended early',
                ),
            retryable: true,
          };
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      const retryable =
        error instanceof ChatwireError && (error.code === 'network_error' || error.code === 'idle_timeout');
      failure = { error, retryable };
    } finally {
      disarmIdle();
      signal.removeEventListener('abort', abortRequest);
      request.abort();
    }

    if (signal.aborted) return;
    if (!failure.retryable || !canResume) throw failure.error;
    attempt += 1;
    if (attempt > maxRetries) throw createReconnectExhaustedError(attempt - 1, failure.error);
    const delayMs = Math.max(
      backoffDelay(attempt, options.backoff, random, serverRetryMs),
      failure.retryAfterMs ?? 0,
    );
    options.onReconnecting?.({ attempt, delayMs, error: failure.error, lastEventId: state.lastEventId });
    await sleep(delayMs, timers, signal);
    resumed = true;
  }
}

function resumeTarget(options: ConnectSSEOptions, lastEventId: string): string | URL {
  const r = options.resumeUrl;
  if (r === undefined) return options.url;
  return typeof r === 'function' ? r(lastEventId) : r;
}

async function requestInit(
  options: ConnectSSEOptions,
  get: boolean,
  lastEventId: string,
  signal: AbortSignal,
): Promise<RequestInit> {
  const given = typeof options.headers === 'function' ? await options.headers() : options.headers;
  const headers = new Headers(given);
  if (!headers.has('accept')) {
    headers.set('accept', options.framing === 'lines' ? 'text/plain, */*' : 'text/event-stream');
  }
  const init: RequestInit = { method: get ? 'GET' : (options.method ?? 'GET'), headers, signal };
  if (options.credentials) init.credentials = options.credentials;
  if (get) {
    if (lastEventId !== '') headers.set('last-event-id', lastEventId);
  } else if (options.body !== undefined) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    init.body = JSON.stringify(options.body);
  }
  return init;
}

function checkContentType(response: Response, framing: 'sse' | 'lines', url: string): void {
  const type = response.headers.get('content-type');
  const essence = (type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const ok = framing === 'sse' ? essence === 'text/event-stream' : essence !== 'text/html';
  if (ok) return;
  void cancelBody(response);
  throw createBadContentTypeError(framing === 'sse' ? 'text/event-stream' : 'a text line stream', type, url);
}

async function* linesAsMessages(
  lines: AsyncIterableIterator<string>,
  state: { lastEventId: string },
): AsyncGenerator<SSEMessage, void, undefined> {
  for await (const line of lines) yield { event: 'message', data: line, id: state.lastEventId };
}

async function cancelBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // already closed
  }
}

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

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, timers: SSETimers, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      timers.clearTimeout(handle);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const handle = timers.setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
