/**
 * A store failure a subscriber or a route may tell the client as it is: `code` is
 * `store_unavailable` (the store is down, or lost data: its seq went backwards) or
 * `conversation_gone` (the conversation was evicted or expired while followed), and the
 * message is written for people, without driver internals.
 *
 * @example
 * ```ts
 * listener.onError?.(new StoreError('store_unavailable', 'Redis did not come back within 2000 ms.'));
 * ```
 */
export class StoreError extends Error {
  constructor(
    readonly code: 'store_unavailable' | 'conversation_gone',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
