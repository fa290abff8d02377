'use client';
import { memo } from 'react';
import type { Components, PluggableList, UrlTransform } from './markdownTypes';
import { MAX_MARKDOWN_BLOCK_CHARS, OversizedBlock } from './OversizedBlock';
import { renderMarkdown } from './renderMarkdown';

/** Everything a block needs besides its source; one stable object per `StreamingMarkdown`. */
export interface MarkdownBlockOptions {
  components: Components;
  remarkPlugins: PluggableList;
  rehypePlugins: PluggableList;
  urlTransform: UrlTransform;
}

/** Props of {@link MarkdownBlock}. */
export interface MarkdownBlockProps {
  /** The markdown of one top-level block. */
  source: string;
  options: MarkdownBlockOptions;
  /** Show the cursor at the end of this block (the live tail). */
  cursor: boolean;
  /** This block ends inside an open code fence. */
  openFence: boolean;
}

/**
 * One top-level markdown block, parsed and rendered as react-markdown would (see
 * {@link renderMarkdown}). Memoized: a finished block whose source and options did not
 * change is never parsed again. A block over `MAX_MARKDOWN_BLOCK_CHARS` is shown by
 * {@link OversizedBlock} without parsing.
 */
export const MarkdownBlock = memo(function MarkdownBlock({ source, options, cursor, openFence }: MarkdownBlockProps) {
  if (source.length > MAX_MARKDOWN_BLOCK_CHARS) return <OversizedBlock source={source} cursor={cursor} openFence={openFence} />;
  return renderMarkdown(source, options, { cursor, openFence });
});
