import type { Nodes, Parent, PhrasingContent, Root, Text } from 'mdast';
import type { Citation } from '../../core/events';
import type { CitationPattern } from './CitationPattern';
import { matchCitation } from './matchCitation';

/** Options of {@link remarkCitations}. */
export interface RemarkCitationsOptions {
  patterns: readonly CitationPattern[];
  citations: readonly Citation[];
}

/** The hast element a citation marker becomes; `components['cw-citation']` renders it. */
export const CITATION_ELEMENT = 'cw-citation';

const BRACKET = /\[[^[\]\n]{1,200}\]/g;
const SKIP: ReadonlySet<string> = new Set(['link', 'linkReference', 'inlineCode', 'code', 'html']);

/**
 * A remark plugin that turns citation markers in text (`[3]`, `[12:45, Sarah Johnson]`)
 * into `cw-citation` elements carrying the citation as JSON in `data-citation` and the
 * pattern name in `data-kind`. Text inside links and code is left alone.
 *
 * @example unified().use(remarkParse).use(remarkCitations, { patterns, citations })
 */
export function remarkCitations(options: RemarkCitationsOptions) {
  return (tree: Root): void => {
    visit(tree, options);
  };
}

function visit(node: Nodes, options: RemarkCitationsOptions): void {
  if (!('children' in node) || SKIP.has(node.type)) return;
  const parent = node as Parent;
  const next: Parent['children'] = [];
  let changed = false;
  for (const child of parent.children) {
    if (child.type === 'text') {
      const parts = splitText(child, options);
      if (parts) {
        next.push(...parts);
        changed = true;
        continue;
      }
    } else {
      visit(child, options);
    }
    next.push(child);
  }
  if (changed) parent.children = next;
}

function splitText(node: Text, { patterns, citations }: RemarkCitationsOptions): PhrasingContent[] | null {
  const value = node.value;
  let out: PhrasingContent[] | null = null;
  let last = 0;
  for (const found of value.matchAll(BRACKET)) {
    const marker = found[0];
    const match = matchCitation(marker, patterns, citations);
    if (!match) continue;
    out ??= [];
    const index = found.index;
    if (index > last) out.push({ type: 'text', value: value.slice(last, index) });
    out.push({
      type: 'citation',
      data: {
        hName: CITATION_ELEMENT,
        hProperties: { dataCitation: JSON.stringify(match.citation), dataKind: match.kind },
        hChildren: [{ type: 'text', value: marker }],
      },
    } as unknown as PhrasingContent);
    last = index + marker.length;
  }
  if (!out) return null;
  if (last < value.length) out.push({ type: 'text', value: value.slice(last) });
  return out;
}
