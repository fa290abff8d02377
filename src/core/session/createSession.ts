import type { ChatInput } from './ChatAction';
import type { ChatMetrics } from './ChatMetrics';
import type { ChatOptions, ChatRoute } from './ChatOptions';
import { chatReducer } from './chatReducer';
import { initialChatState, type ChatState } from './ChatState';
import { createFrameScheduler, type FrameScheduler } from './createFrameScheduler';
import { createLazyMetrics, type LazyMetrics } from './createLazyMetrics';
import { createReplayTracker, type ReplayTracker } from './createReplayTracker';
import { createStreamPersistence, type StreamPersistence } from './createStreamPersistence';
import type { ClientToolRunner } from './createClientToolRunner';
import { loadedLazySession, loadLazySession } from './loadLazySession';
import { ACTIVE_PHASES } from './phases';
import { resolveChatRoutes, type ChatRoutes } from './resolveChatRoutes';

/** A stream being read (or a resume loading its history), and how to abort it. */
export interface Run {
  abort: AbortController;
  done: Promise<void>;
}

/**
 * What the session controller's units share (createChatController composes them): the
 * reducer's state and the inputs that change it, frame-coalesced publishing, the routes
 * and the current stream's position. Fields are read at use time (`options` is replaced by
 * `setOptions`). Internal.
 */
export interface Session {
  options: ChatOptions;
  state: ChatState;
  /** The current stream's wire format: the option, or `auto` until the decoder picked one. */
  protocol: string;
  /** The current stream's last SSE id (persisted for a resume after a reload). */
  lastEventId: string;
  /** The stream this controller is reading, if any. */
  run: Run | null;
  /** Events that changed the state so far (tells a resume that replayed something from a 204). */
  appliedEvents: number;
  readonly routes: ChatRoutes;
  /** The response metrics; their code loads with the first response (lazy session chunk). */
  readonly tracker: LazyMetrics;
  readonly persistence: StreamPersistence;
  readonly replay: ReplayTracker;
  readonly scheduler: FrameScheduler;
  /** The clock stamped on events (`options.now`). */
  now(): number;
  /** A route, when this stream's protocol may use it (derived routes are chatwire only). */
  route(which: 'resume' | 'cancel' | 'history'): ChatRoute;
  /** Applies a local input and tells the observers (multi-tab sync mirrors them). */
  reduce(input: ChatInput): void;
  /** Publishes at once (`true`), or on the next frame. */
  commit(now: boolean): void;
  /** {@link reduce}, then {@link commit}. */
  dispatch(input: ChatInput, now?: boolean): void;
  /** Adds an observer; returns its removal. */
  observe(listener: (input: ChatInput) => void): () => void;
  /** Aborts the stream being read, if any, and forgets it. */
  abortRun(): void;
  /** The runner of `options.clientTools`, created on first use (in the lazy session chunk). */
  tools(): Promise<ClientToolRunner>;
}

/**
 * Creates the {@link Session} of one controller: the state starts from `conversationId`
 * and `initialMessages`; `publish` gets the state and metrics at most once per frame
 * while streaming (at once on `commit(true)`). While this controller's own stream replays,
 * each frame asks the replay tracker whether to go `open`; while a generation is active
 * the stream's position is persisted with each publish; while its stream is live, the
 * page's tools (`clientTools`, in the lazy session chunk) see each published state. Internal.
 */
export function createSession(options: ChatOptions, publish: (state: ChatState, metrics: ChatMetrics) => void): Session {
  const routes = resolveChatRoutes(options);
  const observers = new Set<(input: ChatInput) => void>();
  const scheduler = options.scheduler ?? createFrameScheduler();
  let clientTools: Promise<ClientToolRunner> | undefined;

  const publishNow = (): void => {
    // Only this controller's own replay ends here (a `setConnection` one is ended by its owner).
    if (session.run && session.state.connection === 'replaying') {
      if (session.replay.over()) session.reduce({ type: 'connection', connection: 'open' });
      else scheduler.schedule(publishNow);
    }
    const { state } = session;
    if (session.run && state.conversationId && ACTIVE_PHASES.has(state.phase)) {
      session.persistence.write({ conversationId: state.conversationId, streamId: state.streamId, lastEventId: session.lastEventId });
    }
    // The page's tools run in the tab that reads the live stream (never during a replay).
    if (session.run && state.connection === 'open' && session.options.clientTools?.length) {
      void session.tools().then((r) => r.check(state));
    }
    publish(state, session.tracker.snapshot());
  };

  const session: Session = {
    options: { ...options },
    state: chatReducer(initialChatState, { type: 'reset', conversationId: options.conversationId ?? null, messages: options.initialMessages ?? [] }),
    protocol: options.protocol ?? 'auto',
    lastEventId: '',
    run: null,
    appliedEvents: 0,
    routes,
    // Loaded figures are published at once (a response may have ended while they loaded).
    tracker: createLazyMetrics(
      () => loadedLazySession()?.createMetricsTracker ?? loadLazySession().then((lazy) => lazy.createMetricsTracker),
      () => session.commit(true),
    ),
    persistence: createStreamPersistence(options.storage, options.storageKey ?? `chatwire:stream:${routes.endpoint}`),
    replay: createReplayTracker(),
    scheduler,
    now: () => (session.options.now ?? Date.now)(),
    route(which) {
      const r = routes[which];
      if (!r.derived) return r.route;
      return session.protocol === 'chatwire' || session.protocol === 'auto' ? r.route : null;
    },
    reduce(input) {
      const before = session.state;
      session.state = chatReducer(before, input);
      if (session.state !== before) for (const listener of observers) listener(input);
    },
    commit(now) {
      if (now) {
        scheduler.cancel();
        publishNow();
      } else scheduler.schedule(publishNow);
    },
    dispatch(input, now = false) {
      session.reduce(input);
      session.commit(now);
    },
    observe(listener) {
      observers.add(listener);
      return () => {
        observers.delete(listener);
      };
    },
    tools: () => (clientTools ??= loadLazySession().then((lazy) => lazy.createClientToolRunner(() => session.options, routes.endpoint))),
    abortRun() {
      session.run?.abort.abort();
      session.run = null;
    },
  };
  return session;
}
