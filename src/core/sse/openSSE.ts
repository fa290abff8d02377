import { createEventTooLargeError, createNetworkError, isChatwireError } from '../errors';
import type { SSEConnection } from './connectSSE';
import type { ConnectSSEOptions } from './ConnectSSEOptions';
import type { Timers } from '../Timers';
import { DEFAULT_MAX_EVENT_SIZE } from './defaultMaxEventSize';
import { GLOBAL_TIMERS } from '../Timers';
import { createIdleTimer, type IdleTimer } from './idleTimer';
import { isTerminalMessage } from './isTerminalMessage';
import type { LineFraming } from './LineFraming';
import { readBatches } from './readBatches';
import { readSSE } from './readSSE';
import { requestInit } from './requestInit';
import { cancelBody, wrongContentType } from './responseChecks';
import type { SSEMessage } from './SSEMessage';
import type { TransportRare } from './transportRare';

/**
 * What {@link openSSE} loads from its caller, each when first needed: `lines`, the line
 * framing, once per response read with `framing: 'lines'`; `rare`, the paths a healthy
 * stream never takes (the wait before a reconnect, the `http_error` of a failed response),
 * on each such path. Either may return a promise; if it rejects, the stream fails with
 * that error.
 */
export interface TransportLoaders {
  lines: () => LineFraming | Promise<LineFraming>;
  rare: () => TransportRare | Promise<TransportRare>;
}

/**
 * {@link connectSSE} with parts given by the caller: the session controller takes the line
 * framing from the lazily loaded protocol chunk and the rare paths from the lazy session
 * chunk (which it starts loading with the stream), so apps whose streams are healthy SSE do
 * not load them with the page; `connectSSE` gives both statically. Internal.
 */
