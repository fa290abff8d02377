// Public exports of the React-free markdown engine (re-exported by chatwire/core).
export { createBlockSplitter } from './createBlockSplitter';
export type { BlockSplit, BlockSplitter } from './createBlockSplitter';
export { createWordBuffer } from './createWordBuffer';
export type { WordBuffer, WordBufferOptions } from './createWordBuffer';
export { createCitationBuffer } from './createCitationBuffer';
export type { CitationBuffer, CitationBufferOptions } from './createCitationBuffer';
export type { CitationPattern } from './CitationPattern';
export {
  defaultCitationPatterns,
  numericCitationPattern,
  timestampCitationPattern,
} from './defaultCitationPatterns';
export { matchCitation } from './matchCitation';
export type { CitationMatch } from './matchCitation';
export { remarkCitations, CITATION_ELEMENT } from './remarkCitations';
export type { RemarkCitationsOptions } from './remarkCitations';
export { rehypeStreamingTail, CURSOR_ELEMENT } from './rehypeStreamingTail';
export type { RehypeStreamingTailOptions } from './rehypeStreamingTail';
export { prepareTail } from './prepareTail';
export type { PrepareTailOptions, TailRepair } from './prepareTail';
export { holdBackInline } from './holdBackInline';
export { loadTailRepair } from './loadTailRepair';
export { sanitizeUrl, DEFAULT_ALLOWED_PROTOCOLS } from './sanitizeUrl';
