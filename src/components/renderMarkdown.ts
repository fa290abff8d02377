'use client';
import type { Root } from 'hast';
import type { ReactElement } from 'react';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { hastToReact, type HastToReactOptions } from './hastToReact';
import { rehypeStreamingTail } from '../core/render/rehypeStreamingTail';
import type { MarkdownBlockOptions } from './MarkdownBlock';

/** One frozen processor per options object: plugins attach once, not once per parse. */
function createProcessor(options: MarkdownBlockOptions) {
  return unified()
    .use(remarkParse)
    .use(options.remarkPlugins)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(options.rehypePlugins)
    .freeze();
}

const processors = new WeakMap<MarkdownBlockOptions, ReturnType<typeof createProcessor>>();

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
    processor = createProcessor(options);
    processors.set(options, processor);
  }
  const file = new VFile(source);
  const tree = processor.runSync(processor.parse(file), file) as Root;
  if (tail.cursor || tail.openFence) rehypeStreamingTail(tail)(tree);
  return hastToReact(tree, options as HastToReactOptions);
}
