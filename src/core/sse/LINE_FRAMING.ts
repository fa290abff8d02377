import { isTerminalLine } from './isTerminalLine';
import type { LineFraming } from './LineFraming';
import { LineSplitter } from './LineSplitter';

/**
 * Line framing (the Vercel AI SDK data stream) for `connectSSE`: the `LineSplitter` of
 * `readLines` and {@link isTerminalLine}. Imports nothing the SSE path uses, so the session
 * controller can take it from the lazily loaded protocol chunk (the only one that needs it)
 * without making bundlers split shared modules out of the initial chunk. Internal.
 */
export const LINE_FRAMING: LineFraming = {
  split: (limit, sink, tooLarge) => new LineSplitter(limit, sink, tooLarge),
  isTerminal: isTerminalLine,
};
