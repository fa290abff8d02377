import type { BatchSplitter } from './readBatches';
import type { SSEMessage } from './SSEMessage';

/** What reading a body in line framing needs beyond the SSE path. Internal. */
export interface LineFraming {
  /**
   * A splitter of decoded text into lines (without line ends, empty ones skipped), handed
   * to `sink`; `tooLarge` makes the error thrown for a line longer than `limit`.
   */
  split(limit: number, sink: (line: string) => void, tooLarge: () => Error): BatchSplitter;
  /** The default `isTerminal` of line framing. */
  isTerminal(message: SSEMessage): boolean;
}
