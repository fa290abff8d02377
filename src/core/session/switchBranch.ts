import { siblingsOf } from './branchOf';
import type { Session } from './createSession';
import { loadLazySession } from './loadLazySession';
import { ACTIVE_PHASES } from './phases';

/**
 * The branch switch (`ChatController.switchBranch`): shows the sibling at `index` of the
 * message `messageId` with its whole continuation at once (a local `branch` event, published
 * now), then records it on the server (`postBranch`, loaded on demand), which writes the
 * `branch` event every tab and device applies. Nothing while an answer is being written,
 * for an unknown id or an index out of range. Internal.
 */
export function switchBranch(session: Session, messageId: string, index: number): void {
  const { state } = session;
  const place = siblingsOf(state.tree, messageId);
  const target = place?.siblings[index];
  if (!place || target === undefined || ACTIVE_PHASES.has(state.phase)) return;
  const previous = place.siblings.find((id) => state.messages.some((m) => m.id === id)) ?? target;
  session.dispatch({ type: 'branch', messageId: target }, true);
  const route = session.route('branch');
  if (session.state === state || !state.conversationId || !route) return;
  const url = route(state.conversationId);
  void loadLazySession().then(
    (lazy) => lazy.postBranch(session, url, target, previous),
    () => session.dispatch({ type: 'branch', messageId: previous }, true),
  );
}
