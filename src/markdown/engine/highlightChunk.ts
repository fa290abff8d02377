import { lazyChunk } from './lazyChunk';

/**
 * The highlighter (`highlight.ts`: the cache, the language table, shiki's loader), loaded
 * on demand by the first finished code block with a language, so none of it is in the
 * initial chunk. Internal.
 */
export const highlightChunk = lazyChunk('code highlighting chunk', () => import('./highlight'), 'Code stays plain.');
