import type { ChatEvent } from '../events';
import type { LazySessionKit } from './LazySessionKit';

/** Resets handled in a row before giving up (the log keeps moving past the client). */
export const MAX_RESETS = 3;

/** What {@link recoverFromReset} needs from the session controller. */
export interface ResetRecovery {
  /** Resets already handled in a row on this stream. */
  resets: number;
  /**
   * Fetches the history and applies it (hydrate). Resolves with its `lastSeq` and whether
   * the in-flight answer's start is gone too (`partial`: the resume shows it from part-way,
   * and the history has it whole once it ends), or `null` without a history route.
   */
  reloadHistory: () => Promise<{ lastSeq: number; partial: boolean } | null>;
  /** Whether the answer has ended (complete, cancelled or error). */
  ended: () => boolean;
  /** Reads the resume stream after `lastEventId` (a reset there comes back here with `resets`). */
  resume: (lastEventId: string, resets: number) => Promise<void>;
  /** Applies an error event that ends the response. */
  fail: (event: ChatEvent) => void;
}

/**
 * Answers a `reset`: reloads the history (completed messages, and where the in-flight
 * answer starts in the log), then resumes from there, so the client shows what the server
 * has, never a silent gap; when even the in-flight answer's start was gone, the history is
 * read once more after it ends, to show it whole. At most {@link MAX_RESETS} in a row, then an `events_trimmed`
 * error. Internal to the session controller; loaded on demand (`loadLazySession`).
 */
export async function recoverFromReset(kit: Pick<LazySessionKit, 'messageOf'>, recovery: ResetRecovery): Promise<void> {
  if (recovery.resets >= MAX_RESETS) {
    recovery.fail({
      type: 'error',
      code: 'events_trimmed',
      retryable: true,
      message: `The server dropped this conversation's events faster than they could be read (${MAX_RESETS} reloads in a row). Reload to see the answer.`,
    });
    return;
  }
  let reloaded: { lastSeq: number; partial: boolean } | null;
  try {
    reloaded = await recovery.reloadHistory();
  } catch (error) {
    recovery.fail({ type: 'error', code: 'events_trimmed', retryable: true, message: `The server no longer has some events of this answer, and reloading the history failed: ${kit.messageOf(error)}` });
    return;
  }
  if (reloaded === null) {
    recovery.fail({
      type: 'error',
      code: 'events_trimmed',
      retryable: true,
      message: 'The server no longer has some events of this answer and offers no history to reload them from. Reload to see the answer.',
    });
    return;
  }
  await recovery.resume(String(reloaded.lastSeq), recovery.resets + 1);
  // The answer was shown from part-way: once it has ended, the history has it whole.
  if (reloaded.partial && recovery.ended()) await recovery.reloadHistory().catch(() => null);
}
