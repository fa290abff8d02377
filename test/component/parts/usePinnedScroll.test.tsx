import { act, fireEvent, render } from '@testing-library/react';
import { usePinnedScroll, type PinnedScroll } from '../../../src/components/usePinnedScroll';
import { scrollMetrics } from '../../support/scrollMetrics';

function setup(threshold = 48) {
  let scroll: PinnedScroll | undefined;
  function List({ follow }: { follow: number }) {
    scroll = usePinnedScroll(follow, threshold);
    return (
      <div ref={scroll.viewport} data-testid="viewport" tabIndex={0} onScroll={scroll.onScroll}>
        <div ref={scroll.content}>{follow}</div>
      </div>
    );
  }
  const view = render(<List follow={0} />);
  const viewport = view.getByTestId('viewport');
  const metrics = scrollMetrics(viewport, { scrollHeight: 1000, clientHeight: 400 });
  return { viewport, metrics, scroll: () => scroll as PinnedScroll, follow: (n: number) => view.rerender(<List follow={n} />) };
}

describe('usePinnedScroll', () => {
  it('scrolls to the end on each change of what it follows while pinned', () => {
    const { viewport, metrics, follow } = setup();
    follow(1);
    expect(viewport.scrollTop).toBe(600);
    metrics.scrollHeight = 1300;
    follow(2);
    expect(viewport.scrollTop).toBe(900);
  });

  it('unpins beyond the threshold, stays pinned within it, and jump() pins again with focus', () => {
    const { viewport, metrics, scroll, follow } = setup(48);
    follow(1);
    viewport.scrollTop = 560; // 40 px from the bottom: still pinned
    fireEvent.scroll(viewport);
    expect(scroll().pinned).toBe(true);
    viewport.scrollTop = 500; // 100 px from the bottom
    fireEvent.scroll(viewport);
    expect(scroll().pinned).toBe(false);
    metrics.scrollHeight = 1500;
    follow(2);
    expect(viewport.scrollTop).toBe(500);
    act(() => scroll().jump());
    expect(viewport.scrollTop).toBe(1100);
    expect(viewport).toHaveFocus();
    expect(scroll().pinned).toBe(true);
  });
});
