import type { StreamingMarkdownComponents } from '../markdown/react/StreamingMarkdown';
import type { ChatComponents, ChatPartComponents } from './types';

/** Parts rendered outside `StreamingMarkdown`; every other key of the map goes to it. */
const CHAT_PART_NAMES: ReadonlySet<string> = new Set<keyof ChatPartComponents>([
  'Message',
  'MessageList',
  'ToolCallCard',
  'StatusLine',
  'Reasoning',
  'ErrorNotice',
  'Composer',
  'toolRenderers',
]);

/**
 * The part of a {@link ChatComponents} map that `StreamingMarkdown` takes: markdown element
 * overrides (`a`, `table`...) and `CodeBlock`, `CitationBadge`, `Cursor`; `undefined` when
 * there are none.
 *
 * @example markdownComponents({ ToolCallCard: Card, a: Link }) // { a: Link }
 */
export function markdownComponents(components: ChatComponents): StreamingMarkdownComponents | undefined {
  let found: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(components)) {
    if (CHAT_PART_NAMES.has(key) || value === undefined) continue;
    found ??= {};
    found[key] = value;
  }
  return found as StreamingMarkdownComponents | undefined;
}
