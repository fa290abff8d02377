import type { Session } from './createSession';
import type { ErrorPart } from './types';

/**
 * A stop the server could not be told about: a non-fatal `cancel_failed` error part with
 * `message` on the stopped message (published at once, and given to `onError`), unless a
 * new prompt was sent meanwhile. Internal.
 */
export function reportCancelFailure(session: Session, messageId: string | null, message: string): void {
  if (messageId !== session.state.activeMessageId) return; // a new prompt was sent meanwhile
  session.reduce({ type: 'error', fatal: false, code: 'cancel_failed', retryable: true, message });
  session.commit(true);
  const part = session.state.messages.find((m) => m.id === messageId)?.parts.at(-1) as ErrorPart | undefined;
  if (part) session.options.onError?.(part);
}
