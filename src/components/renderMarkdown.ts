'use client';
import type { Element, Root } from 'hast';
import { toJsxRuntime, type Components as JsxComponents } from 'hast-util-to-jsx-runtime';
import { urlAttributes } from 'html-url-attributes';
import type { ReactElement } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
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
  const { urlTransform } = options;
  visit(tree, (node, index, parent) => {
    if (node.type === 'raw' && parent && typeof index === 'number') {
      parent.children[index] = { type: 'text', value: node.value };
      return index;
    }
    if (node.type === 'element') transformUrls(node, urlTransform);
    return undefined;
  });
  return toJsxRuntime(tree, {
    Fragment,
    components: options.components as Partial<JsxComponents>,
    ignoreInvalidStyle: true,
    jsx,
    jsxs,
    passKeys: true,
    passNode: true,
  });
}

function transformUrls(node: Element, urlTransform: MarkdownBlockOptions['urlTransform']): void {
  for (const key in urlAttributes) {
    if (!Object.hasOwn(urlAttributes, key) || !Object.hasOwn(node.properties, key)) continue;
    const test = urlAttributes[key];
    if (test === null || test === undefined || test.includes(node.tagName)) {
      node.properties[key] = urlTransform(String(node.properties[key] || ''), key, node);
    }
  }
}