export function openSSE(options: ConnectSSEOptions, loaders: TransportLoaders): SSEConnection {
  const state: StreamState = { lastEventId: options.lastEventId ?? '', terminal: false };
  const local = new AbortController();
  const outer = options.signal;
  const onOuterAbort = (): void => local.abort(outer?.reason);
  if (outer) {
    if (outer.aborted) local.abort(outer.reason);
    else outer.addEventListener('abort', onOuterAbort, { once: true });
  }
  const generator = run(options, loaders, state, local.signal);
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
      // After a terminal message the request is left to end as the server closes it (see connectOnce).
      if (!state.terminal) local.abort();
      detach();
      return generator.return(undefined);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** What the connection and its reader share: the last event id, and whether a terminal message was delivered. */
interface StreamState {
  lastEventId: string;
  terminal: boolean;
}

/**
 * How long the rest of a response is read after its terminal message (`done`, `[DONE]`, ...)
 * when the caller stops reading there: the server closes the response right after it, and
 * ending the request that way (rather than aborting it) leaves no cancelled request in the
 * browser's network log. A server that keeps the response open longer is aborted then.
 */
const SETTLE_AFTER_TERMINAL_MS = 5000;

/**
 * Why one connection ended, when it was not the normal end of the stream. Without `error`
 * the idle timer fired: the error is `idle_timeout`, whose text is among the rare paths.
 */
interface Failure {
  error?: unknown;
  retryable: boolean;
  retryAfterMs?: number;
}

/** What the reconnect loop shares with each connection (and with the reconnect's wait). Internal. */
export interface Shared {
  options: ConnectSSEOptions;
  loaders: TransportLoaders;
  state: StreamState;
  signal: AbortSignal;
  timers: Timers;
  idleTimeoutMs: number;
  attempt: number;
  resumed: boolean;
  serverRetryMs: number | undefined;
}

async function* run(
  options: ConnectSSEOptions,
  loaders: TransportLoaders,
  state: StreamState,
  signal: AbortSignal,
): AsyncGenerator<SSEMessage, void, undefined> {
  const canResume = options.resumeUrl !== undefined || (options.method ?? 'GET') === 'GET';
  const shared: Shared = {
    options,
    loaders,
    state,
    signal,
    timers: options.timers ?? GLOBAL_TIMERS,
    idleTimeoutMs: options.idleTimeoutMs ?? 45_000,
    attempt: 0,
    resumed: false,
    serverRetryMs: undefined,
  };

  while (!signal.aborted) {
    const failure = yield* connectOnce(shared);
    if (!failure || signal.aborted) return;
    const error = 'error' in failure ? failure.error : (await shared.loaders.rare()).createIdleTimeoutError(shared.idleTimeoutMs);
    if (signal.aborted) return;
    if (!failure.retryable || !canResume) throw error;
    shared.attempt += 1;
    await (await shared.loaders.rare()).waitToReconnect(shared, error, failure.retryAfterMs);
    shared.resumed = true;
  }
}

/** One connection's request: the part of it the steps below share. */
interface Attempt {
  url: string;
  /** The request is a GET (a resume, or `method` GET): safe to send again. */
  get: boolean;
  request: AbortController;
  idle: IdleTimer;
  /** Reading on after the terminal message until the server closes the response (see {@link deliver}). */
  settling?: Promise<void>;
}

/**
 * One request and its stream. Yields the messages; returns `undefined` when the stream
 * ended normally (terminal message, 204, abort) or the reason it did not.
 */
async function* connectOnce(shared: Shared): AsyncGenerator<SSEMessage, Failure | undefined, undefined> {
  const { options, state, signal } = shared;
  const request = new AbortController();
  const abortRequest = (): void => request.abort();
  signal.addEventListener('abort', abortRequest, { once: true });
  const attempt: Attempt = {
    url: String(shared.resumed ? resumeTarget(options, state.lastEventId) : options.url),
    get: shared.resumed || (options.method ?? 'GET') === 'GET',
    request,
    idle: createIdleTimer(shared.timers, shared.idleTimeoutMs, abortRequest),
  };
  try {
    attempt.idle.arm();
    const opened = await openResponse(shared, attempt);
    if (!('body' in opened)) return opened.failure;
    attempt.idle.arm();
    const reader = await readerOf(shared, attempt, opened.body);
    if (!reader) return undefined;
    // Set in deliver's `finally`, also when the caller stops reading (no value comes back then).
    return yield* deliver(shared, attempt, reader);
  } finally {
    attempt.idle.disarm();
    if (attempt.settling) {
      void attempt.settling.then(() => signal.removeEventListener('abort', abortRequest));
    } else {
      signal.removeEventListener('abort', abortRequest);
      request.abort();
    }
  }
}

/**
 * Sends the request and checks the response: its body to read, or how the attempt ended
 * (`failure` undefined: aborted, or 204 No Content).
 */
async function openResponse(
  shared: Shared,
  { url, get, request, idle }: Attempt,
): Promise<{ body: ReadableStream<Uint8Array> } | { failure: Failure | undefined }> {
  const { options, state, signal } = shared;
  // A failing `headers` function is the caller's error, not the network's: not retried.
  const init = await requestInit(options, get, state.lastEventId, request.signal);
  if (signal.aborted) return { failure: undefined };
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, init);
  } catch (error) {
    if (signal.aborted) return { failure: undefined };
    return { failure: idle.fired ? { retryable: true } : { error: createNetworkError(error, url), retryable: true } };
  }
  const info = { attempt: shared.attempt, resumed: shared.resumed };
  options.onResponse?.(response, info);
  if (response.status === 204) {
    await cancelBody(response);
    return { failure: undefined };
  }
  if (!response.ok) {
    const rare = await shared.loaders.rare();
    const { error, retryAfterMs } = await rare.readHttpError(response, url, request.signal);
    if (signal.aborted) return { failure: undefined };
    return { failure: { error, retryable: get && error.retryable === true, retryAfterMs } };
  }
  const wrongType = wrongContentType(response, options.framing ?? 'sse');
  if (wrongType) {
    void cancelBody(response);
    const rare = await shared.loaders.rare();
    if (signal.aborted) return { failure: undefined };
    throw rare.createBadContentTypeError(wrongType.expected, wrongType.received, url);
  }
  if (!response.body) return { failure: { error: createNetworkError(new Error('the response has no body'), url), retryable: true } };
  options.onOpen?.(response, info);
  return { body: response.body };
}

