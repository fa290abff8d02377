import { advanceBlockSplit, EMPTY_BLOCK_SPLIT, toBlockSplit } from './advanceBlockSplit';

/**
 * The result of {@link BlockSplitter.update}: the text cut into top-level markdown blocks.
 * `blocks.join('') + tail` is always the whole text.
 */
export interface BlockSplit {
  /**
   * Finished blocks, in order. Once a block is here its source never changes; the array is
   * only appended to while the text grows (it is a fresh copy per update).
   */
  blocks: readonly string[];
  /** The live block still being written (may be empty). */
  tail: string;
  /** Offset of `tail` in the text. */
  tailStart: number;
  /** The tail ends inside an open fenced code block (its closing fence has not arrived). */
  openFence: boolean;
}

/** Splits a growing markdown text into finished blocks and a live tail, incrementally. */
export interface BlockSplitter {
  /**
   * Feeds the whole text so far. When the text extends the previous one (the usual case
   * while streaming) only the new lines are scanned; any other text is split from scratch.
   */
  update(text: string): BlockSplit;
  /** Forgets everything; the next update splits from scratch. */
  reset(): void;
}

/**
 * Creates a {@link BlockSplitter}.
 *
 * The rule: a block ends at a blank line outside a fenced code block, and is known to be
 * finished when the next non-blank line starts and does not continue it. A list or an
 * indented code block continues after blank lines when the next line is indented or (for a
 * list) may be another item, so a loose list stays one block. A fenced code block that
 * opens a block is finished as soon as its closing fence line ends. HTML blocks of
 * CommonMark kinds 1-5 (`<pre>`, `<!-- -->`...) keep their blank lines. Blank lines belong
 * to the block before them. See docs/rendering.md.
 *
 * @example
 * ```ts
 * const splitter = createBlockSplitter();
 * splitter.update('# Title\n\nHello wor'); // { blocks: ['# Title\n\n'], tail: 'Hello wor', ... }
 * ```
 */
export function createBlockSplitter(): BlockSplitter {
  let state = EMPTY_BLOCK_SPLIT;
  return {
    update(text) {
      state = advanceBlockSplit(state, text);
      return toBlockSplit(state);
    },
    reset() {
      state = EMPTY_BLOCK_SPLIT;
    },
  };
}
