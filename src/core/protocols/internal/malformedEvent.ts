import type { ErrorEvent } from '../../events';

const EXCERPT_LENGTH = 120;

/** At most 120 characters of `text`, with an ellipsis when cut. */
export function excerpt(text: string): string {
  return text.length <= EXCERPT_LENGTH ? text : `${text.slice(0, EXCERPT_LENGTH - 1)}…`;
}

/**
 * The non-fatal `error` event for one event that could not be decoded: names the protocol,
 * the event type and a short excerpt of what came, so the stream can go on.
 */
export function malformedEvent(protocol: string, eventType: string, data: string, problem = 'is not valid JSON'): ErrorEvent {
  return {
    type: 'error',
    code: 'malformed_event',
    fatal: false,
    retryable: false,
    message: `${protocol}: the data of a "${eventType}" event ${problem}; received ${JSON.stringify(excerpt(data))}. The event was skipped; check that the server writes this wire format.`,
  };
}