/** A response body's messages and the test for the one that ends the stream. */
interface Reader {
  messages: AsyncIterator<SSEMessage, unknown, undefined> & { return(): Promise<unknown> };
  isTerminal: (message: SSEMessage) => boolean;
}

/**
 * The body read as SSE, or (`framing: 'lines'`) as lines with the line framing loaded on
 * demand; `undefined` when aborted while that loads.
 */
async function readerOf(shared: Shared, { request, idle }: Attempt, body: ReadableStream<Uint8Array>): Promise<Reader | undefined> {
  const { options, state, signal } = shared;
  const limit = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
  if ((options.framing ?? 'sse') !== 'lines') {
    const messages = readSSE(body, {
      signal: request.signal,
      onChunk: idle.arm,
      maxEventSize: limit,
      lastEventId: state.lastEventId,
      onComment: options.onComment,
      onRetry: (ms) => {
        shared.serverRetryMs = ms;
      },
    });
    return { messages, isTerminal: options.isTerminal ?? isTerminalMessage };
  }
  const line = await shared.loaders.lines();
  if (signal.aborted) return undefined;
  const messages = readBatches(body, request.signal, idle.arm, (push: (message: SSEMessage) => void) =>
    line.split(limit, (data) => push({ event: 'message', data, id: state.lastEventId }), () => createEventTooLargeError(limit, 'line')),
  );
  return { messages, isTerminal: options.isTerminal ?? line.isTerminal };
}

/**
 * Yields the messages, keeping the last event id and whether the last was terminal, and
 * returns why the stream ended early, if it did. Stopped right after the terminal message,
 * the rest of the response is read until the server closes it (`attempt.settling`), so the
 * request ends without an abort.
 */
async function* deliver(
  shared: Shared,
  attempt: Attempt,
  { messages, isTerminal }: Reader,
): AsyncGenerator<SSEMessage, Failure | undefined, undefined> {
  const { state, signal } = shared;
  const { url, request, idle } = attempt;
  let ended = false;
  let bodyDone = false;
  try {
    for (;;) {
      const next = await messages.next();
      if (next.done) {
        bodyDone = true;
        break;
      }
      const message = next.value;
      ended = isTerminal(message);
      shared.attempt = 0;
      state.lastEventId = message.id;
      state.terminal = ended;
      idle.hold();
      try {
        yield message;
      } finally {
        idle.release();
      }
    }
  } catch (error) {
    bodyDone = true;
    if (signal.aborted) return undefined;
    // A body that breaks off after a terminal message has nothing left to deliver.
    if (!isChatwireError(error) || error.code !== 'network_error') throw error;
    return ended ? undefined : { error, retryable: true };
  } finally {
    // Stopped by the caller right after the terminal message: read on until the server
    // closes the response (bounded), then release; otherwise stop reading now.
    if (!bodyDone && ended && !signal.aborted) {
      attempt.settling = settle(messages, shared.timers, () => request.abort());
    } else if (!bodyDone) {
      await messages.return();
    }
  }
  if (signal.aborted || ended) return undefined;
  if (idle.fired) return { retryable: true };
  return { error: createNetworkError(new Error('the stream closed before a terminal event'), url, 'Stream ended early'), retryable: true };
}

/** Reads what is left of a response after its terminal message until it ends, at most {@link SETTLE_AFTER_TERMINAL_MS}; then `release`s the request. */
async function settle(messages: AsyncIterator<SSEMessage>, timers: Timers, release: () => void): Promise<void> {
  const timer = timers.setTimeout(release, SETTLE_AFTER_TERMINAL_MS);
  try {
    while (!(await messages.next()).done) {
      // the rest of the stream (normally nothing) is not delivered: the caller stopped reading
    }
  } catch {
    // aborted or broken after the terminal message: nothing is lost
  } finally {
    timers.clearTimeout(timer);
    release();
  }
}

function resumeTarget(options: ConnectSSEOptions, lastEventId: string): string | URL {
  const r = options.resumeUrl;
  if (r === undefined) return options.url;
  return typeof r === 'function' ? r(lastEventId) : r;
}
