import type { Citation } from '../../core/events';

/**
 * A kind of inline citation marker, such as `[3]` or `[12:45, Sarah Johnson]`.
 *
 * @example
 * ```ts
 * const page: CitationPattern = {
 *   name: 'page',
 *   pattern: /^\[p\. ?(\d+)\]$/,
 *   resolve: (match) => ({ id: `p${match[1]}`, title: `Page ${match[1]}` }),
 * };
 * ```
 */
export interface CitationPattern {
  /** A name for debugging and `data-kind` on the badge, e.g. `numeric`. */
  name: string;
  /** Tested against one whole bracketed marker, brackets included (anchor it with `^...$`). */
  pattern: RegExp;
  /**
   * Turns a match into the citation to show, or `null` when the marker is not a citation
   * after all (a numeric marker with no such source).
   */
  resolve(match: RegExpExecArray, citations: readonly Citation[]): Citation | null;
}
