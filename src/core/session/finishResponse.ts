import type { ResponseOutcome } from './ChatMetrics';
import type { Session } from './createSession';

/**
 * Ends the current response: clears the persisted stream, closes the connection, publishes
 * at once and calls `onMetrics` (when a response was tracked) and `onFinish`. Internal.
 */
export function finishResponse(session: Session, outcome: Exclude<ResponseOutcome, 'streaming'>): void {
  session.persistence.clear();
  session.reduce({ type: 'connection', connection: 'closed' });
  const metrics = session.tracker.finish(outcome, session.now());
  session.commit(true);
  const { options, state } = session;
  if (metrics) options.onMetrics?.(metrics, session.tracker.snapshot());
  options.onFinish?.(
    state.messages.find((m) => m.id === state.activeMessageId),
    { outcome, metrics },
  );
}

/** The outcome of a response that ended in `phase`. Internal. */
export function outcomeOf(phase: string): Exclude<ResponseOutcome, 'streaming'> {
  return phase === 'complete' ? 'complete' : phase === 'cancelled' ? 'cancelled' : 'error';
}
