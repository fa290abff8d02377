import type { Citation } from '../../core/events';
import type { CitationPattern } from './CitationPattern';

/** A marker that resolved to a citation. */
export interface CitationMatch {
  citation: Citation;
  /** The name of the pattern that matched. */
  kind: string;
}

/**
 * The citation a bracketed marker stands for, or `null`.
 *
 * @example matchCitation('[3]', defaultCitationPatterns, [{ id: '3', title: 'Q3 report' }])
 */
export function matchCitation(
  marker: string,
  patterns: readonly CitationPattern[],
  citations: readonly Citation[],
): CitationMatch | null {
  for (const { name, pattern, resolve } of patterns) {
    pattern.lastIndex = 0;
    const match = pattern.exec(marker);
    if (!match) continue;
    const citation = resolve(match, citations);
    if (citation) return { citation, kind: name };
  }
  return null;
}
