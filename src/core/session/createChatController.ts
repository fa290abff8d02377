import type { ChatEvent } from '../events';
import { ChatwireError, isAbortError, isChatwireError } from '../errors';
import { messageOf } from '../messageOf';
import { createFrameScheduler } from './createFrameScheduler';
import type { Timers } from '../Timers';
import { isTerminalMessage } from '../sse/isTerminalMessage';
import { GLOBAL_TIMERS } from '../Timers';
import { openSSE } from '../sse/openSSE';
import type { SSEMessage } from '../sse/SSEMessage';
import { ACTIVE_PHASES, isTerminalEvent } from './phases';
import type { ChatInput } from './ChatAction';
import type { ChatController, ChatSnapshot, ResumeOptions, SendOptions } from './ChatController';
import type { ChatMetrics, ResponseOutcome } from './ChatMetrics';
import type { ChatOptions, ChatRoute } from './ChatOptions';
import { chatReducer } from './chatReducer';
import { initialChatState, type ChatState } from './ChatState';
import { createMetricsTracker } from './createMetricsTracker';
import { createSessionDecoder, loadLazyProtocols, type SessionDecoder } from './createSessionDecoder';
import { createStreamPersistence } from './createStreamPersistence';
import { randomId } from '../randomId';
import { fetchHistory } from './fetchHistory';
import { joinText } from './joinText';
import { postCancel } from './postCancel';
import type { ClientToolRunner } from './createClientToolRunner';
import { isResetMessage, recoverFromReset } from './recoverFromReset';
import { resolveChatRoutes } from './resolveChatRoutes';
import type { ErrorPart } from './types';

/** A chatwire `error` event with `fatal: false` does not end the stream. */
function isTerminal(message: SSEMessage): boolean {
  if (message.event === 'error' && /"fatal"\s*:\s*false/.test(message.data)) return false;
  return isTerminalMessage(message);
}

function errorEvent(e: unknown): ChatEvent {
  const event: ChatEvent = { type: 'error', message: messageOf(e) };
  if (isChatwireError(e)) {
    event.code = e.status === undefined ? e.code : `http_${e.status}`;
    if (e.status !== undefined) event.status = e.status;
    if (e.retryable !== undefined) event.retryable = e.retryable;
  } else {
    event.code = 'client_error';
  }
  return event;
}

interface Run {
  abort: AbortController;
  done: Promise<void>;
}

/**
 * Creates the session controller: the one place with fetch, timers, storage and the frame
 * scheduler around the pure {@link chatReducer}. `publish` is called at most once per frame
 * while streaming, and at once for terminal events, submit and stop.
 *
 * @example
 * ```ts
 * const controller = createChatController({ endpoint: '/api/chat' }, (state) => render(state));
 * await controller.send('Hello');
 * ```
 */
