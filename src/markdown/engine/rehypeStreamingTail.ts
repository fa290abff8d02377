import type { Element, ElementContent, Root, RootContent } from 'hast';

/** Options of {@link rehypeStreamingTail}. */
export interface RehypeStreamingTailOptions {
  /** Put a `cw-cursor` element at the end of the text. */
  cursor: boolean;
  /** The last code block's fence is still open: mark its `pre` with `data-streaming`. */
  openFence: boolean;
}

/** The hast element the cursor becomes; `components['cw-cursor']` renders it. */
export const CURSOR_ELEMENT = 'cw-cursor';

const VOID: ReadonlySet<string> = new Set(['br', 'hr', 'img', 'input', 'wbr', 'cw-math', 'cw-fnref']);

/**
 * A rehype plugin for the live tail block: finds the last element that holds text (the
 * last paragraph, list item, cell...) and appends the cursor inside it, so the cursor
 * sits at the end of the last line rather than on a line of its own. A `pre` is not
 * entered: it gets `data-cursor` (and `data-streaming` for an open fence) for the code
 * block to render.
 *
 * @example unified().use(remarkRehype).use(rehypeStreamingTail, { cursor: true, openFence: false })
 */
export function rehypeStreamingTail(options: RehypeStreamingTailOptions) {
  return (tree: Root): void => {
    let container: Root | Element = tree;
    for (;;) {
      const last = lastMeaningful(container.children);
      if (!last || last.type !== 'element' || VOID.has(last.tagName)) break;
      container = last;
      if (last.tagName === 'pre') break;
    }
    if (container.type === 'element' && container.tagName === 'pre') {
      if (options.openFence) container.properties.dataStreaming = 'true';
      if (options.cursor) container.properties.dataCursor = 'true';
      return;
    }
    if (!options.cursor) return;
    const cursor: Element = { type: 'element', tagName: CURSOR_ELEMENT, properties: {}, children: [] };
    (container.children as Array<RootContent | ElementContent>).push(cursor);
  };
}

function lastMeaningful(children: ReadonlyArray<RootContent | ElementContent>): RootContent | undefined {
  for (let index = children.length - 1; index >= 0; index -= 1) {
    const child = children[index];
    if (!child) continue;
    if (child.type === 'text' && child.value.trim() === '') continue;
    if (child.type === 'comment' || child.type === 'doctype') continue;
    return child;
  }
  return undefined;
}
