const TRAILING_MARKERS = /(^|\s)[*_~`]+$/;
const TRAILING_SINGLE = /[!\\]$/;

/**
 * Drops what cannot render right yet at the very end of a streaming text: a lone marker
 * run after a space (`*`, `**`, `_`, `~~`, `` ` ``), a trailing `!` (may become an image)
 * or `\`, and trailing whitespace.
 *
 * @example trimTrailingMarkers('Look **') // 'Look'
 */
export function trimTrailingMarkers(text: string): string {
  let result = text;
  for (let i = 0; i < 3; i += 1) {
    const next = result.replace(TRAILING_MARKERS, '$1').replace(TRAILING_SINGLE, '').trimEnd();
    if (next === result) break;
    result = next;
  }
  return result;
}
