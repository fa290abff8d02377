import type { ConnectSSEOptions } from './ConnectSSEOptions';
import { ChatwireError } from '../errors';
import { messageOf } from '../messageOf';
import { LINE_FRAMING } from './LineFraming';
import { openSSE } from './openSSE';
import type { SSEMessage } from './SSEMessage';
import { createTransportRare, type TransportRare } from './transportRare';

/** The iterable {@link connectSSE} returns. */
export interface SSEConnection extends AsyncIterableIterator<SSEMessage> {
  /** The last event ID of the newest message delivered (what a reconnect sends). */
  readonly lastEventId: string;
  /** Ends the stream quietly, as aborting `signal` does. */
  close(): void;
  /** What `break` in `for await` calls: closes the connection. */
  return(): Promise<IteratorResult<SSEMessage>>;
}

/**
 * Opens a Server-Sent Events stream over fetch and keeps it alive: reconnects with
 * backoff to the resume target with `Last-Event-ID`, detects dead connections (idle
 * timeout) and early closes (the body ended before a terminal message), and validates
 * responses. A POST is never re-sent; reconnection goes to `resumeUrl`. Aborting
 * `signal` (or `close()`) ends the iteration quietly at any moment.
 *
 * Errors (`ChatwireError`): `http_error`, `bad_content_type`, `event_too_large`,
 * `network_error` (no resume target), `idle_timeout` (no resume target),
 * `reconnect_exhausted`.
 *
 * @example
 * ```ts
 * const stream = connectSSE({
 *   url: '/api/chat', method: 'POST', body: { message },
 *   resumeUrl: (id) => `/api/chat/${conversationId}/stream`,
 *   headers: async () => ({ authorization: `Bearer ${await token()}` }),
 * });
 * for await (const m of stream) apply(m);
 * save(stream.lastEventId);
 * ```
 */
export function connectSSE(options: ConnectSSEOptions): SSEConnection {
  let rare: TransportRare | undefined;
  return openSSE(options, { lines: () => LINE_FRAMING, rare: () => (rare ??= createTransportRare({ ChatwireError, messageOf })) });
}
