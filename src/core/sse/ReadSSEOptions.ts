/** Options of {@link readSSE}. */
export interface ReadSSEOptions {
  /**
   * Largest pending event (characters buffered for one unfinished line plus the data of
   * the unfinished event). Past it, iteration throws a `ChatwireError` with code
   * `event_too_large`; memory stays bounded by this limit plus one network chunk.
   * @defaultValue 1048576 (1 MiB)
   */
  maxEventSize?: number;
  /**
   * The last event ID before the first byte (e.g. the one a resume request sent), so
   * messages without an `id` field carry it.
   * @defaultValue `""`
   */
  lastEventId?: string;
  /** Called for every comment line (`: ping`), without the colon and one leading space. */
  onComment?: (comment: string) => void;
  /** Called for every valid `retry` field (all ASCII digits), even in a block with no data. */
  onRetry?: (retryMs: number) => void;
  /** Called for every network chunk received (liveness: any byte counts), with its size. */
  onChunk?: (byteLength: number) => void;
  /**
   * Aborting cancels the body's reader and ends the iteration quietly (no error).
   */
  signal?: AbortSignal;
}
