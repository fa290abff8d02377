import { act, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';

const sample =
  'Some **bold** and `code` and [a link](https://x.com/a) and _em_ and ~~gone~~ and *it* end.';

function check(container: HTMLElement): void {
  const text = container.textContent ?? '';
  expect(text).not.toMatch(/[*_`~[\]()]/);
  for (const link of container.querySelectorAll('a')) expect(link.getAttribute('href')).toBe('https://x.com/a');
  expect(container.querySelectorAll('img')).toHaveLength(0);
}

describe('StreamingMarkdown unfinished inline syntax', () => {
  it('shows no raw marker on any prefix (fresh render)', () => {
    for (let end = 0; end <= sample.length; end += 1) {
      const { container, unmount } = render(<StreamingMarkdown streaming>{sample.slice(0, end)}</StreamingMarkdown>);
      check(container);
      unmount();
    }
  });

  it('shows no raw marker on any prefix while growing in place, and the final render is complete', () => {
    const view = render(<StreamingMarkdown streaming>{''}</StreamingMarkdown>);
    for (let end = 0; end <= sample.length; end += 1) {
      view.rerender(<StreamingMarkdown streaming>{sample.slice(0, end)}</StreamingMarkdown>);
      check(view.container);
    }
    view.rerender(<StreamingMarkdown>{sample}</StreamingMarkdown>);
    const root = view.container;
    expect(root.querySelector('strong')).toHaveTextContent('bold');
    expect(root.querySelector('code')).toHaveTextContent('code');
    expect(root.querySelector('em')).toHaveTextContent('em');
    expect(root.querySelector('del')).toHaveTextContent('gone');
    expect(root.querySelector('a')).toHaveTextContent('a link');
  });

  it('holds a partial word until the stall timer, then shows it', () => {
    vi.useFakeTimers();
    try {
      const { container } = render(<StreamingMarkdown streaming>{'Hello wor'}</StreamingMarkdown>);
      expect(container).toHaveTextContent(/^Hello$/);
      act(() => {
        vi.advanceTimersByTime(100);
      });
      expect(container).toHaveTextContent(/^Hello wor$/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('still releases a held word under StrictMode (effects run twice)', () => {
    vi.useFakeTimers();
    try {
      const { container } = render(
        <StrictMode>
          <StreamingMarkdown streaming>{'Hello wor'}</StreamingMarkdown>
        </StrictMode>,
      );
      expect(container).toHaveTextContent(/^Hello$/);
      act(() => {
        vi.advanceTimersByTime(100);
      });
      expect(container).toHaveTextContent(/^Hello wor$/);
    } finally {
      vi.useRealTimers();
    }
  });
});
