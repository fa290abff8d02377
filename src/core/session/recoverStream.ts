import type { Session } from './createSession';
import type { LazySessionKit } from './LazySessionKit';
import type { readStream } from './readStream';
import type { StreamRequest } from './openStream';
import type { ChatRoute } from './ChatOptions';
import { recoverFromReset } from './recoverFromReset';
import { reloadHistory } from './reloadHistory';

/**
 * Answers a server `reset` on the stream `request` read ({@link recoverFromReset}): reloads
 * the history into the session, then reads the resume route (from `resumeRoute`, the one
 * the stream opened with) with `read`, the initial chunk's `readStream`; the recovery's
 * final error is applied as a resumed event. Internal; in the lazy session chunk.
 */
export function recoverStream(
  kit: LazySessionKit,
  session: Session,
  abort: AbortController,
  request: StreamRequest,
  resumeRoute: ChatRoute,
  read: typeof readStream,
): Promise<void> {
  return recoverFromReset(kit, {
    resets: request.resets ?? 0,
    reloadHistory: () => reloadHistory(kit, session, abort.signal),
    ended: () => !kit.ACTIVE_PHASES.has(session.state.phase),
    resume: (from, resets) =>
      read(session, abort, {
        url: resumeRoute?.(session.state.conversationId ?? '') ?? request.url,
        method: 'GET',
        lastEventId: from,
        resumed: true,
        resets,
      }),
    fail: (event) => {
      kit.applySessionEvent(session, event, true);
    },
  });
}
