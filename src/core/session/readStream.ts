import { isAbortError } from '../errors';
import type { ChatEvent } from '../events';
import { applySessionEvent } from './applySessionEvent';
import type { Session } from './createSession';
import { errorEvent } from './errorEvent';
import { isResetMessage } from './isResetMessage';
import type { LazySession } from './lazySession';
import { loadLazySession } from './loadLazySession';
import { openStream, type OpenedStream, type StreamRequest } from './openStream';
import { ACTIVE_PHASES } from './phases';

/**
 * Reads one stream of the session to its end ({@link openStream}): decodes each message,
 * applies its events, and ends the response on a terminal event. A server `reset` hands
 * over to the recovery (history reload, then resume; loaded on demand); a stream that
 * ends while the generation is still active is a retryable `stream_ended` error; one that
 * carried nothing in flight (a 204 on resume, a replay of what was applied) closes the
 * connection. Never throws: failures become error events. Internal.
 */
export async function readStream(session: Session, abort: AbortController, request: StreamRequest): Promise<void> {
  const { signal } = abort;
  /** Applies events until one ends the response (or the read was aborted): then `true`. */
  const handle = (events: ChatEvent[]): boolean => {
    for (const event of events) {
      if (signal.aborted || applySessionEvent(session, event, request.resumed)) return true;
    }
    return false;
  };
  let ended = false;
  let reset = false;
  try {
    const stream = openStream(session, abort, request);
    for await (const message of stream.messages) {
      if (signal.aborted) break;
      if ((reset = isResetMessage(message))) break;
      if (message.id) session.lastEventId = message.id;
      const pushed = stream.decoder.push(message);
      const events = pushed instanceof Promise ? await pushed : pushed;
      if (stream.decoder.protocol !== 'auto') session.protocol = stream.decoder.protocol;
      if ((ended = handle(events))) break;
    }
    if (reset && !signal.aborted) return await recover(session, abort, request, stream);
    if (!ended && !signal.aborted) {
      const rest = stream.decoder.end();
      ended = handle(rest instanceof Promise ? await rest : rest);
    }
    if (ended || signal.aborted) return;
    if (ACTIVE_PHASES.has(session.state.phase)) {
      const message = `The stream from ${request.url} ended before the response finished (no done, error or cancelled event). The partial answer is kept; retry to ask again.`;
      applySessionEvent(session, { type: 'error', code: 'stream_ended', retryable: true, message }, request.resumed);
      return;
    }
    // Nothing in flight (a 204 on resume, or a replay of events already applied).
    session.persistence.clear();
    session.dispatch({ type: 'connection', connection: 'closed' }, true);
  } catch (e) {
    if (signal.aborted || isAbortError(e)) return;
    applySessionEvent(session, errorEvent(e), request.resumed);
  }
}

/** After a server `reset`: the recovery (`recoverStream`, loaded on demand) reloads the history and resumes with {@link readStream}. */
async function recover(session: Session, abort: AbortController, request: StreamRequest, stream: OpenedStream): Promise<void> {
  let lazy: LazySession;
  try {
    lazy = await loadLazySession();
  } catch (e) {
    if (!abort.signal.aborted) applySessionEvent(session, errorEvent(e), true);
    return;
  }
  await lazy.recoverStream(session, abort, request, stream.resumeRoute, readStream);
}
