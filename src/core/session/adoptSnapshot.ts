import type { ChatSnapshot } from './ChatController';
import type { Session } from './createSession';
import { finishResponse, outcomeOf } from './finishResponse';
import { ACTIVE_PHASES } from './phases';

/**
 * Takes another tab's conversation (`ChatController.adopt`), keeping this tab's
 * `connection`; messages equal to ours keep their identity, so only what changed
 * re-renders. A generation this ends finishes here too; publishes at once. Internal.
 */
export function adoptSnapshot(session: Session, snapshot: ChatSnapshot): void {
  const { state, tracker } = session;
  const wasActive = ACTIVE_PHASES.has(state.phase);
  const mine = new Map(state.messages.map((m) => [m.id, m]));
  const messages = snapshot.messages.map((m) => {
    const old = mine.get(m.id);
    return old && JSON.stringify(old) === JSON.stringify(m) ? old : m;
  });
  const next = (session.state = { ...snapshot, messages, connection: state.connection });
  const active = ACTIVE_PHASES.has(next.phase);
  if (active && !tracker.running) tracker.start(next.activeMessageId ?? '', session.now(), true);
  if (wasActive && !active) finishResponse(session, outcomeOf(next.phase));
  else session.commit(true);
}
