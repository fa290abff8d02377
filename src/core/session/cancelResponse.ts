import { messageOf } from '../messageOf';
import { GLOBAL_TIMERS } from '../Timers';
import type { Session } from './createSession';
import { finishResponse } from './finishResponse';
import { loadLazySession } from './loadLazySession';
import { ACTIVE_PHASES } from './phases';
import { reportCancelFailure } from './reportCancelFailure';

/**
 * The stop flow: aborts the local read at once; an active response ends `cancelled` (its
 * partial answer kept) and, when the conversation is known and has a cancel route, the
 * server is told to stop (`cancelOnServer`, loaded on demand, retried; a final failure is
 * a non-fatal `cancel_failed` error part, also when its code could not be loaded).
 * Resolves when the server answered or the failure was reported. Internal.
 */
export function cancelResponse(session: Session): Promise<void> {
  const wasActive = ACTIVE_PHASES.has(session.state.phase);
  const hadRun = session.run !== null;
  session.abortRun();
  if (!wasActive) {
    if (hadRun) session.dispatch({ type: 'connection', connection: 'closed' }, true);
    return Promise.resolve();
  }
  session.reduce({ type: 'stop', at: session.now() });
  finishResponse(session, 'cancelled');
  const { conversationId, activeMessageId: messageId, streamId } = session.state;
  const cancel = session.route('cancel');
  if (!conversationId || !cancel) return Promise.resolve();
  // Read now: a prompt sent while the chunk loads changes the state.
  const request = {
    url: cancel(conversationId),
    messageId,
    streamId,
    attempts: session.options.cancelAttempts ?? 3,
    timers: session.options.transport?.timers ?? GLOBAL_TIMERS,
  };
  return loadLazySession().then(
    (lazy) => lazy.cancelOnServer(session, request),
    (e: unknown) => reportCancelFailure(session, messageId, messageOf(e)),
  );
}
