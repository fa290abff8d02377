import { isTerminalLine } from './isTerminalLine';
import { LineSplitter } from './LineSplitter';
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

/**
 * Line framing (the Vercel AI SDK data stream) for `connectSSE`: the `LineSplitter` of
 * `readLines` and {@link isTerminalLine}. Imports nothing the SSE path uses, so the session
 * controller can take it from the lazily loaded protocol chunk (the only one that needs it)
 * without making bundlers split shared modules out of the initial chunk; `openSSE` imports
 * only the type. Internal.
 */
export const LINE_FRAMING: LineFraming = {
  split: (limit, sink, tooLarge) => new LineSplitter(limit, sink, tooLarge),
  isTerminal: isTerminalLine,
};
