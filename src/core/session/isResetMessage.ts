import type { SSEMessage } from '../sse/SSEMessage';

/**
 * Whether `message` is the server's `reset`: the events after the client's position are
 * no longer in the conversation's log (trimmed, or expired), so replaying on from there
 * would skip them. Not part of the log (no seq): the client reloads the history instead
 * (`recoverFromReset`, loaded on demand). Internal.
 */
export function isResetMessage(message: SSEMessage): boolean {
  return message.event === 'reset';
}
