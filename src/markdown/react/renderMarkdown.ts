'use client';
import type { ReactElement } from 'react';
import { rehypeStreamingTail } from '../engine/rehypeStreamingTail';
import { createMarkdownProcessor, type MarkdownProcessor } from '../engine/createMarkdownProcessor';
import { hastToReact, type HastToReactOptions } from './hastToReact';
import type { MarkdownBlockOptions } from './MarkdownBlock';

/** One processor per options object: plugins attach once, not once per parse. */
const processors = new WeakMap<MarkdownBlockOptions, MarkdownProcessor>();

/**
 * Renders one markdown block to React elements the way react-markdown 10 does (same
 * `components` map, `urlTransform` on URL attributes, raw HTML shown as text, keys and
 * `node` passed to components), with a processor reused across parses. The streaming tail
 * gets {@link rehypeStreamingTail} after the user's rehype plugins.
 *
 * @example renderMarkdown('Some **bold**', options, { cursor: true, openFence: false })
 */
export function renderMarkdown(
  source: string,
  options: MarkdownBlockOptions,
  tail: { cursor: boolean; openFence: boolean },
): ReactElement {
  let processor = processors.get(options);
  if (!processor) {
    processor = createMarkdownProcessor(options.remarkPlugins, options.rehypePlugins);
    processors.set(options, processor);
  }
  const tree = processor.run(source);
  if (tail.cursor || tail.openFence) rehypeStreamingTail(tail)(tree);
  return hastToReact(tree, options as HastToReactOptions);
}
