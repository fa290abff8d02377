'use client';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useIsomorphicLayoutEffect } from '../markdown/react/useIsomorphicLayoutEffect';

/** What {@link usePinnedScroll} gives the list: refs to attach, the state, and handlers. */
export interface PinnedScroll {
  /** The scrolling element. */
  viewport: RefObject<HTMLDivElement | null>;
  /** The element inside it whose size changes as content renders. */
  content: RefObject<HTMLDivElement | null>;
  /** The view follows the end of the content. */
  pinned: boolean;
  /** `pinned` as of now, also between a scroll and the render it causes. */
  isPinned: () => boolean;
  /** The viewport's `onScroll`: pins when the user reaches the bottom, unpins above it. */
  onScroll: () => void;
  /** Scrolls to the end, keeps focus in the viewport, and pins. */
  jump: () => void;
}

const scrollToEnd = (el: HTMLElement): void => {
  el.scrollTop = el.scrollHeight;
};

/**
 * Keeps a scrolling viewport at the end of its content while pinned: after every change of
 * `follow` (before paint) and whenever the content grows on its own (highlighting, images;
 * a `ResizeObserver` where there is one). Scrolling up more than `threshold` px from the
 * bottom unpins; scrolling back, or `jump()`, pins again. Internal to `MessageList`.
 *
 * @example const scroll = usePinnedScroll(messages, 48); // <div ref={scroll.viewport} onScroll={scroll.onScroll}>
 */
export function usePinnedScroll(follow: unknown, threshold: number): PinnedScroll {
  const viewport = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  // Read by the observer and effects without re-subscribing; the state renders it.
  const pinnedRef = useRef(true);
  const [pinned, setPinnedState] = useState(true);
  const setPinned = useCallback((next: boolean) => {
    pinnedRef.current = next;
    setPinnedState(next);
  }, []);

  useIsomorphicLayoutEffect(() => {
    if (pinnedRef.current && viewport.current) scrollToEnd(viewport.current);
  }, [follow]);

  useEffect(() => {
    const el = viewport.current;
    const inner = content.current;
    if (!el || !inner || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(() => {
      if (pinnedRef.current) scrollToEnd(el);
    });
    observer.observe(inner);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback((): void => {
    const el = viewport.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= threshold;
    if (atBottom !== pinnedRef.current) setPinned(atBottom);
  }, [threshold, setPinned]);

  // The jump button disappears once pinned: keep keyboard focus in the list instead of losing it.
  const jump = useCallback((): void => {
    const el = viewport.current;
    if (el) {
      scrollToEnd(el);
      el.focus({ preventScroll: true });
    }
    setPinned(true);
  }, [setPinned]);

  const isPinned = useCallback(() => pinnedRef.current, []);
  return { viewport, content, pinned, isPinned, onScroll, jump };
}
