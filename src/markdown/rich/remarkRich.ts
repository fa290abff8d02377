import type { Nodes, Parent, PhrasingContent, Root } from 'mdast';
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import type { Extension } from 'micromark-util-types';
import { MATH_FENCE } from './rewriteRichSource';
import { mathFromMarkdown, mathSyntax } from './mathSyntax';

/** The hast elements math and footnote references become; the rich chunk's components render them. */
export const MATH_ELEMENT = 'cw-math';
export const FOOTNOTE_REF_ELEMENT = 'cw-fnref';

const REFERENCE = /\[\^([^\]\s]+)\]/g;
const SKIP: ReadonlySet<string> = new Set(['link', 'linkReference', 'inlineCode', 'code', 'html', 'inlineMath']);

interface ParserData {
  micromarkExtensions?: Extension[];
  fromMarkdownExtensions?: FromMarkdownExtension[];
}

/**
 * The rich chunk's remark plugin: math in text ({@link mathSyntax}) and `$$` blocks (a
 * fence after {@link rewriteRichSource}) become `cw-math` elements (`data-tex`;
 * `data-display="block"` for `$$` and `\[`; `data-flow` for a block of its own); footnote
 * references (`[^1]`) become `cw-fnref` elements whether or not their definition is in the
 * same block (it usually comes later; definitions are read from the whole text).
 */
export function remarkRich(this: { data(): unknown }) {
  const data = this.data() as ParserData;
  (data.micromarkExtensions ??= []).push(mathSyntax());
  (data.fromMarkdownExtensions ??= []).push(mathFromMarkdown());
  return (tree: Root): void => {
    visit(tree);
  };
}

function math(tex: string, display: boolean, flow: boolean) {
  return {
    hName: MATH_ELEMENT,
    hProperties: { dataTex: tex, dataDisplay: display ? 'block' : 'inline', dataFlow: flow ? 'true' : undefined },
    hChildren: [{ type: 'text' as const, value: tex }],
  };
}

function visit(node: Nodes): void {
  if (node.type === 'inlineMath') {
    node.data = math(node.value, node.data?.display === true, false);
    return;
  }
  if (!('children' in node) || SKIP.has(node.type)) return;
  const parent = node as Parent;
  const next: Parent['children'] = [];
  for (const child of parent.children) {
    if (child.type === 'text' && child.value.includes('[^')) next.push(...references(child.value));
    else if (child.type === 'code' && child.lang === MATH_FENCE) {
      next.push({ type: 'cwMath', value: child.value, data: math(child.value, true, true), position: child.position } as never);
    } else {
      visit(child);
      next.push(child);
    }
  }
  parent.children = next;
}

function references(value: string): PhrasingContent[] {
  const parts: PhrasingContent[] = [];
  let from = 0;
  for (const found of value.matchAll(REFERENCE)) {
    if (found.index > from) parts.push({ type: 'text', value: value.slice(from, found.index) });
    const label = found[1] as string;
    parts.push({
      type: 'text',
      value: label,
      data: { hName: FOOTNOTE_REF_ELEMENT, hProperties: { dataLabel: label.toLowerCase() }, hChildren: [{ type: 'text', value: label }] },
    });
    from = found.index + found[0].length;
  }
  if (from < value.length) parts.push({ type: 'text', value: value.slice(from) });
  return parts;
}
