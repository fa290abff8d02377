import type { ChatController } from '../session/ChatController';
import type { ChatPhase } from '../session/types';

/**
 * A tab that took over from a leader that left picks up its stream: when it had the old
 * leader's conversation (`wasSynced`) or shows an answer under way, it resumes after its own
 * `lastSeq` (`resume({ history: false })`, or with the history when it has applied nothing),
 * so nothing is lost or shown twice. Also when it looks idle: the old leader may have sent a
 * prompt whose snapshot is still on its way (the server answers 204 when nothing is in
 * flight). When the resume cannot pick the answer up (no resume route: another wire format,
 * `resumeEndpoint: null`), the answer ends in a retryable `stream_lost` error, partial text
 * kept. `isActive` is the session's rule of which phases are under way. Returns the resume,
 * or `null` when there is nothing to pick up.
 *
 * @example
 * ```ts
 * const resumed = resumeAfterTakeover(controller, wasSynced, () => disposed, isActivePhase);
 * ```
 */
export function resumeAfterTakeover(
  controller: ChatController,
  wasSynced: boolean,
  disposed: () => boolean,
  isActive: (phase: ChatPhase) => boolean,
): Promise<boolean> | null {
  const state = controller.getState();
  if (!wasSynced && !isActive(state.phase)) return null;
  const resumed = controller.resume(state.lastSeq > 0 ? { history: false } : undefined);
  const messageId = state.activeMessageId;
  void resumed.then((ok) => {
    const now = controller.getState();
    if (ok || disposed() || !isActive(now.phase) || now.activeMessageId !== messageId) return;
    controller.apply([
      {
        type: 'error',
        code: 'stream_lost',
        retryable: true,
        message: `The tab that was streaming this answer closed, and this tab could not resume the stream (no resume route for this conversation). The partial answer is kept; retry to ask again.`,
      },
    ]);
  });
  return resumed;
}
