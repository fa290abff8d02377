import { type DelimiterRun, resolveDelimiters } from './resolveDelimiters';

const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const WORD = /[\p{L}\p{N}]/u;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const NEW_BLOCK = /^ {0,3}(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|^ {0,3}(?:>[ \t]?)*[ \t]*#{1,6}(?:[ \t]|$)/;
const HEADING = /^ {0,3}(?:>[ \t]?)*[ \t]*#{1,6}(?:[ \t]|$)/;
const BLANK = /^[ \t>]*$/;
const QUOTE = /^ {0,3}>/;
const TABLE_ROW = /^ {0,3}\|/;
const SETEXT_UNDERLINE = /^ {0,3}(?:-+|=+)[ \t]*$/;
const URL_START = /^(?:https?:\/\/|www\.)/i;
const TAG_START = /[A-Za-z/!?]/;
const URL_TRAILING = /[?!.,:;*_~'"]/;

/** micromark's character groups: 1 whitespace (and the text's edges), 2 punctuation, 0 other. */
function group(char: string | undefined): 0 | 1 | 2 {
  if (char === undefined || WHITESPACE.test(char)) return 1;
  return PUNCTUATION.test(char) ? 2 : 0;
}

/**
 * Makes a streaming tail safe without repairing it: cuts the text at the earliest inline
 * construct that is not closed yet, so nothing renders that will change or vanish when the
 * rest arrives. Held: an unmatched code span backtick run; a `*`, `_`, `~~` (or `~`) opener
 * without its closer (matched as micromark matches them: flanking rules, rule of three,
 * equal `~` runs); a marker run at the very end; a `[` until its `]` is followed by
 * something other than `(`, or until its `](...)` closes; a `<` that may start a tag or an
 * autolink until its `>`; a last line of only `-` or `=` under a paragraph (a setext
 * underline in the making). Released: a `*` or `~` between letters or digits (`2*3`) once its
 * word ends, and a `[` or `<` whose line ended; constructs in an earlier paragraph, list
 * item or heading of the tail (they can no longer close). Escapes, code spans, link
 * destinations and bare URLs are skipped. The default `repair` of `prepareTail` until
 * remend has loaded ({@link loadTailRepair}).
 *
 * @example holdBackInline('Some **bol') // 'Some '
 * @example holdBackInline('Some **bold** and 2*3 = 6') // unchanged
 */
export function holdBackInline(text: string): string {
  const lineStart = text.lastIndexOf('\n') + 1;
  const line = text.slice(lineStart);
  if (lineStart > 0 && SETEXT_UNDERLINE.test(line) && !BLANK.test(text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1))) {
    return text.slice(0, lineStart);
  }
  if (TABLE_ROW.test(line)) return text;
  return text.slice(0, scan(text, lastParagraphStart(text)));
}

/** Offset of the first line of the paragraph (or item, heading) the text ends in. */
function lastParagraphStart(text: string): number {
  let start = text.lastIndexOf('\n') + 1;
  for (let guard = 0; start > 0 && guard < 100_000; guard += 1) {
    const line = text.slice(start, text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start));
    const previousStart = text.lastIndexOf('\n', start - 2) + 1;
    const previous = text.slice(previousStart, start - 1);
    const startsBlock =
      BLANK.test(previous) || HEADING.test(previous) || NEW_BLOCK.test(line) || (QUOTE.test(line) && !QUOTE.test(previous));
    if (startsBlock) return start;
    start = previousStart;
  }
  return start;
}

/** The offset to cut `text` at: the earliest construct from `from` on that is still open. */
function scan(text: string, from: number): number {
  const runs: DelimiterRun[] = [];
  const brackets: number[] = [];
  let limit = text.length;
  let index = from;
  while (index < text.length) {
    const char = text[index] as string;
    if (char === '\\' && ASCII_PUNCTUATION.test(text[index + 1] ?? '')) {
      index += 2;
    } else if (char === '`') {
      const end = runEnd(text, index);
      const close = closingBackticks(text, end, end - index);
      if (close < 0) {
        limit = index;
        break;
      }
      index = close;
    } else if (char === '*' || char === '_' || char === '~') {
      const end = runEnd(text, index);
      if (end === text.length) {
        limit = index;
        break;
      }
      const run = delimiterRun(text, index, end);
      if (run) runs.push(run);
      index = end;
    } else if (char === '[') {
      brackets.push(index);
      index += 1;
    } else if (char === ']') {
      const opener = brackets.pop();
      index += 1;
      if (opener === undefined) continue;
      if (index === text.length) {
        limit = opener;
        break;
      }
      if (text[index] !== '(') continue;
      const close = destinationEnd(text, index + 1);
      if (close < 0) {
        limit = opener;
        break;
      }
      index = close;
    } else if (char === '<') {
      const next = text[index + 1];
      if (next === undefined) {
        limit = index;
        break;
      }
      if (!TAG_START.test(next)) {
        index += 1;
        continue;
      }
      const lineEnd = text.indexOf('\n', index);
      const close = text.indexOf('>', index);
      if (close >= 0 && (lineEnd < 0 || close < lineEnd)) index = close + 1;
      else if (lineEnd < 0) {
        limit = index;
        break;
      } else index += 1;
    } else if (group(text[index - 1]) !== 0 && URL_START.test(text.slice(index, index + 8))) {
      index = urlEnd(text, index);
    } else {
      index += 1;
    }
  }
  for (const bracket of brackets) if (bracket < limit && text.indexOf('\n', bracket) < 0) limit = bracket;
  for (const run of resolveDelimiters(runs)) {
    const expired = run.intraword && WHITESPACE.test(text.slice(run.start, limit));
    if (!expired && run.start < limit) limit = run.start;
  }
  return limit;
}

/** End of a bare URL (GFM autolink literal) from `start`: the next whitespace, before trailing punctuation. */
function urlEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && !WHITESPACE.test(text[end] as string)) end += 1;
  if (end === text.length) return end;
  while (end > start + 1 && URL_TRAILING.test(text[end - 1] as string)) end -= 1;
  return end;
}

function runEnd(text: string, index: number): number {
  const char = text[index];
  let end = index + 1;
  while (end < text.length && text[end] === char) end += 1;
  return end;
}

/** Offset after the backtick run of exactly `size` that closes a code span, or -1. */
function closingBackticks(text: string, from: number, size: number): number {
  let index = text.indexOf('`', from);
  for (let guard = 0; index >= 0 && guard < 100_000; guard += 1) {
    const end = runEnd(text, index);
    if (end - index === size) return end;
    index = text.indexOf('`', end);
  }
  return -1;
}

/** Offset after the `)` that ends a link destination starting at `from`, or -1. */
function destinationEnd(text: string, from: number): number {
  let depth = 0;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') index += 1;
    else if (char === '(') depth += 1;
    else if (char === ')') {
      if (depth === 0) return index + 1;
      depth -= 1;
    }
  }
  return -1;
}

function delimiterRun(text: string, start: number, end: number): DelimiterRun | undefined {
  const char = text[start] as DelimiterRun['char'];
  const size = end - start;
  if (char === '~' && size > 2) return undefined;
  const before = group(text[start - 1]);
  const after = group(text[end]);
  const left = after === 0 || (after === 2 && before !== 0);
  const right = before === 0 || (before === 2 && after !== 0);
  const open = char === '_' ? left && (before !== 0 || !right) : left;
  const close = char === '_' ? right && (after !== 0 || !left) : right;
  const intraword = char !== '_' && WORD.test(text[start - 1] ?? '') && WORD.test(text[end] ?? '');
  return { start, char, size, open, close, intraword, removed: false };
}
