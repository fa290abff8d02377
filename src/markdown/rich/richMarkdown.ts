'use client';
import type { RichMarkdown } from '../react/RichMarkdown';
import { FootnoteRef } from './FootnoteRef';
import { MathElement } from './MathElement';
import { prepareRichTail } from './prepareRichTail';
import { FOOTNOTE_REF_ELEMENT, MATH_ELEMENT, remarkRich } from './remarkRich';
import { RichRoot } from './RichRoot';

/**
 * The rich markdown chunk, loaded by `loadRichMarkdown`: math and footnote syntax,
 * their renderers, the math-aware tail and the root with the footnotes section. KaTeX is a
 * chunk of its own, loaded by the root when a text has math.
 */
export const rich: RichMarkdown = {
  remarkPlugin: remarkRich,
  components: { [MATH_ELEMENT]: MathElement, [FOOTNOTE_REF_ELEMENT]: FootnoteRef } as RichMarkdown['components'],
  prepareTail: prepareRichTail,
  Root: RichRoot,
};
