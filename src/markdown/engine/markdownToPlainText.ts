import type { ElementContent, Root } from 'hast';
import { createMarkdownProcessor, type MarkdownProcessor } from './createMarkdownProcessor';
import { remarkGfmParse } from './remarkGfmParse';

/** Elements whose text stands on its own line when read out. */
const BLOCK = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'pre', 'blockquote', 'tr', 'hr', 'table', 'ul', 'ol', 'div']);
/** Table cells: read one after another on their row's line. */
const CELL = new Set(['td', 'th']);

let processor: MarkdownProcessor | undefined;

/**
 * The text a reader hears for a markdown answer: parsed as `StreamingMarkdown` parses it (GFM
 * tables, lists, code), without any markup (`#`, `|`, `**`, backticks, link targets), one line
 * per block, table cells separated by commas, an image by its alt text. Used by the
 * screen-reader announcement of a finished answer.
 *
 * @example markdownToPlainText('## Plan\n\n| who | when |\n|---|---|\n| Sarah | 9:00 |') // 'Plan\nwho, when\nSarah, 9:00'
 */
export function markdownToPlainText(markdown: string): string {
  processor ??= createMarkdownProcessor([remarkGfmParse], []);
  const lines: string[] = [];
  let line = '';
  const breakLine = (): void => {
    const text = line.replace(/\s+/g, ' ').trim();
    if (text !== '') lines.push(text);
    line = '';
  };
  const visit = (nodes: Root['children'] | ElementContent[]): void => {
    for (const node of nodes) {
      if (node.type === 'text') line += node.value;
      else if (node.type === 'element') {
        const tag = node.tagName;
        if (tag === 'br') {
          breakLine();
        } else if (tag === 'img') {
          const alt = node.properties.alt;
          if (typeof alt === 'string' && alt !== '') line += ` ${alt} `;
        } else if (CELL.has(tag)) {
          if (line.trim() !== '') line = `${line.trimEnd()}, `;
          visit(node.children);
        } else if (BLOCK.has(tag)) {
          breakLine();
          visit(node.children);
          breakLine();
        } else {
          visit(node.children);
        }
      }
    }
  };
  visit(processor.run(markdown).children);
  breakLine();
  return lines.join('\n');
}
