import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';
import { manualFrames } from './manualFrames';

describe('StreamingMarkdown cursor', () => {
  it('sits inline at the end of the last block while streaming, and is gone when done', () => {
    const view = render(<StreamingMarkdown streaming>{'First.\n\n- one\n- two '}</StreamingMarkdown>);
    const cursors = view.container.querySelectorAll('.cw-cursor');
    expect(cursors).toHaveLength(1);
    const cursor = cursors[0];
    expect(cursor?.parentElement?.tagName).toBe('LI');
    expect(cursor?.parentElement).toHaveTextContent('two');
    expect(cursor).toHaveAttribute('aria-hidden', 'true');
    view.rerender(<StreamingMarkdown>{'First.\n\n- one\n- two '}</StreamingMarkdown>);
    expect(view.container.querySelector('.cw-cursor')).toBeNull();
  });

  it('follows the text into a paragraph and into an open code fence, and can be turned off', () => {
    const view = render(<StreamingMarkdown streaming>{'Hello there. '}</StreamingMarkdown>);
    expect(view.container.querySelector('p > .cw-cursor')).not.toBeNull();
    view.rerender(<StreamingMarkdown streaming>{'Hello there.\n\n```js\nconst a = 1;\n'}</StreamingMarkdown>);
    expect(view.container.querySelector('.cw-code-block code .cw-cursor')).not.toBeNull();
    view.rerender(
      <StreamingMarkdown streaming showCursor={false}>
        {'Hello there. '}
      </StreamingMarkdown>,
    );
    expect(view.container.querySelector('.cw-cursor')).toBeNull();
  });

  it('shows the cursor alone before any text arrives', () => {
    const { container } = render(<StreamingMarkdown streaming>{''}</StreamingMarkdown>);
    expect(container.querySelectorAll('.cw-cursor')).toHaveLength(1);
  });
});

describe('StreamingMarkdown citations', () => {
  const citations = [{ id: '3', title: 'Q3 report', url: 'https://example.com/q3' }];

  it('renders a numeric marker with a known source and a timestamp marker as badges', () => {
    const { container } = render(
      <StreamingMarkdown citations={citations}>
        {'Revenue grew [3]. In the call [12:45, Sarah Johnson] agreed. Unknown [7] stays.'}
      </StreamingMarkdown>,
    );
    const badges = container.querySelectorAll('.cw-citation');
    expect(badges).toHaveLength(2);
    expect(badges[0]).toHaveAttribute('data-kind', 'numeric');
    expect(badges[0]).toHaveTextContent('3');
    expect(badges[0]).toHaveAttribute('href', 'https://example.com/q3');
    expect(badges[1]).toHaveAttribute('data-kind', 'timestamp');
    expect(badges[1]).toHaveTextContent('12:45 · Sarah Johnson');
    expect(container).toHaveTextContent('Unknown [7] stays.');
  });

  it('never shows half a marker while streaming, then shows the badge', () => {
    const frames = manualFrames();
    const view = render(
      <StreamingMarkdown streaming requestFrame={frames.requestFrame}>
        {'In the call [12:45, Sar'}
      </StreamingMarkdown>,
    );
    expect(view.container.textContent).not.toContain('[');
    expect(view.container.textContent).not.toContain('12:45');
    view.rerender(
      <StreamingMarkdown streaming requestFrame={frames.requestFrame}>
        {'In the call [12:45, Sarah Johnson] she '}
      </StreamingMarkdown>,
    );
    // The same block grew within one frame: it shows at the next frame.
    expect(view.container.textContent).not.toContain('[');
    frames.run();
    expect(view.container.querySelector('.cw-citation')).toHaveTextContent('12:45 · Sarah Johnson');
  });

  it('keeps markdown links working', () => {
    const { container } = render(<StreamingMarkdown citations={citations}>{'See [3](https://example.com/x).'}</StreamingMarkdown>);
    expect(container.querySelector('.cw-citation')).toBeNull();
    expect(container.querySelector('a')).toHaveAttribute('href', 'https://example.com/x');
  });

  it('makes badges buttons that call onCitationClick', async () => {
    const onCitationClick = vi.fn();
    render(
      <StreamingMarkdown citations={citations} onCitationClick={onCitationClick}>
        {'Revenue grew [3].'}
      </StreamingMarkdown>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Source 3: Q3 report' }));
    expect(onCitationClick).toHaveBeenCalledWith(citations[0]);
  });

  it('accepts custom patterns', () => {
    const { container } = render(
      <StreamingMarkdown
        citationPatterns={[{ name: 'page', pattern: /^\[p\. ?(\d+)\]$/, resolve: (m) => ({ id: `p${m[1]}`, title: `Page ${m[1]}` }) }]}
      >
        {'As shown [p. 12] and [3].'}
      </StreamingMarkdown>,
    );
    const badges = container.querySelectorAll('.cw-citation');
    expect(badges).toHaveLength(1);
    expect(badges[0]).toHaveAttribute('data-kind', 'page');
    expect(badges[0]).toHaveTextContent('p. 12');
  });
});
