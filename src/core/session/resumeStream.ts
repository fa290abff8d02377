import type { ChatRoute } from './ChatOptions';
import type { Session } from './createSession';
import { fetchHistory } from './fetchHistory';
import type { LazySessionKit } from './LazySessionKit';
import type { readStream } from './readStream';

/** Where {@link resumeStream} picks the conversation up. */
export interface ResumeTarget {
  conversationId: string;
  /** The resume route's URL for the conversation. */
  url: string;
  /** Resume after this SSE id unless the history gives its `lastSeq`. */
  lastEventId: string;
  /** The history route, or `null` to resume straight after `lastEventId`. */
  history: ChatRoute;
}

/**
 * The resume's requests: GETs the history and hydrates the messages with it (not published
 * yet: the replay publishes), then reads the resume route with `read` (the initial chunk's
 * `readStream`) after the history's `lastSeq`, or after `lastEventId` without a history
 * route (`null`, or a 404). A failed history request ends in `kit.failResume`. Resolves
 * `true` when the resume applied events. Internal; in the lazy session chunk.
 */
export async function resumeStream(
  kit: LazySessionKit,
  session: Session,
  abort: AbortController,
  target: ResumeTarget,
  read: typeof readStream,
): Promise<boolean> {
  const { conversationId, history } = target;
  let from = target.lastEventId;
  if (history) {
    try {
      const h = await fetchHistory(kit, session.options, history(conversationId), abort.signal);
      if (abort.signal.aborted) return false;
      if (h) {
        session.reduce({ type: 'hydrate', conversationId: h.conversationId || conversationId, messages: h.messages, selection: h.selection, lastSeq: h.lastSeq });
        from = String(h.lastSeq);
      }
    } catch (e) {
      return kit.failResume(session, abort, e);
    }
  }
  if (session.state.conversationId !== conversationId) session.reduce({ type: 'session', conversationId });
  const appliedBefore = session.appliedEvents;
  await read(session, abort, { url: target.url, method: 'GET', lastEventId: from, resumed: true });
  return session.appliedEvents > appliedBefore;
}
