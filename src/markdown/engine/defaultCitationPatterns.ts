import type { CitationPattern } from './CitationPattern';

/** `[12:45, Sarah Johnson]`: a transcript timestamp and a speaker. Matches a known source when one has the same timestamp and speaker. */
export const timestampCitationPattern: CitationPattern = {
  name: 'timestamp',
  pattern: /^\[(\d{1,2}:\d{2}(?::\d{2})?),[ \t]*([^\]\n,][^\]\n]{0,47})\]$/,
  resolve(match, citations) {
    const timestamp = match[1] ?? '';
    const speaker = (match[2] ?? '').trim();
    const known = citations.find((c) => c.timestamp === timestamp && c.speaker === speaker);
    return known ?? { id: `${timestamp}, ${speaker}`, timestamp, speaker };
  },
};

/** `[3]`: refers to source `3` of the `citations` list; without such a source it stays text. */
export const numericCitationPattern: CitationPattern = {
  name: 'numeric',
  pattern: /^\[(\d{1,4})\]$/,
  resolve(match, citations) {
    return citations.find((c) => c.id === match[1]) ?? null;
  },
};

/** The patterns used when `citationPatterns` is not given: timestamp-and-speaker, then numeric. */
export const defaultCitationPatterns: readonly CitationPattern[] = [
  timestampCitationPattern,
  numericCitationPattern,
];
