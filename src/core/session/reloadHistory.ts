import type { Session } from './createSession';
import { fetchHistory } from './fetchHistory';
import type { LazySessionKit } from './LazySessionKit';

/**
 * After a `reset`: fetches the conversation's history and applies it (hydrate, published at
 * once). Resolves with its `lastSeq` and whether the in-flight answer's start is gone too
 * (`partial`), or `null` without a conversation id, history or resume route, or when the
 * server has no history route (404). Rejects when the request fails. Internal; loaded on
 * demand (`loadLazySession`).
 */
export async function reloadHistory(kit: LazySessionKit, session: Session, signal: AbortSignal): Promise<{ lastSeq: number; partial: boolean } | null> {
  const id = session.state.conversationId;
  const history = session.route('history');
  if (!id || !history || !session.route('resume')) return null;
  const h = await fetchHistory(kit, session.options, history(id), signal);
  if (!h) return null;
  session.dispatch({ type: 'hydrate', conversationId: h.conversationId || id, messages: h.messages, selection: h.selection, lastSeq: h.lastSeq }, true);
  return { lastSeq: h.lastSeq, partial: h.activeStream !== null && h.lastSeq >= h.activeStream.startSeq };
}
