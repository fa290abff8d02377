import type { ResponseMetrics, ResponseOutcome } from './ChatMetrics';
import type { Session } from './createSession';

/**
 * Ends the current response: clears the persisted stream, closes the connection, publishes
 * at once and calls `onMetrics` (when a response was tracked) and `onFinish` with the
 * message as it ended; when the metrics' code is still loading (a response that ended
 * within the first milliseconds of the page's first stream), the two wait for it. Internal.
 */
export function finishResponse(session: Session, outcome: Exclude<ResponseOutcome, 'streaming'>): void {
  session.persistence.clear();
  session.reduce({ type: 'connection', connection: 'closed' });
  const figures = session.tracker.finish(outcome, session.now());
  session.commit(true);
  const { options, state } = session;
  const message = state.messages.find((m) => m.id === state.activeMessageId);
  const report = (metrics: ResponseMetrics | null): void => {
    if (metrics) options.onMetrics?.(metrics, session.tracker.snapshot());
    options.onFinish?.(message, { outcome, metrics });
  };
  if (figures instanceof Promise) void figures.then(report);
  else report(figures);
}

/** The outcome of a response that ended in `phase`. Internal. */
export function outcomeOf(phase: string): Exclude<ResponseOutcome, 'streaming'> {
  return phase === 'complete' ? 'complete' : phase === 'cancelled' ? 'cancelled' : 'error';
}
