/**
 * One dispatched Server-Sent Event, as the WHATWG HTML spec's event-stream interpretation
 * defines it.
 *
 * @example
 * ```ts
 * // id: 7\nevent: text-delta\ndata: {"delta":"Hi"}\n\n
 * const m: SSEMessage = { event: 'text-delta', data: '{"delta":"Hi"}', id: '7' };
 * ```
 */
export interface SSEMessage {
  /** The event name; `"message"` when the block had no (or an empty) `event` field. */
  event: string;
  /** The `data` lines of the block joined with `\n`. */
  data: string;
  /**
   * The spec's *last event ID* at dispatch: it persists across events until an `id`
   * field changes it (an empty `id` resets it to `""`).
   */
  id: string;
  /**
   * The reconnection time in ms, present when a valid `retry` field (ASCII digits only)
   * arrived since the previous dispatched message. Also reported through `onRetry`.
   */
  retry?: number;
}
