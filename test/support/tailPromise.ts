import fc from 'fast-check';
import { expect } from 'vitest';

/** The visible characters of rendered markdown, each with the inline elements around it. */
export type VisibleOf = (markdown: string) => string[];

/** Turns the text received so far into what the streaming tail shows. */
export type PrepareTail = (text: string) => string;

/**
 * The streaming tail's promise for one text: every prefix of `sample`, as `prepare` shows it,
 * renders as the start of the final render (no raw marker that later vanishes, no element
 * that changes). Fails naming the first prefix length (`end`) that breaks it.
 */
export function expectPrefixesRenderAsStart(sample: string, prepare: PrepareTail, visible: VisibleOf): void {
  const final = visible(sample);
  for (let end = 0; end <= sample.length; end += 1) {
    const shown = visible(prepare(sample.slice(0, end)));
    expect({ end, shown }).toEqual({ end, shown: final.slice(0, shown.length) });
  }
}

/** Options of {@link expectPromiseForGeneratedTexts}. */
export interface GeneratedTextsOptions {
  /** The pieces a generated text is made of (`w <up to 14 pieces> end`). */
  pieces: fc.Arbitrary<string>;
  /** Texts of a documented trade-off, left out. */
  traded: (text: string) => boolean;
  prepare: PrepareTail;
  visible: VisibleOf;
  numRuns: number;
  seed: number;
}

/** {@link expectPrefixesRenderAsStart} for generated texts (fast-check, a fixed seed). */
export function expectPromiseForGeneratedTexts({ pieces, traded, prepare, visible, numRuns, seed }: GeneratedTextsOptions): void {
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 14 }), (parts) => {
      const sample = `w ${parts.join('')} end`;
      if (traded(sample)) return;
      expectPrefixesRenderAsStart(sample, prepare, visible);
    }),
    { numRuns, seed },
  );
}
