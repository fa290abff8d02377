import type { SSEConnection } from '../sse/connectSSE';
import { isTerminalMessage } from '../sse/isTerminalMessage';
import { openSSE } from '../sse/openSSE';
import type { SSEMessage } from '../sse/SSEMessage';
import type { ChatRoute } from './ChatOptions';
import type { Session } from './createSession';
import type { LazySession } from './lazySession';
import { createSessionDecoder, loadLazyProtocols, type SessionDecoder } from './createSessionDecoder';
import { loadedLazySession, loadLazySession } from './loadLazySession';

/** One stream to read: the prompt's POST, or a resume's GET after `lastEventId`. */
export interface StreamRequest {
  url: string;
  method: 'GET' | 'POST';
  body?: unknown;
  lastEventId?: string;
  /** A resume (its events count as resumed in the metrics, its opening replays). */
  resumed: boolean;
  /** Server resets handled in a row before this stream (see recoverFromReset). */
  resets?: number;
}

/** A stream opened by {@link openStream}. */
export interface OpenedStream {
  messages: SSEConnection;
  /** Decodes the messages: chosen by the option, else by the first response's headers. */
  decoder: SessionDecoder;
  /** The resume route when the stream opened (before its protocol was detected). */
  resumeRoute: ChatRoute;
}

/** A chatwire `error` event with `fatal: false` does not end the stream. */
function isTerminal(message: SSEMessage): boolean {
  if (message.event === 'error' && /"fatal"\s*:\s*false/.test(message.data)) return false;
  return isTerminalMessage(message);
}

/**
 * Opens one stream of the session on the SSE transport (reconnecting with `Last-Event-ID`
 * to the resume route), and ties the transport's news to the session: the server's
 * conversation id header, `reconnecting`, `replaying`/`open` on each opening, the `: live`
 * marker. Resets the session's protocol and stream position for this stream. Starts loading
 * the transport's rare paths (`loadLazySession`). Internal.
 */
export function openStream(session: Session, abort: AbortController, request: StreamRequest): OpenedStream {
  const { options } = session;
  const { signal } = abort;
  const explicit = options.protocol && options.protocol !== 'auto' ? options.protocol : undefined;
  const lines = options.protocol === 'ai-sdk-data';
  // Why the connection last failed, and whether the server ever answered: for the error
  // when a stream cannot be resumed.
  let dropped: unknown;
  let answered = false;
  // Protocols other than chatwire load on demand: `push` returns a promise only then.
  const decoder = createSessionDecoder(options.protocol ?? 'auto');
  session.protocol = explicit ?? 'auto';
  session.lastEventId = request.lastEventId ?? '';
  const resumeRoute = session.route('resume');
  const resumeUrl = (): string => {
    const id = session.state.conversationId;
    const route = session.route('resume');
    if (id && route) return route(id);
    // Asked for only after a reconnect's wait, which came from the lazy session chunk: loaded.
    throw (loadedLazySession() as LazySession).notResumableError(answered, dropped);
  };
  // The transport's rare paths (reconnect, HTTP errors) start loading with the stream, so they
  // are there before a drop, while the network still works; a chunk that fails to load fails
  // the stream (session_load_failed) only if one of them is needed and it fails again.
  loadLazySession().catch(() => undefined);
  const stream: OpenedStream = { decoder, resumeRoute, messages: undefined as unknown as SSEConnection };
  stream.messages = openSSE(
    {
      // maxRetries, backoff, idleTimeoutMs, timers, random: the transport's own options.
      ...options.transport,
      url: request.url,
      method: request.method,
      body: request.body,
      headers: () => {
        const { headers } = session.options;
        return typeof headers === 'function' ? headers() : (headers ?? {});
      },
      credentials: options.credentials,
      fetch: (input, init) => (session.options.fetch ?? globalThis.fetch)(input, init),
      resumeUrl: resumeRoute ? resumeUrl : undefined,
      lastEventId: request.lastEventId ?? '',
      framing: lines ? 'lines' : 'sse',
      isTerminal: lines ? undefined : isTerminal,
      signal,
      onResponse: (response, info) => {
        answered = true;
        if (!response.ok || signal.aborted) return;
        if (info.attempt === 0 && !info.resumed && !explicit) stream.decoder = createSessionDecoder('auto', response.headers);
        const id = response.headers.get('x-chatwire-conversation-id');
        if (id && !session.state.conversationId) session.dispatch({ type: 'session', conversationId: id });
      },
      onReconnecting: (info) => {
        dropped = info.error;
        if (signal.aborted) return;
        session.tracker.reconnecting();
        session.dispatch({ type: 'connection', connection: 'reconnecting' }, true);
      },
      onComment: (comment) => {
        if (comment === 'live') session.replay.live();
      },
      onOpen: (_response, info) => {
        if (signal.aborted) return;
        session.replay.opened(); // stay `replaying` for at least one frame
        session.dispatch({ type: 'connection', connection: info.resumed || request.resumed ? 'replaying' : 'open' }, true);
      },
    },
    { lines: () => loadLazyProtocols().then((m) => m.LINE_FRAMING), rare: () => loadLazySession().then((lazy) => lazy.transport) },
  );
  return stream;
}
