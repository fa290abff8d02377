import { isChatwireError } from '../errors';
import type { ChatEvent } from '../events';
import { messageOf } from '../messageOf';

/**
 * The `error` event a thrown value ends a response with: a `ChatwireError`'s code (or
 * `http_<status>`), status and retryability; anything else is a `client_error`. Internal.
 */
export function errorEvent(e: unknown): ChatEvent {
  const event: ChatEvent = { type: 'error', message: messageOf(e) };
  if (isChatwireError(e)) {
    event.code = e.status === undefined ? e.code : `http_${e.status}`;
    if (e.status !== undefined) event.status = e.status;
    if (e.retryable !== undefined) event.retryable = e.retryable;
  } else {
    event.code = 'client_error';
  }
  return event;
}
