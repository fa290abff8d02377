import { GLOBAL_TIMERS, type Timers } from '../../core/Timers';
import { partialWordStart } from './partialWordStart';

/** A word character followed by one that ends it, or a CJK character followed by any (the segmenter decides): the text may have a whole word. */
const WHOLE_WORD = /[\p{L}\p{N}\p{M}_'][^\p{L}\p{N}\p{M}_']|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]./u;
/** A text this long has had its first word shown. */
const FIRST_WORD_SCAN = 64;

/** Options of {@link createWordBuffer}. */
export interface WordBufferOptions {
  /** A partial word is shown after the text has not grown for this long, in ms. Default `100`. */
  stallMs?: number;
  /** Called when the stall timer reveals held text; re-read with `update`. */
  onRelease?: () => void;
  /** Timer functions. Default: the global ones. */
  timers?: Timers;
}

/** Reveals only whole words of a growing text. */
export interface WordBuffer {
  /**
   * Feeds the whole text so far; returns how many characters of it may be shown. While
   * `streaming`, a trailing partial word is held back until the text has not grown for
   * `stallMs` (this arms that timer). When not streaming, everything is shown. Calling it
   * again with the same text changes nothing.
   */
  update(text: string, streaming: boolean): number;
  /**
   * What `update(text, streaming)` would return now, without keeping anything or arming a
   * timer: safe during a React render (call `update` after it commits).
   */
  measure(text: string, streaming: boolean): number;
  /** Clears the pending timer. */
  dispose(): void;
}

/**
 * Creates a {@link WordBuffer}. Words come from `Intl.Segmenter` word granularity, so
 * scripts without spaces (Chinese, Japanese) reveal word by word too; without
 * `Intl.Segmenter`, each CJK character counts as a word. Shown text never shrinks while
 * the text grows. The first word is not held: until a word character is followed by one
 * that ends it, everything so far shows, so the first token is on screen in the frame it
 * arrives (in Chinese or Japanese, its first character).
 *
 * @example
 * ```ts
 * const words = createWordBuffer({ onRelease: rerender });
 * words.update('Hel', true); // 3: the first word shows at once
 * words.update('Hello wor', true); // 6: "Hello " is shown, "wor" waits
 * words.update('Hello world ', true); // 12
 * ```
 */
export function createWordBuffer(options: WordBufferOptions = {}): WordBuffer {
  const stallMs = options.stallMs ?? 100;
  const timers = options.timers ?? GLOBAL_TIMERS;
  let released = 0;
  let shown = 0;
  let lastLength = -1;
  let armedFor = -1;
  let handle: unknown = null;

  const clear = (): void => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
    armedFor = -1;
  };

  /** How much of `text` may show, from the kept state; changes nothing. */
  const reveal = (text: string): number => {
    const grown = text.length >= lastLength;
    const kept = grown ? Math.max(shown, Math.min(released, text.length)) : 0;
    // The first word shows at once (nothing to read yet is worse than a word that grows).
    if (text.length < FIRST_WORD_SCAN && !WHOLE_WORD.test(text)) return text.length;
    return Math.max(partialWordStart(text), kept);
  };

  return {
    measure(text, streaming) {
      return streaming ? reveal(text) : text.length;
    },
    update(text, streaming) {
      if (text.length < lastLength) released = shown = 0;
      lastLength = text.length;
      if (!streaming) {
        clear();
        released = shown = text.length;
        return text.length;
      }
      shown = reveal(text);
      if (shown >= text.length) {
        clear();
        return shown;
      }
      if (armedFor !== text.length) {
        clear();
        const length = text.length;
        armedFor = length;
        handle = timers.setTimeout(() => {
          handle = null;
          armedFor = -1;
          released = length;
          options.onRelease?.();
        }, stallMs);
      }
      return shown;
    },
    dispose: clear,
  };
}
