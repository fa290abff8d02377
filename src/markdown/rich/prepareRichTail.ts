import type { PrepareTailOptions } from '../engine/prepareTail';
import { katexLoaded } from './renderMath';
import { maskMath, scanMath } from './scanMath';

const MATH_LINE = /^ {0,3}\$\$/;
const PARTIAL_REFERENCE = /\[\^[^\]\s]*\]?$/;

/**
 * `prepareTail` for a tail that may hold math: cuts at the first math opener not closed yet
 * (`$$`, `\[`, `\(`, an inline `$` that may still close) and, while KaTeX is not loaded, at
 * the first closed math too, and at a footnote reference still being written. Then `prepare` (chatwire's `prepareTail`): with remend's repair
 * on the cut text (remend leaves closed math alone); with hold-back on the text with the
 * math masked, so a `*` or `_` inside math is not taken for emphasis, cutting the real
 * text at the same offset (hold-back only ever keeps a prefix).
 *
 * @example prepareRichTail('so $$x = \\frac{1', { openFence: false }, prepareTail) // 'so'
 */
export function prepareRichTail(
  tail: string,
  options: PrepareTailOptions,
  prepare: (tail: string, options: PrepareTailOptions) => string,
): string {
  if (options.openFence) return prepare(tail, options);
  // A last line starting with `$$` may open a math block or be inline math: not known yet.
  const lastLine = tail.lastIndexOf('\n') + 1;
  if (MATH_LINE.test(tail.slice(lastLine))) tail = tail.slice(0, lastLine);
  const { spans, open } = scanMath(tail);
  let cut = open < 0 ? tail.length : open;
  if (!katexLoaded() && spans[0]) cut = Math.min(cut, spans[0][0]);
  // A footnote reference still being written (`[^1`, or `[^1]` that may become `[^1]:`).
  const reference = PARTIAL_REFERENCE.exec(tail.slice(0, cut));
  if (reference && spans.every(([, end]) => end <= reference.index)) cut = reference.index;
  const text = tail.slice(0, cut);
  if (options.repair) return prepare(text, options);
  return text.slice(0, prepare(maskMath(text, spans.filter(([, end]) => end <= cut)), options).length);
}
