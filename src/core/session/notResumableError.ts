import type { ChatwireError } from '../errors';
import type { LazySessionKit } from './LazySessionKit';

/**
 * The `not_resumable` error of a stream that dropped before the server named its
 * conversation (no `session` event, no `X-Chatwire-Conversation-Id` header), so there is
 * nothing to resume: `answered` tells whether the server answered at all (else it could not
 * be reached, and a server on another origin may lack CORS), `dropped` why the connection
 * failed. In the lazy session chunk: asked for only after a reconnect's wait. Internal.
 */
export function notResumableError(kit: LazySessionKit, answered: boolean, dropped: unknown): ChatwireError {
  return new kit.ChatwireError(
    answered
      ? `The stream dropped (${kit.messageOf(dropped)}) before the server named the conversation (received no session event or X-Chatwire-Conversation-Id header), so it cannot be resumed. Send the prompt again.`
      : `Could not reach the server: ${kit.messageOf(dropped)} A server on another origin must also allow this page's origin (CORS).`,
    { code: 'not_resumable', retryable: false },
  );
}
