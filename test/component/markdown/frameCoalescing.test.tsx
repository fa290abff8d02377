import { act, render } from '@testing-library/react';
import { StreamingMarkdown, type StreamingMarkdownProps } from '../../../src/markdown/react/StreamingMarkdown';
import { manualFrames } from './manualFrames';

const parsed: string[] = [];
/** A remark plugin that records the source of every parse. */
const countParses = () => (_tree: unknown, file: { value: unknown }) => {
  parsed.push(String(file.value));
};
const plugins = [countParses];

function view(props: Partial<StreamingMarkdownProps>, text: string) {
  return <StreamingMarkdown streaming remarkPlugins={plugins} {...props}>{text}</StreamingMarkdown>;
}

describe('StreamingMarkdown coalesces the live tail to one render per frame', () => {
  beforeEach(() => {
    parsed.length = 0;
  });

  it('shows the first update of a frame at once and the newest text of the others at the next frame', () => {
    const frames = manualFrames();
    const props = { requestFrame: frames.requestFrame };
    const screen = render(view(props, 'One two '));
    expect(screen.container).toHaveTextContent(/^One two$/);
    const parsesBefore = parsed.length;
    screen.rerender(view(props, 'One two three '));
    screen.rerender(view(props, 'One two three four '));
    screen.rerender(view(props, 'One two three four five '));
    expect(screen.container).toHaveTextContent(/^One two$/);
    expect(parsed.length).toBe(parsesBefore);
    frames.run();
    expect(screen.container).toHaveTextContent(/^One two three four five$/);
    expect(parsed.slice(parsesBefore)).toEqual(['One two three four five']);
    // A quiet frame ends the wait: the next update shows at once again.
    frames.run();
    screen.rerender(view(props, 'One two three four five six '));
    expect(screen.container).toHaveTextContent(/^One two three four five six$/);
  });

  it('shows a block that just finished at once, and the final text at once when streaming ends', () => {
    const frames = manualFrames();
    const props = { requestFrame: frames.requestFrame };
    const screen = render(view(props, 'First para '));
    screen.rerender(view(props, 'First paragraph '));
    expect(screen.container).toHaveTextContent(/^First para$/);
    screen.rerender(view(props, 'First paragraph done.\n\nSecond '));
    expect(screen.container.querySelectorAll('p')).toHaveLength(2);
    expect(screen.container).toHaveTextContent(/^First paragraph done.\s*Second$/);
    screen.rerender(view(props, 'First paragraph done.\n\nSecond one '));
    screen.rerender(view({ ...props, streaming: false }, 'First paragraph done.\n\nSecond one is here.'));
    expect(screen.container).toHaveTextContent(/^First paragraph done.\s*Second one is here.$/);
    expect(screen.container.querySelector('.cw-cursor')).toBeNull();
    frames.run();
    expect(screen.container).toHaveTextContent(/^First paragraph done.\s*Second one is here.$/);
  });

  it('renders every update at once with requestFrame={null}', () => {
    const screen = render(view({ requestFrame: null }, 'One '));
    for (const text of ['One two ', 'One two three ', 'One two three four ']) {
      screen.rerender(view({ requestFrame: null }, text));
      expect(screen.container).toHaveTextContent(text.trim());
    }
  });

  it('uses animation frames by default (fake timers advance them)', () => {
    vi.useFakeTimers();
    try {
      const screen = render(view({}, 'Alpha '));
      screen.rerender(view({}, 'Alpha beta '));
      expect(screen.container).toHaveTextContent(/^Alpha$/);
      act(() => {
        vi.advanceTimersByTime(20);
      });
      expect(screen.container).toHaveTextContent(/^Alpha beta$/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops waiting for a frame once unmounted', () => {
    const frames = manualFrames();
    const props = { requestFrame: frames.requestFrame };
    const screen = render(view(props, 'Alpha '));
    screen.rerender(view(props, 'Alpha beta '));
    screen.unmount();
    expect(() => frames.run()).not.toThrow();
  });
});
