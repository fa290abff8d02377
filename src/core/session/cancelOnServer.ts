import type { Timers } from '../Timers';
import type { Session } from './createSession';
import type { LazySessionKit } from './LazySessionKit';
import { postCancel } from './postCancel';

/** What {@link cancelOnServer} sends: read when `stop` was called (a prompt sent while the chunk loads changes the state). */
export interface CancelRequest {
  url: string;
  /** The stopped message: a failure is reported on it. */
  messageId: string | null;
  streamId: string | null;
  attempts: number;
  timers: Timers;
}

/**
 * POSTs the cancel route (`postCancel`: retried with backoff on `timers`); a final failure
 * becomes a non-fatal `cancel_failed` error part (`reportCancelFailure`). Never rejects.
 * Internal; in the lazy session chunk.
 */
export async function cancelOnServer(kit: LazySessionKit, session: Session, request: CancelRequest): Promise<void> {
  try {
    await postCancel(kit, session.options, request.url, request.streamId, request.attempts, request.timers);
  } catch (e) {
    kit.reportCancelFailure(
      session,
      request.messageId,
      `Stopped here, but the server could not be told to stop (${kit.messageOf(e)}). It may still finish the answer; reload to see it.`,
    );
  }
}
