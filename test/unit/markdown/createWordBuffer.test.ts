import fc from 'fast-check';
import { createWordBuffer } from '../../../src/markdown/engine/createWordBuffer';
import { partialWordStart } from '../../../src/markdown/engine/partialWordStart';
import { expectMeasureMatchesUpdate } from '../../support/measureMatchesUpdate';

describe('createWordBuffer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows whole words and holds the partial one', () => {
    const words = createWordBuffer();
    expect(words.update('Hello wor', true)).toBe(6);
    expect(words.update('Hello world', true)).toBe(6);
    expect(words.update('Hello world, ', true)).toBe(13);
    expect(words.update('Hello world, again.', true)).toBe(19);
    words.dispose();
  });

  it('measure() answers what update() will, and keeps nothing: no timer armed, no state changed', () => {
    const texts = ['Hello wor', 'Hello world', 'Hello world, ', 'Hello world, again', 'Hi', 'Hi there'];
    expectMeasureMatchesUpdate(createWordBuffer, texts);
  });

  it('releases a partial word after the stall and calls onRelease', () => {
    const onRelease = vi.fn();
    const words = createWordBuffer({ onRelease });
    expect(words.update('Hello wor', true)).toBe(6);
    vi.advanceTimersByTime(99);
    expect(onRelease).not.toHaveBeenCalled();
    expect(words.update('Hello wor', true)).toBe(6);
    vi.advanceTimersByTime(1);
    expect(onRelease).toHaveBeenCalledTimes(1);
    expect(words.update('Hello wor', true)).toBe(9);
  });

  it('restarts the stall when the text grows, and never shrinks what was shown', () => {
    const onRelease = vi.fn();
    const words = createWordBuffer({ stallMs: 50, onRelease });
    words.update('Say Hel', true);
    vi.advanceTimersByTime(40);
    words.update('Say Hell', true);
    vi.advanceTimersByTime(40);
    expect(onRelease).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10);
    expect(words.update('Say Hell', true)).toBe(8);
    expect(words.update('Say Hello', true)).toBe(8);
  });

  it('shows the first word at once, without a timer, and holds partial words after it', () => {
    const words = createWordBuffer();
    expect(words.measure('Hel', true)).toBe(3);
    expect(words.update('Hel', true)).toBe(3);
    expect(vi.getTimerCount()).toBe(0);
    expect(words.update('Hello', true)).toBe(5);
    expect(words.update('Hello wor', true)).toBe(6);
    expect(vi.getTimerCount()).toBe(1);
    // Markup or spaces before it are not a word: the first word still shows at once.
    expect(createWordBuffer().update('**Bol', true)).toBe(5);
    expect(createWordBuffer().update('\n- 你', true)).toBe(4);
    words.dispose();
  });

  it('shows everything when the stream ends and clears its timer', () => {
    const onRelease = vi.fn();
    const words = createWordBuffer({ onRelease });
    words.update('Hello wor', true);
    expect(words.update('Hello wor', false)).toBe(9);
    vi.advanceTimersByTime(500);
    expect(onRelease).not.toHaveBeenCalled();
  });

  it('uses injected timers', () => {
    const armed: Array<() => void> = [];
    const words = createWordBuffer({
      timers: { setTimeout: (callback) => armed.push(callback), clearTimeout: () => undefined },
    });
    expect(words.update('Say abc', true)).toBe(4);
    expect(armed).toHaveLength(1);
    armed[0]?.();
    expect(words.update('Say abc', true)).toBe(7);
  });

  it('reveals text without spaces (Chinese) word by word and never holds it forever', () => {
    const text = '今天天气很好我们去公园散步吧';
    const onRelease = vi.fn();
    const words = createWordBuffer({ onRelease });
    let shown = 0;
    for (let end = 1; end <= text.length; end += 1) {
      const next = words.update(text.slice(0, end), true);
      expect(next).toBeGreaterThanOrEqual(shown);
      shown = next;
    }
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(text.length);
    vi.advanceTimersByTime(100);
    expect(onRelease).toHaveBeenCalled();
    expect(words.update(text, true)).toBe(text.length);
    expect(words.update(`${text}。`, true)).toBe(text.length + 1);
  });
});

describe('partialWordStart', () => {
  it('finds the start of the trailing word, or the end after punctuation and spaces', () => {
    expect(partialWordStart('Hello wor')).toBe(6);
    expect(partialWordStart('Hello ')).toBe(6);
    expect(partialWordStart('Hello.')).toBe(6);
    expect(partialWordStart('**bo')).toBe(2);
    expect(partialWordStart('')).toBe(0);
  });

  it('falls back to one character per CJK word without Intl.Segmenter', () => {
    expect(partialWordStart('你好世界', false)).toBe(4);
    expect(partialWordStart('say 你好 wor', false)).toBe(7);
    expect(partialWordStart('abc', false)).toBe(0);
  });

  it('reads a bounded window at the end of long texts', () => {
    const long = `${'word '.repeat(10_000)}tail`;
    expect(partialWordStart(long)).toBe(long.length - 4);
  });

  it('agrees with Intl.Segmenter word boundaries on mixed text (the ASCII fast path changes no result)', () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
    /** The segmenter's answer for the last 64 characters, as partialWordStart defines it. */
    const expected = (text: string): number => {
      const from = Math.max(0, text.length - 64);
      const windowText = text.slice(from);
      const last = windowText.at(-1);
      if (last === undefined || !/[\p{L}\p{N}\p{M}_']/u.test(last)) return text.length;
      let start = -1;
      let wordLike = false;
      for (const part of segmenter.segment(windowText)) {
        start = part.index;
        wordLike = part.isWordLike === true;
      }
      return wordLike && start >= 0 ? from + start : text.length;
    };
    const pieces = ['a', 'Z', 'q', '7', '_', "'", '’', '.', ',', ':', ';', ' ', '\n', '*', '-', '[', ']', '(', '$', 'é', '你', 'ö', '\u0301', '3.5', 'e.g', 'don', '`', '|', '#'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(partialWordStart(text)).toBe(expected(text));
      }),
      { numRuns: 3000 },
    );
    expect(partialWordStart(`${'x'.repeat(70)}`)).toBe(expected('x'.repeat(70)));
  });
});
