import type { PrepareTailOptions } from '../engine/prepareTail';
import { katexLoaded } from './renderMath';
import { maskMath, scanMath } from './scanMath';

/**
 * `prepareTail` for a tail that may hold math: cuts at the first math opener not closed yet
 * (`$$`, `\[`, `\(`, an inline `$` that may still close) and, while KaTeX is not loaded, at
 * the first closed math too. Then `prepare` (chatwire's `prepareTail`): with remend's repair
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
  const { spans, open } = scanMath(tail);
  let cut = open < 0 ? tail.length : open;
  if (!katexLoaded() && spans[0]) cut = Math.min(cut, spans[0][0]);
  const text = tail.slice(0, cut);
  if (options.repair) return prepare(text, options);
  return text.slice(0, prepare(maskMath(text, spans.filter(([, end]) => end <= cut)), options).length);
}
