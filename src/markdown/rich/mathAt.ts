import { scanMath } from './scanMath';

/** Offset of the first math (closed or still open) the rich syntax reads in `text`, or -1: KaTeX is needed from there. */
export function mathAt(text: string): number {
  if (!text.includes('$') && !text.includes('\\(') && !text.includes('\\[')) return -1;
  const { spans, open } = scanMath(text);
  return spans[0]?.[0] ?? open;
}
