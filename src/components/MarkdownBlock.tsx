'use client';
import { memo, useMemo } from 'react';
import Markdown, { type Components, type Options, type UrlTransform } from 'react-markdown';
import { rehypeStreamingTail } from '../core/render/rehypeStreamingTail';

/** A list of remark or rehype plugins, as react-markdown takes them. */
export type PluggableList = NonNullable<Options['remarkPlugins']>;

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
 * One top-level markdown block, parsed and rendered by react-markdown. Memoized: a
 * finished block whose source and options did not change is never parsed again.
 */
export const MarkdownBlock = memo(function MarkdownBlock({ source, options, cursor, openFence }: MarkdownBlockProps) {
  const rehypePlugins = useMemo<PluggableList>(
    () =>
      cursor || openFence
        ? [...options.rehypePlugins, [rehypeStreamingTail, { cursor, openFence }]]
        : options.rehypePlugins,
    [options.rehypePlugins, cursor, openFence],
  );
  return (
    <Markdown
      components={options.components}
      remarkPlugins={options.remarkPlugins}
      rehypePlugins={rehypePlugins}
      urlTransform={options.urlTransform}
    >
      {source}
    </Markdown>
  );
});
