/** Math found in a text: closed spans (`[start, end)`) and the first opener not closed yet. */
export interface MathScan {
  spans: Array<readonly [number, number]>;
  /** Offset of the first math opener without its closer, or -1. */
  open: number;
}

/** An inline `$` math opener further back than this from the end is released as text (currency, prose). */
export const MAX_PENDING_INLINE_MATH = 200;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const MATH_BLOCK = /^ {0,3}\$\$[^$\n]*\n?$/;
const MATH_BLOCK_END = /\n {0,3}\$\$+[ \t]*\n/g;
/** `$5 `, `$1,000.50 `: a price, released as text once its number ends (math starting with a bare number flashes: a documented trade-off). */
const CURRENCY = /^\$\d[\d.,]*\s/;

/**
 * Finds math the way the math syntax ({@link mathSyntax}) reads it, for the streaming
 * tail: `$$...$$` (also across lines), `$...$` (pandoc's rule, one line), `\(...\)` (one
 * line), `\[...\]`. Code spans, fenced code and escapes are skipped. An inline `$` whose
 * line ended without a closer is text; one still open at the end of the text is the
 * `open` opener unless it is more than {@link MAX_PENDING_INLINE_MATH} characters back or
 * reads as a price (`$5 `: a number and a space).
 *
 * @example scanMath('a $x$ and $$y') // { spans: [[2, 5]], open: 10 }
 */
export function scanMath(text: string): MathScan {
  const spans: Array<readonly [number, number]> = [];
  let index = 0;
  let lineStart = true;
  /** The offset of the last escaped character: a `$` after an escaped `$` may open math. */
  let escaped = -1;
  while (index < text.length) {
    if (lineStart) {
      const fence = FENCE.exec(text.slice(index, index + 64));
      if (fence) {
        const marker = fence[1] as string;
        const close = new RegExp(`\\n {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*(?:\\n|$)`, 'g');
        close.lastIndex = index;
        const found = close.exec(text);
        if (!found) return { spans, open: -1 };
        index = found.index + found[0].length;
        continue;
      }
      // A `$$` line opens a math block (rewriteRichSource), closed by a complete `$$` line.
      if (MATH_BLOCK.test(text.slice(index, text.indexOf('\n', index) + 1 || text.length))) {
        MATH_BLOCK_END.lastIndex = index;
        const found = MATH_BLOCK_END.exec(text);
        if (!found) return { spans, open: index };
        spans.push([index, found.index + found[0].length - 1]);
        index = found.index + found[0].length;
        continue;
      }
    }
    const char = text[index] as string;
    lineStart = char === '\n';
    if (char === '\\') {
      const next = text[index + 1];
      if (next === '(' || next === '[') {
        const end = bracketEnd(text, index + 2, next === '(' ? '\\)' : '\\]', next === '(');
        if (end < 0) return { spans, open: index };
        spans.push([index, end]);
        index = end;
      } else {
        escaped = index + 1;
        index += 2;
      }
    } else if (char === '`') {
      const size = runLength(text, index, '`');
      const close = text.indexOf('`'.repeat(size), index + size);
      index = close >= 0 && runLength(text, close, '`') === size ? close + size : index + size;
    } else if (char === '$') {
      const size = runLength(text, index, '$');
      if (size > 1) {
        const end = equalRun(text, index + size, size);
        if (end < 0) return { spans, open: index };
        spans.push([index, end]);
        index = end;
        continue;
      }
      const after = text[index + 1];
      if (after === undefined) return { spans, open: index };
      if (/\s/.test(after) || (text[index - 1] === '$' && escaped !== index - 1)) {
        index += 1;
        continue;
      }
      const end = dollarEnd(text, index + 1);
      if (end === -2) {
        if (text.length - index <= MAX_PENDING_INLINE_MATH && !CURRENCY.test(text.slice(index, index + 32))) return { spans, open: index };
        index += 1;
      } else if (end < 0) index += 1;
      else {
        spans.push([index, end]);
        index = end;
      }
    } else index += 1;
  }
  return { spans, open: -1 };
}

/** Text with every character inside a math span (not its delimiters, not newlines) replaced by `x`. */
export function maskMath(text: string, spans: MathScan['spans']): string {
  let masked = '';
  let from = 0;
  for (const [start, end] of spans) {
    const inner = text[start] === '$' ? runLength(text, start, '$') : 2;
    masked += text.slice(from, start + inner) + text.slice(start + inner, end - inner).replace(/[^\n]/g, 'x') + text.slice(end - inner, end);
    from = end;
  }
  return masked + text.slice(from);
}

function runLength(text: string, index: number, char: string): number {
  let end = index;
  while (text[end] === char) end += 1;
  return end - index;
}

/** After a `$$` run of `size`: the end of the next run of exactly `size`, or -1. */
function equalRun(text: string, from: number, size: number): number {
  let index = text.indexOf('$', from);
  while (index >= 0) {
    const run = runLength(text, index, '$');
    // A closing run at the very end may still grow (`$$` -> `$$$`): not closed yet.
    if (run === size && text[index - 1] !== '\\') return index + run === text.length ? -1 : index + run;
    index = text.indexOf('$', index + run);
  }
  return -1;
}

/** End of a `\(`/`\[` span whose content starts at `from`, or -1 when not closed yet (or, `oneLine`, its line ended). */
function bracketEnd(text: string, from: number, closer: string, oneLine: boolean): number {
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (oneLine && char === '\n') return -1;
    if (char === '\\') {
      if (text.startsWith(closer, index) && index > from) return index + 2;
      index += 1;
    }
  }
  return -1;
}

/** End of a single-`$` span whose content starts at `from`: -1 its line ended unclosed, -2 the text ended unclosed. */
function dollarEnd(text: string, from: number): number {
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\n') return -1;
    if (char === '\\') index += 1;
    else if (char === '$' && !/[\s$]/.test(text[index - 1] as string)) {
      const after = text[index + 1];
      if (after === undefined) return -2;
      if (after !== '$' && !/\d/.test(after)) return index + 1;
    }
  }
  return -2;
}
