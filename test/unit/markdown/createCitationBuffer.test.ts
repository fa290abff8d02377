import { createCitationBuffer } from '../../../src/markdown/engine/createCitationBuffer';
import { expectMeasureMatchesUpdate } from '../../support/measureMatchesUpdate';

describe('createCitationBuffer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds a timestamp-and-speaker marker until the character after its bracket', () => {
    const brackets = createCitationBuffer();
    expect(brackets.update('See [12:45, Sar', true)).toBe(4);
    expect(brackets.update('See [12:45, Sarah Johnson]', true)).toBe(4);
    expect(brackets.update('See [12:45, Sarah Johnson] ', true)).toBe(27);
    brackets.dispose();
  });

  it('measure() answers what update() will, and keeps nothing: no timer armed, no state changed', () => {
    const texts = ['See [12:45, Sar', 'See [12:45, Sarah Johnson]', 'See [12:45, Sarah Johnson] and ![', '```\n[x', '```\n[x]\n```\nok [', 'ok'];
    expectMeasureMatchesUpdate(createCitationBuffer, texts);
  });

  it('holds a numeric marker the same way', () => {
    const brackets = createCitationBuffer();
    expect(brackets.update('Revenue grew [', true)).toBe(13);
    expect(brackets.update('Revenue grew [3', true)).toBe(13);
    expect(brackets.update('Revenue grew [3].', true)).toBe(17);
  });

  it('lets markdown links through once the ( arrives', () => {
    const brackets = createCitationBuffer();
    expect(brackets.update('Read [the docs]', true)).toBe(5);
    expect(brackets.update('Read [the docs](https://exa', true)).toBe(27);
  });

  it('releases a bracket that grows past maxLength', () => {
    const brackets = createCitationBuffer({ maxLength: 10 });
    expect(brackets.update('x [123456789', true)).toBe(2);
    expect(brackets.update('x [1234567890', true)).toBe(13);
  });

  it('releases a bracket after the timeout and calls onRelease', () => {
    const onRelease = vi.fn();
    const brackets = createCitationBuffer({ timeoutMs: 1500, onRelease });
    expect(brackets.update('x [abc', true)).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(brackets.update('x [abcd', true)).toBe(2);
    vi.advanceTimersByTime(499);
    expect(onRelease).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onRelease).toHaveBeenCalledTimes(1);
    expect(brackets.update('x [abcd', true)).toBe(7);
  });

  it('resolves a bracket whose line ends, since markers are one line', () => {
    const brackets = createCitationBuffer();
    expect(brackets.update('a [b\nc', true)).toBe(6);
  });

  it('holds an image from its !', () => {
    const brackets = createCitationBuffer();
    expect(brackets.update('x ![alt', true)).toBe(2);
  });

  it('ignores escaped brackets and brackets in fenced code', () => {
    const brackets = createCitationBuffer();
    expect(brackets.update('a \\[b', true)).toBe(5);
    const code = createCitationBuffer();
    const open = '```js\nconst a = [1, 2';
    expect(code.update(open, true)).toBe(open.length);
    const after = '```js\nconst a = [1, 2];\n```\nSee [';
    expect(code.update(after, true)).toBe(after.length - 1);
  });

  it('shows everything when the stream ends', () => {
    const brackets = createCitationBuffer();
    brackets.update('x [abc', true);
    expect(brackets.update('x [abc', false)).toBe(6);
  });

  it('never shows half a marker on any prefix of a sample text', () => {
    const text =
      'In the call [12:45, Sarah Johnson] said revenue grew [3]. See [the report](https://example.com) ' +
      'and [1][2] plus a stray [ bracket.\n\nLater [01:02:03, Li Wei] agreed [4].';
    const markers = [...text.matchAll(/\[(?:\d+|\d{1,2}:\d{2}(?::\d{2})?, [^\]]+)\]/g)].map((m) => [
      m.index,
      m.index + m[0].length,
    ]);
    expect(markers).toHaveLength(6);
    const incremental = createCitationBuffer();
    for (let end = 0; end <= text.length; end += 1) {
      const prefix = text.slice(0, end);
      for (const shown of [incremental.update(prefix, true), createCitationBuffer().update(prefix, true)]) {
        for (const [start, stop] of markers) {
          expect(shown <= (start ?? 0) || shown >= (stop ?? 0)).toBe(true);
        }
      }
    }
  });
});
