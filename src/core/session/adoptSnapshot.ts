import type { ChatSnapshot } from './ChatController';
import type { Session } from './createSession';
import { finishResponse, outcomeOf } from './finishResponse';
import { ACTIVE_PHASES } from './phases';
import type { ChatMessage } from './types';

/**
 * Takes another tab's conversation (`ChatController.adopt`), keeping this tab's
 * `connection`; messages equal to ours keep their identity, so only what changed
 * re-renders (in the tree and on the path, which share them). A generation this ends finishes here too; publishes at once. Internal.
 */
export function adoptSnapshot(session: Session, snapshot: ChatSnapshot): void {
  const { state, tracker } = session;
  const wasActive = ACTIVE_PHASES.has(state.phase);
  const mine = new Map(state.tree.map((m) => [m.id, m]));
  const kept = new Map<string, ChatMessage>();
  // A snapshot of a tab of an older version has no tree: its messages are the whole of it.
  const tree = (snapshot.tree ?? snapshot.messages).map((m) => {
    const old = mine.get(m.id);
    const same = old && JSON.stringify(old) === JSON.stringify(m) ? old : m;
    kept.set(m.id, same);
    return same;
  });
  const messages = snapshot.messages.map((m) => kept.get(m.id) ?? m);
  const next = (session.state = { ...snapshot, tree, selection: snapshot.selection ?? {}, messages, connection: state.connection });
  const active = ACTIVE_PHASES.has(next.phase);
  if (active && !tracker.running) tracker.start(next.activeMessageId ?? '', session.now(), true);
  if (wasActive && !active) finishResponse(session, outcomeOf(next.phase));
  else session.commit(true);
}
