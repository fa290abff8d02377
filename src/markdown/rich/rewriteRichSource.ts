/** The info string of the fence a `$$` block is rewritten to; the rich remark plugin renders it as math. */
export const MATH_FENCE = 'cw-math';

/** A markdown text with footnote definitions taken out and `$$` blocks turned into math fences. */
export interface RichSource {
  /** The text to parse. */
  source: string;
  /** Footnote definitions in order: label (lower case) and markdown text. */
  definitions: Array<readonly [string, string]>;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const MATH_OPEN = /^ {0,3}\$\$[^$]*$/;
const MATH_CLOSE = /^ {0,3}\$\$+[ \t]*$/;
const DEFINITION = /^ {0,3}\[\^([^\]\s]+)\]:[ \t]?(.*)$/;
const BLANK = /^[ \t]*$/;
const cache = new Map<string, RichSource>();

/**
 * Prepares a block (or a whole text) for the rich parse, line by line, outside fenced
 * code: a footnote definition (a line starting with `[^label]:`, and the non-blank lines
 * after it up to a blank line or the next definition) is taken out and returned, so the
 * footnotes section can render it whichever block it came in; a `$$` line opens a math
 * block up to a `$$` line (blank lines inside allowed, as in remark-math), rewritten to a
 * `~~~~cw-math` fence so CommonMark's fence rules carry it. Cached per text (500).
 *
 * @example rewriteRichSource('A[^1].\n[^1]: Note.').definitions // [['1', 'Note.']]
 */
export function rewriteRichSource(text: string): RichSource {
  if (!text.includes('$$') && !text.includes('[^')) return { source: text, definitions: [] };
  const hit = cache.get(text);
  if (hit) return hit;
  const out: string[] = [];
  const definitions: Array<readonly [string, string]> = [];
  let fence: string | null = null;
  let math = false;
  let definition: { label: string; lines: string[] } | null = null;
  const endDefinition = (): void => {
    if (definition) definitions.push([definition.label, definition.lines.join('\n').trim()]);
    definition = null;
  };
  for (const line of text.split('\n')) {
    if (math) {
      if (MATH_CLOSE.test(line)) {
        math = false;
        out.push('~~~~');
      } else out.push(line);
      continue;
    }
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && BLANK.test(line.slice(line.indexOf(marker) + marker.length))) fence = null;
      out.push(line);
      continue;
    }
    const found = DEFINITION.exec(line);
    if (found) {
      endDefinition();
      definition = { label: (found[1] as string).toLowerCase(), lines: [found[2] ?? ''] };
      continue;
    }
    if (definition && !BLANK.test(line)) {
      definition.lines.push(line);
      continue;
    }
    endDefinition();
    if (marker) fence = marker;
    else if (MATH_OPEN.test(line)) {
      math = true;
      out.push(`~~~~${MATH_FENCE}`);
      continue;
    }
    out.push(line);
  }
  endDefinition();
  const result = { source: out.join('\n'), definitions };
  cache.set(text, result);
  if (cache.size > 500) cache.delete(cache.keys().next().value as string);
  return result;
}