export function createChatController(
  initialOptions: ChatOptions,
  publish: (state: ChatState, metrics: ChatMetrics) => void,
): ChatController {
  let options: ChatOptions = { ...initialOptions };
  const routes = resolveChatRoutes(options);
  const scheduler = options.scheduler ?? createFrameScheduler();
  const now = (): number => (options.now ?? Date.now)();
  const timers = (): Timers => options.transport?.timers ?? GLOBAL_TIMERS;
  const persistence = createStreamPersistence(options.storage, options.storageKey ?? `chatwire:stream:${routes.endpoint}`);
  const tracker = createMetricsTracker();

  let state: ChatState = chatReducer(initialChatState, {
    type: 'reset',
    conversationId: options.conversationId ?? null,
    messages: options.initialMessages ?? [],
  });
  let run: Run | null = null;
  let lastEventId = '';
  let protocol: string = options.protocol ?? 'auto';
  /** While replaying: whether events arrived since the last frame (else the replay is over). */
  let replayActivity = false;
  /** The server marked the end of the replay (a `: live` comment) on the current stream. */
  let liveSeen = false;
  /** Runs `options.clientTools`, loaded with the first check. */
  let clientTools: Promise<ClientToolRunner> | undefined;
  /** Events that changed the state so far (tells a resume that replayed something from a 204). */
  let appliedEvents = 0;
  /** Listeners of {@link ChatController.observe}. */
  const observers = new Set<(input: ChatInput) => void>();
  const notify = (input: ChatInput): void => {
    for (const listener of observers) listener(input);
  };
  /** Applies a local input and tells the observers (multi-tab sync mirrors them). */
  const reduce = (input: ChatInput): void => {
    const before = state;
    state = chatReducer(state, input);
    if (state !== before) notify(input);
  };

  const publishNow = (): void => {
    // Only this controller's own replay ends here (a `setConnection` one is ended by its owner).
    if (run && state.connection === 'replaying') {
      // Over when the server says so (`: live`), or when a frame passes without events.
      if (replayActivity && !liveSeen) {
        replayActivity = false;
        scheduler.schedule(publishNow);
      } else {
        reduce({ type: 'connection', connection: 'open' });
      }
    }
    if (run && state.conversationId && ACTIVE_PHASES.has(state.phase)) {
      persistence.write({ conversationId: state.conversationId, streamId: state.streamId, lastEventId });
    }
    // The page's tools run in the tab that reads the live stream (never during a replay).
    if (run && state.connection === 'open' && options.clientTools?.length) {
      const seen = state;
      void (clientTools ??= import('./createClientToolRunner').then((m) => m.createClientToolRunner(() => options))).then((r) => r.check(seen));
    }
    publish(state, tracker.snapshot());
  };
  const commit = (now: boolean): void => {
    if (now) {
      scheduler.cancel();
      publishNow();
    } else scheduler.schedule(publishNow);
  };
  const dispatch = (input: ChatInput, flushNow = false): void => {
    reduce(input);
    commit(flushNow);
  };

  /** A route, when this stream's protocol may use it (derived routes are chatwire only). */
  const route = (which: 'resume' | 'cancel' | 'history'): ChatRoute => {
    const r = routes[which];
    if (!r.derived) return r.route;
    return protocol === 'chatwire' || protocol === 'auto' ? r.route : null;
  };

  /** After a `reset`: the history replaces the messages (see recoverFromReset); `null` without history and resume routes. */
  const reloadHistory = async (signal: AbortSignal): Promise<{ lastSeq: number; partial: boolean } | null> => {
    const id = state.conversationId;
    const history = route('history');
    if (!id || !history || !route('resume')) return null;
    const h = await fetchHistory(options, history(id), signal);
    if (!h) return null;
    dispatch({ type: 'hydrate', conversationId: h.conversationId || id, messages: h.messages, lastSeq: h.lastSeq }, true);
    return { lastSeq: h.lastSeq, partial: h.activeStream !== null && h.lastSeq >= h.activeStream.startSeq };
  };

  const reportError = (part: ErrorPart | null): void => {
    if (part) options.onError?.(part);
  };

  const finish = (outcome: Exclude<ResponseOutcome, 'streaming'>): void => {
    persistence.clear();
    reduce({ type: 'connection', connection: 'closed' });
    const metrics = tracker.finish(outcome, now());
    commit(true);
    if (metrics) options.onMetrics?.(metrics, tracker.snapshot());
    const message = state.messages.find((m) => m.id === state.activeMessageId);
    options.onFinish?.(message, { outcome, metrics });
  };

  const applyEvent = (raw: ChatEvent, resumed: boolean, conversationSeq = false): boolean => {
    let event = raw.at === undefined ? { ...raw, at: now() } : raw;
    if (event.seq !== undefined && protocol !== 'chatwire' && !conversationSeq) {
      // Only chatwire's seq is a conversation-wide position; others restart per stream.
      const { seq: _seq, ...rest } = event;
      event = rest as ChatEvent;
    }
    const before = state;
    state = chatReducer(state, event);
    if (state === before) return false;
    appliedEvents++;
    notify(event);
    if (!tracker.running && (ACTIVE_PHASES.has(state.phase) || event.type === 'session')) {
      tracker.start(state.activeMessageId ?? '', event.at ?? now(), resumed);
    }
    tracker.observe(event, state.activeMessageId);
    options.onEvent?.(event);
    if (event.type === 'error') reportError(state.messages.find((m) => m.id === state.activeMessageId)?.parts.at(-1) as ErrorPart);
    if (isTerminalEvent(event)) {
      finish(state.phase === 'complete' ? 'complete' : state.phase === 'cancelled' ? 'cancelled' : 'error');
      return true;
    }
    if (state.connection === 'replaying') replayActivity = true;
    commit(false);
    return false;
  };

  /** Reads one stream to its end. Never throws: failures become error events. */
  const readStream = async (
    abort: AbortController,
    request: { url: string; method: 'GET' | 'POST'; body?: unknown; lastEventId?: string; resumed: boolean; resets?: number },
  ): Promise<void> => {
    const explicit = options.protocol && options.protocol !== 'auto' ? options.protocol : undefined;
    // Protocols other than chatwire load on demand: `push` returns a promise only then.
    let decoder: SessionDecoder = createSessionDecoder(options.protocol ?? 'auto');
    protocol = explicit ?? 'auto';
    lastEventId = request.lastEventId ?? '';
    const resumeRoute = route('resume');
    let ended = false;
    // Why the connection last failed, and whether the server ever answered: for the error
    // when a stream cannot be resumed.
    let dropped: unknown;
    let answered = false;
    let reset = false;
    const handle = (events: ChatEvent[]): boolean => {
      for (const event of events) {
        if (abort.signal.aborted) return true;
        if (applyEvent(event, request.resumed)) return true;
      }
      return false;
    };
    try {
      const connection = openSSE({
        url: request.url,
        method: request.method,
        body: request.body,
        headers: () => (typeof options.headers === 'function' ? options.headers() : (options.headers ?? {})),
        credentials: options.credentials,
        fetch: (input, init) => (options.fetch ?? globalThis.fetch)(input, init),
        resumeUrl: resumeRoute
          ? () => {
              const id = state.conversationId;
              const r = route('resume');
              if (!id || !r) {
                throw new ChatwireError(
                  answered
                    ? `The stream dropped (${messageOf(dropped)}) before the server named the conversation (received no session event or X-Chatwire-Conversation-Id header), so it cannot be resumed. Send the prompt again.`
                    : `Could not reach the server: ${messageOf(dropped)} A server on another origin must also allow this page's origin (CORS).`,
                  { code: 'not_resumable', retryable: false },
                );
              }
              return r(id);
            }
          : undefined,
        lastEventId: request.lastEventId ?? '',
        maxRetries: options.transport?.maxRetries,
        backoff: options.transport?.backoff,
        idleTimeoutMs: options.transport?.idleTimeoutMs,
        timers: options.transport?.timers,
        random: options.transport?.random,
        framing: options.protocol === 'ai-sdk-data' ? 'lines' : 'sse',
        isTerminal: options.protocol === 'ai-sdk-data' ? undefined : isTerminal,
        signal: abort.signal,
        onResponse: (response, info) => {
          answered = true;
          if (!response.ok || abort.signal.aborted) return;
          if (info.attempt === 0 && !info.resumed && !explicit) {
            decoder = createSessionDecoder('auto', response.headers);
          }
          const id = response.headers.get('x-chatwire-conversation-id');
          if (id && !state.conversationId) dispatch({ type: 'session', conversationId: id });
        },
        onReconnecting: (info) => {
          dropped = info.error;
          if (abort.signal.aborted) return;
          tracker.reconnecting();
          dispatch({ type: 'connection', connection: 'reconnecting' }, true);
        },
        onComment: (comment) => {
          if (comment === 'live') liveSeen = true;
        },
        onOpen: (_response, info) => {
          if (abort.signal.aborted) return;
          replayActivity = true; // stay `replaying` for at least one frame
          liveSeen = false;
          dispatch({ type: 'connection', connection: info.resumed || request.resumed ? 'replaying' : 'open' }, true);
        },
      }, () => loadLazyProtocols().then((m) => m.LINE_FRAMING));
      for await (const message of connection) {
        if (abort.signal.aborted) break;
        if ((reset = isResetMessage(message))) break;
        if (message.id) lastEventId = message.id;
        const pushed = decoder.push(message);
        const events = pushed instanceof Promise ? await pushed : pushed;
        if (decoder.protocol !== 'auto') protocol = decoder.protocol;
        if (handle(events)) {
          ended = true;
          break;
        }
      }
      if (reset && !abort.signal.aborted) {
        return await recoverFromReset({
          resets: request.resets ?? 0,
          reloadHistory: () => reloadHistory(abort.signal),
          ended: () => !ACTIVE_PHASES.has(state.phase),
          resume: (from, resets) => readStream(abort, { url: resumeRoute?.(state.conversationId ?? '') ?? request.url, method: 'GET', lastEventId: from, resumed: true, resets }),
          fail: (event) => applyEvent(event, true),
        });
      }
      if (!ended && !abort.signal.aborted) {
        const rest = decoder.end();
        ended = handle(rest instanceof Promise ? await rest : rest);
      }
      if (ended || abort.signal.aborted) return;
      if (ACTIVE_PHASES.has(state.phase)) {
        applyEvent(
          {
            type: 'error',
            code: 'stream_ended',
            retryable: true,
            message: `The stream from ${request.url} ended before the response finished (no done, error or cancelled event). The partial answer is kept; retry to ask again.`,
          },
          request.resumed,
        );
        return;
      }
      // Nothing in flight (a 204 on resume, or a replay of events already applied).
      persistence.clear();
      dispatch({ type: 'connection', connection: 'closed' }, true);
    } catch (e) {
      if (abort.signal.aborted || isAbortError(e)) return;
      applyEvent(errorEvent(e), request.resumed);
    }
  };

  const begin = (body: (abort: AbortController) => Promise<void>): Promise<void> => {
    const abort = new AbortController();
    const current: Run = {
      abort,
      done: body(abort).finally(() => {
        if (run === current) run = null;
      }),
    };
    run = current;
    return current.done;
  };

  const abortRun = (): void => {
    run?.abort.abort();
    run = null;
  };

  const requestBody = (message: { id: string; text: string }, extra?: Record<string, unknown>) => {
    const base = typeof options.body === 'function' ? options.body() : (options.body ?? {});
    const body: Record<string, unknown> = { ...base, ...extra, message };
    if (options.clientTools?.length) body.clientTools = options.clientTools.map(({ name, description, parameters }) => ({ name, description, parameters }));
    if (state.conversationId) body.conversationId = state.conversationId;
    return body;
  };

  /** The remembered in-flight stream, unless it belongs to another conversation than the one configured. */
  const readPersisted = () => {
    const record = persistence.read();
    if (!record) return null;
    const wanted = options.conversationId ?? state.conversationId;
    return wanted && wanted !== record.conversationId ? null : record;
  };

  /** POSTs the cancel route (retried); a final failure becomes a non-fatal error part. */
  const cancelOnServer = async (url: string, messageId: string | null): Promise<void> => {
    try {
      await postCancel(options, url, state.streamId, options.cancelAttempts ?? 3, timers());
    } catch (e) {
      if (messageId !== state.activeMessageId) return; // a new prompt was sent meanwhile
      reduce({
        type: 'error',
        fatal: false,
        code: 'cancel_failed',
        retryable: true,
        message: `Stopped here, but the server could not be told to stop (${messageOf(e)}). It may still finish the answer; reload to see it.`,
      });
      commit(true);
      reportError(state.messages.find((m) => m.id === messageId)?.parts.at(-1) as ErrorPart);
    }
  };

  const controller: ChatController = {
    getState: () => state,
    getMetrics: () => tracker.snapshot(),

    async send(text, sendOptions?: SendOptions) {
      // The server answers 409 to a prompt while the conversation is still answering: the
      // new prompt shows at once, its request waits for the cancel of the previous one.
      const stopping = run || ACTIVE_PHASES.has(state.phase) ? controller.stop() : null;
      const id = options.generateId ?? (() => randomId('m'));
      const message = { id: id(), text };
      const assistantMessageId = id();
      const at = now();
      protocol = options.protocol ?? 'auto';
      reduce({ type: 'submit', userMessage: message, assistantMessageId, at });
      reduce({ type: 'connection', connection: 'connecting' });
      tracker.start(assistantMessageId, at, false);
      commit(true);
      const body = requestBody(message, sendOptions?.body);
      return begin(async (abort) => {
        if (stopping) await stopping;
        if (abort.signal.aborted) return;
        await readStream(abort, { url: routes.endpoint, method: 'POST', body, resumed: false });
      });
    },

    stop() {
      const wasActive = ACTIVE_PHASES.has(state.phase);
      const hadRun = run !== null;
      abortRun();
      if (!wasActive) {
        if (hadRun) dispatch({ type: 'connection', connection: 'closed' }, true);
        return Promise.resolve();
      }
      reduce({ type: 'stop', at: now() });
      finish('cancelled');
      const conversationId = state.conversationId;
      const cancel = route('cancel');
      if (!conversationId || !cancel) return Promise.resolve();
      return cancelOnServer(cancel(conversationId), state.activeMessageId);
    },

    async retry() {
      const lastUser = [...state.messages].reverse().find((m) => m.role === 'user');
      if (!lastUser) return;
      await controller.send(joinText(lastUser.parts));
    },

    async resume(resumeOptions?: ResumeOptions) {
      if (run) return false;
      const fromState = resumeOptions?.history === false;
      const persisted = fromState ? null : readPersisted();
      const conversationId = persisted?.conversationId ?? state.conversationId;
      protocol = options.protocol ?? 'auto';
      const resumeRoute = route('resume');
      if (!conversationId || !resumeRoute) return false;
      let resumed = false;
      await begin(async (abort) => {
        dispatch({ type: 'connection', connection: 'connecting' }, true);
        let from = persisted?.lastEventId ?? (state.lastSeq > 0 ? String(state.lastSeq) : '');
        const history = fromState ? null : route('history');
        if (history) {
          try {
            const h = await fetchHistory(options, history(conversationId), abort.signal);
            if (abort.signal.aborted) return;
            if (h) {
              reduce({
                type: 'hydrate',
                conversationId: h.conversationId || conversationId,
                messages: h.messages,
                lastSeq: h.lastSeq,
              });
              from = String(h.lastSeq);
            }
          } catch (e) {
            if (abort.signal.aborted || isAbortError(e)) return;
            persistence.clear();
            dispatch({ type: 'connection', connection: 'closed' });
            applyEvent(errorEvent(e), true);
            return;
          }
        }
        if (state.conversationId !== conversationId) reduce({ type: 'session', conversationId });
        const appliedBefore = appliedEvents;
        const url = resumeRoute(conversationId);
        const target = resumeOptions?.follow ? `${url}${url.includes('?') ? '&' : '?'}follow=1` : url;
        await readStream(abort, { url: target, method: 'GET', lastEventId: from, resumed: true });
        resumed = appliedEvents > appliedBefore;
      });
      return resumed;
    },

    decide(toolCallId, decision) {
      const conversationId = state.conversationId;
      if (!conversationId) {
        return Promise.reject(new Error(`decide("${toolCallId}"): this session has no conversation yet, so no tool call awaits approval in it.`));
      }
      // Loaded on the first decision: apps without approvals do not carry it.
      return import('./decideToolCall').then((m) => m.decideToolCall(options, conversationId, toolCallId, decision));
    },

    apply(events) {
      for (const event of events) applyEvent(event, false, true);
    },

    setConnection(connection) {
      dispatch({ type: 'connection', connection }, true);
    },

    adopt(snapshot: ChatSnapshot) {
      const wasActive = ACTIVE_PHASES.has(state.phase);
      // Messages equal to ours keep their identity, so only what changed re-renders.
      const mine = new Map(state.messages.map((m) => [m.id, m]));
      const messages = snapshot.messages.map((m) => {
        const old = mine.get(m.id);
        return old && JSON.stringify(old) === JSON.stringify(m) ? old : m;
      });
      state = { ...snapshot, messages, connection: state.connection };
      const active = ACTIVE_PHASES.has(state.phase);
      if (active && !tracker.running) tracker.start(state.activeMessageId ?? '', now(), true);
      if (wasActive && !active) {
        finish(state.phase === 'complete' ? 'complete' : state.phase === 'cancelled' ? 'cancelled' : 'error');
      } else commit(true);
    },

    observe(listener) {
      observers.add(listener);
      return () => {
        observers.delete(listener);
      };
    },

    attach() {},

    hasPersistedStream: () => readPersisted() !== null,

    reset(init) {
      abortRun();
      persistence.clear();
      reduce({
        type: 'reset',
        conversationId: init?.conversationId ?? null,
        messages: init?.messages ?? [],
      });
      commit(true);
    },

    setOptions(next) {
      options = { ...options, ...next };
    },

    dispose() {
      abortRun();
      scheduler.cancel();
    },
  };
  return controller;
}
