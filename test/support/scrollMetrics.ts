/** The scroll metrics {@link scrollMetrics} gives an element: set them, and `scrollTop` is clamped. */
export interface ScrollMetrics {
  scrollHeight: number;
  clientHeight: number;
  scrollTop: number;
}

/**
 * jsdom has no layout: gives `el` scroll metrics the test controls, `scrollTop` clamped to
 * `[0, scrollHeight - clientHeight]` like a browser's. Returns the live values to change.
 */
export function scrollMetrics(el: HTMLElement, init: { scrollHeight: number; clientHeight: number }): ScrollMetrics {
  const m = { ...init, scrollTop: 0 };
  Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => m.scrollHeight });
  Object.defineProperty(el, 'clientHeight', { configurable: true, get: () => m.clientHeight });
  Object.defineProperty(el, 'scrollTop', {
    configurable: true,
    get: () => m.scrollTop,
    set: (v: number) => {
      m.scrollTop = Math.max(0, Math.min(v, m.scrollHeight - m.clientHeight));
    },
  });
  return m;
}
