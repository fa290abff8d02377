import { lazyChunk } from '../engine/lazyChunk';
import type { RichMarkdown } from './RichMarkdown';

/**
 * The rich markdown chunk (math and footnotes; KaTeX is a chunk of its own that it loads
 * when a text has math), loaded once per page the first time a text has a
 * {@link RICH_MARKER}. Internal.
 */
export const richMarkdownChunk = lazyChunk<RichMarkdown>(
  'math and footnotes chunk',
  () => import('../rich/richMarkdown').then((chunk) => chunk.rich),
  'Math and footnotes show as written.',
);
