import type { ComponentType, ReactNode } from 'react';
import type { Pluggable } from './markdownTypes';
import type { PrepareTailOptions } from '../engine/prepareTail';
import type { MarkdownLabels } from './markdownLabels';

/** Props of the rich chunk's root, which renders the blocks of a `StreamingMarkdown` once the chunk is loaded. */
export interface RichRootProps {
  /** The finished blocks. */
  blocks: readonly string[];
  /** The live tail, prepared (or the last block of a finished text). */
  tail: string;
  /** Renders blocks and the live tail (with the cursor) as `StreamingMarkdown` does. */
  render: (blocks: readonly string[], tail: string) => ReactNode;
  /** Renders one finished block of markdown (a footnote's text). */
  block: (source: string, key: string) => ReactNode;
  /** chatwire's `prepareTail` (hold-back for a block cut while KaTeX loads). */
  prepare: (tail: string, options: PrepareTailOptions) => string;
  /** The words in effect (the footnotes heading, the back-links' names). */
  labels: MarkdownLabels;
}

/**
 * What the rich markdown chunk adds to `StreamingMarkdown` once loaded (internal): math
 * and footnote syntax, their renderers, the math-aware tail hold-back, and the root that
 * renders the blocks with the footnotes section.
 */
export interface RichMarkdown {
  remarkPlugin: Pluggable;
  components: Record<string, ComponentType<never>>;
  prepareTail(tail: string, options: PrepareTailOptions, prepare: RichRootProps['prepare']): string;
  Root: ComponentType<RichRootProps>;
}
