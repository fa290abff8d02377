/** How much of the end of the text is looked at to find the last word. */
const WINDOW = 64;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}_']/u;

type WordSegmenter = { segment(input: string): Iterable<{ index: number; isWordLike?: boolean }> };
let segmenter: WordSegmenter | null | undefined;

function getSegmenter(): WordSegmenter | null {
  if (segmenter === undefined) {
    const Segmenter = (Intl as { Segmenter?: new (locale?: string, options?: object) => WordSegmenter })
      .Segmenter;
    segmenter = Segmenter ? new Segmenter(undefined, { granularity: 'word' }) : null;
  }
  return segmenter;
}

const ASCII_WORD = /[A-Za-z0-9]/;
/** ASCII characters that always end a word (no UAX #29 rule joins across them). */
const ASCII_BREAK = /[\s!"#$%&()*+\-/<=>?@[\\\]^`{|}~]/;

/**
 * The common case without the segmenter (it costs a few microseconds per call, once per
 * token): a trailing run of ASCII letters and digits after a space or an ASCII
 * character that never joins words. `-1` when unsure (`.`, `,`, `:`, `'`, `_`, non-ASCII, or
 * no break in the window): the segmenter decides then.
 */
function asciiWordStart(windowText: string): number {
  let index = windowText.length;
  while (index > 0 && ASCII_WORD.test(windowText.charAt(index - 1))) index -= 1;
  if (index === windowText.length || index === 0) return -1;
  return ASCII_BREAK.test(windowText.charAt(index - 1)) ? index : -1;
}

/**
 * Where the trailing partial word of `text` starts: `text.length` when the text ends
 * with a space or punctuation. Cost is bounded (only the last 64 characters are read).
 *
 * @param useSegmenter - `false` forces the per-character fallback (for tests).
 * @example partialWordStart('Hello wor') // 6
 */
export function partialWordStart(text: string, useSegmenter = true): number {
  const from = Math.max(0, text.length - WINDOW);
  const windowText = text.slice(from);
  const last = windowText.at(-1);
  if (last === undefined || !WORD_CHAR.test(last)) return text.length;
  // The ASCII answer first: creating the segmenter costs ~10 ms once per page (ICU data),
  // which should not land on the first tokens of an answer.
  const ascii = useSegmenter && typeof (Intl as { Segmenter?: unknown }).Segmenter === 'function' ? asciiWordStart(windowText) : -1;
  if (ascii >= 0) return from + ascii;
  const seg = useSegmenter ? getSegmenter() : null;
  if (seg) {
    let start = -1;
    let wordLike = false;
    for (const part of seg.segment(windowText)) {
      start = part.index;
      wordLike = part.isWordLike === true;
    }
    return wordLike && start >= 0 ? from + start : text.length;
  }
  // Fallback: a CJK character is a word by itself; other words run back to a non-word char.
  if (CJK.test(last)) return text.length;
  let index = windowText.length;
  while (index > 0) {
    const char = windowText[index - 1] ?? '';
    if (!WORD_CHAR.test(char) || CJK.test(char)) break;
    index -= 1;
  }
  return from + index;
}
