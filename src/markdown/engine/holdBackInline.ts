import { type DelimiterRun, resolveDelimiters } from './resolveDelimiters';
import { trimTrailingMarkers } from './trimTrailingMarkers';

const WHITESPACE = /\s/u;
const SPACE_AFTER = /\s/gu;
const MAX_ROUNDS = 16;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const WORD = /[\p{L}\p{N}]/u;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
/** A list item with content (an empty one cannot interrupt a paragraph; an ordered one only from 1). */
const ITEM = /^ {0,3}(?:>[ \t]?)*[ \t]*(?:[-*+]|1[.)])[ \t]+\S/;
const ANY_ITEM = /^ {0,3}(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S/;
const HEADING = /^ {0,3}(?:>[ \t]?)*[ \t]*#{1,6}(?:[ \t]|$)/;
/** A heading on the text's last line, which may still grow (`#x` is text). */
const HEADING_STARTED = /^ {0,3}(?:>[ \t]?)*[ \t]*#{1,6}[ \t]/;
const BLANK = /^[ \t>]*$/;
const QUOTE = /^ {0,3}>/;
const TABLE_ROW = /^ {0,3}\|/;
/** A last line of only quote and list markers (`>`, `- 2`, `>*`, `12`): what it becomes is not known yet. */
const MARKERS_ONLY = /^[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*)*(?:\d{1,9}|[*_~`]+)?[ \t]*$/;
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
 * underline in the making) or of only quote and list markers (`> 2`). After a cut, cuts
 * again until nothing before the cut is open. Released: a `*` or `~` between letters or digits (`2*3`) once its
 * word ends, and a `[` or `<` whose line ended; constructs in an earlier paragraph, list
 * item or heading of the tail (they can no longer close). Escapes, code spans, link
 * destinations and bare URLs are skipped. The default `repair` of `prepareTail` until
 * remend has loaded ({@link loadTailRepair}). Trailing whitespace, a trailing `!` or `\`
 * and a lone trailing marker run are dropped too.
 *
 * @example holdBackInline('Some **bol') // 'Some'
 * @example holdBackInline('Some **bold** and 2*3 = 6') // unchanged
 */
export function holdBackInline(tail: string): string {
  // A trailing `!` or `\` goes anyway; the line left may be one of only markers (`+ \`).
  const text = tail.replace(/[!\\]$/, '');
  const lineStart = text.lastIndexOf('\n') + 1;
  const line = text.slice(lineStart);
  if (TABLE_ROW.test(line)) return text;
  const heldLine =
    (lineStart > 0 && SETEXT_UNDERLINE.test(line) && !BLANK.test(text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1))) ||
    MARKERS_ONLY.test(line);
  // Cutting (and trimming a trailing `!` or marker) can leave an opener whose closer was
  // after the cut: cut again until nothing is open.
  let to = heldLine ? trimTrailingMarkers(text.slice(0, lineStart)).length : text.length;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    let next = trimTrailingMarkers(text.slice(0, scan(text, lastParagraphStart(text.slice(0, to)), to))).length;
    // The cut may leave a last line of only markers (`+ **x` -> `+`): not known what it becomes yet.
    const start = text.lastIndexOf('\n', next - 1) + 1;
    if (MARKERS_ONLY.test(text.slice(start, next))) next = trimTrailingMarkers(text.slice(0, start)).length;
    if (next === to) return text.slice(0, to);
    to = next;
  }
  return text.slice(0, lastParagraphStart(text.slice(0, to)));
}

/** Offset of the first line of the paragraph (or item, heading) the text ends in. */
function lastParagraphStart(text: string): number {
  const last = text.lastIndexOf('\n') + 1;
  let start = last;
  for (let guard = 0; start > 0 && guard < 100_000; guard += 1) {
    const line = text.slice(start, text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start));
    const previousStart = text.lastIndexOf('\n', start - 2) + 1;
    const previous = text.slice(previousStart, start - 1);
    const startsBlock =
      BLANK.test(previous) ||
      HEADING.test(previous) ||
      (start === last ? HEADING_STARTED : HEADING).test(line) ||
      ITEM.test(line) ||
      (ANY_ITEM.test(line) && ANY_ITEM.test(previous)) ||
      (QUOTE.test(line) && !QUOTE.test(previous));
    if (startsBlock) return start;
    start = previousStart;
  }
  return start;
}

/**
 * The offset to cut `text` at when only `text.slice(0, to)` is shown: the earliest
 * construct from `from` on that is not closed before `to`. Characters at and after `to`
 * still count for flanking (they are known); a run or closer that reaches the very end of
 * `text` may still grow, so it is held.
 */
function scan(text: string, from: number, to: number): number {
  const runs: DelimiterRun[] = [];
  const brackets: Array<{ start: number; runs: number }> = [];
  let index = from;
  /** A `<` before this offset has no `>` on its line: text. */
  let noTagBefore = -1;
  let limit = to;
  while (index < to) {
    const char = text[index] as string;
    if (char === '\\' && ASCII_PUNCTUATION.test(text[index + 1] ?? '')) {
      index += 2;
    } else if (char === '`') {
      const end = runEnd(text, index);
      const close = end > to ? -1 : closingBackticks(text, end, end - index, to);
      if (close < 0) return cut(runs, text, index);
      index = close;
    } else if (char === '*' || char === '_' || char === '~') {
      const end = runEnd(text, index);
      if (end > to || end === text.length) return cut(runs, text, index);
      const run = delimiterRun(text, index, end);
      if (run) runs.push(run);
      index = end;
    } else if (char === '[') {
      brackets.push({ start: index, runs: runs.length });
      index += 1;
    } else if (char === ']') {
      const opener = brackets.pop();
      index += 1;
      if (opener === undefined) continue;
      if (index === text.length) return cut(runs, text, opener.start);
      if (text[index] !== '(') continue;
      const close = destinationEnd(text, index + 1, to);
      if (close < 0) return cut(runs, text, opener.start);
      // A complete link: emphasis inside its text pairs up there or stays text for good.
      resolveDelimiters(runs.splice(opener.runs));
      index = close;
    } else if (char === '<') {
      if (index + 1 === text.length) return cut(runs, text, index);
      if (index < noTagBefore || !TAG_START.test(text[index + 1] as string)) {
        index += 1;
        continue;
      }
      let close = index + 1;
      while (close < to && text[close] !== '>' && text[close] !== '\n') close += 1;
      if (close === to) return cut(runs, text, index);
      if (text[close] === '>') index = close + 1;
      else {
        noTagBefore = close;
        index += 1;
      }
    } else if (group(text[index - 1]) !== 0 && URL_START.test(text.slice(index, index + 8))) {
      index = urlEnd(text, index, to);
    } else {
      index += 1;
    }
  }
  const lineStart = text.lastIndexOf('\n', to - 1) + 1;
  for (const bracket of brackets) if (bracket.start >= lineStart && bracket.start < limit) limit = bracket.start;
  return cut(runs, text, limit);
}

/** `limit`, or the start of the first run before it that is still open (an intraword one only until its word ends). */
function cut(runs: DelimiterRun[], text: string, limit: number): number {
  // micromark resolves strikethrough and emphasis separately: one never skips over the other.
  const open = [
    ...resolveDelimiters(runs.filter((run) => run.char === '~')),
    ...resolveDelimiters(runs.filter((run) => run.char !== '~')),
  ].sort((a, b) => a.start - b.start);
  for (const run of open) {
    if (run.start >= limit) break;
    SPACE_AFTER.lastIndex = run.start;
    const space = run.intraword ? SPACE_AFTER.exec(text) : null;
    if (!space || space.index >= limit) return run.start;
  }
  return limit;
}

/** End of a bare URL (GFM autolink literal) from `start`: the next whitespace, before trailing punctuation. */
function urlEnd(text: string, start: number, to: number): number {
  let end = start;
  while (end < to && !WHITESPACE.test(text[end] as string)) end += 1;
  if (end === to) return end;
  while (end > start + 1 && URL_TRAILING.test(text[end - 1] as string)) end -= 1;
  return end;
}

function runEnd(text: string, index: number): number {
  const char = text[index];
  let end = index + 1;
  while (end < text.length && text[end] === char) end += 1;
  return end;
}

/** Offset after the backtick run of exactly `size` before `to` that closes a code span, or -1 (none yet). */
function closingBackticks(text: string, from: number, size: number, to: number): number {
  let index = text.indexOf('`', from);
  for (let guard = 0; index >= 0 && index < to && guard < 100_000; guard += 1) {
    const end = runEnd(text, index);
    if (end > to || end === text.length) return -1; // cut off, or at the end where it may still grow
    if (end - index === size) return end;
    index = text.indexOf('`', end);
  }
  return -1;
}

/** Offset after the `)` before `to` that ends a link destination starting at `from`, or -1. */
function destinationEnd(text: string, from: number, to: number): number {
  let depth = 0;
  for (let index = from; index < to; index += 1) {
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
  // micromark: next to a `~` (another construct's marker), a `*`/`_` run may open or close.
  const tilde = char !== '~';
  const left = after === 0 || (after === 2 && before !== 0) || (tilde && text[end] === '~');
  const right = before === 0 || (before === 2 && after !== 0) || (tilde && text[start - 1] === '~');
  const open = char === '_' ? left && (before !== 0 || !right) : left;
  const close = char === '_' ? right && (after !== 0 || !left) : right;
  const intraword = char !== '_' && WORD.test(text[start - 1] ?? '') && WORD.test(text[end] ?? '');
  return { start, char, size, open, close, intraword };
}
