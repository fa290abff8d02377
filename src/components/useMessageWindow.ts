'use client';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { ChatMessage } from '../core/session/types';
import { ESTIMATED_GAP, estimateMessageHeight } from './estimateMessageHeight';

/** Messages mounted at once when a long conversation opens (the rest wait for idle time). */
const FIRST_MOUNT = 40;
/** Messages mounted (as plain text) per idle callback while the history fills in. */
const IDLE_BATCH = 300;

/** What {@link useMessageWindow} tells `LongHistory` to render. */
export interface MessageWindow {
  /** Index of the first mounted message; the ones before it are one spacer of `spacer` px. */
  from: number;
  spacer: number;
  /** Ids of the messages rendered in full (the others are plain text). */
  full: ReadonlySet<string>;
}

const idle = (run: () => void): (() => void) => {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(run, { timeout: 500 });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(run, 16);
  return () => clearTimeout(handle);
};

/** Index of the first of `boxes` whose bottom is at or below `top` (they are in document order). */
function firstBelow(boxes: HTMLCollection, top: number): number {
  let low = 0;
  let high = boxes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((boxes[middle] as Element).getBoundingClientRect().bottom < top) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The ids of the slots (`data-id`, inside the groups that are `content`'s children) within
 * one viewport height above or below the visible part of `viewport`: binary searches on
 * their positions, so a scroll frame costs O(log n) layout reads.
 */
function slotsNearViewport(viewport: HTMLElement, content: HTMLElement): { near: string[]; anchor: Anchor | null } {
  const box = viewport.getBoundingClientRect();
  const top = box.top - box.height;
  const bottom = box.bottom + box.height;
  const middle = box.top + box.height / 2;
  const near: string[] = [];
  let anchor: Anchor | null = null;
  const groups = content.children;
  for (let g = firstBelow(groups, top); g < groups.length; g += 1) {
    const group = groups[g] as HTMLElement;
    if (group.getBoundingClientRect().top > bottom) break;
    const slots = group.children;
    for (let i = firstBelow(slots, top); i < slots.length; i += 1) {
      const slot = slots[i] as HTMLElement;
      const rect = slot.getBoundingClientRect();
      if (rect.top > bottom) break;
      if (!slot.dataset.id) continue;
      near.push(slot.dataset.id);
      if (!anchor && rect.bottom > middle) anchor = { slot, top: rect.top - box.top };
    }
  }
  return { near, anchor };
}

/** The slot across the middle of the viewport, and where its top was, px from the viewport's top. */
interface Anchor {
  slot: HTMLElement;
  top: number;
}

/**
 * While mounted: `resized` after the content changed size (before paint), `dropAnchor` on
 * every scroll (the user, or a correction, moved: the anchor is taken again) and `scrolled`
 * once per scrolled frame; the browser's scroll anchoring off. Returns the cleanup.
 */
function watchViewport(el: HTMLElement, inner: HTMLElement, resized: () => void, scrolled: () => void, dropAnchor: () => void): () => void {
  const observer = new ResizeObserver(resized);
  observer.observe(inner);
  let frame = 0;
  const onScroll = (): void => {
    dropAnchor();
    if (frame === 0) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        scrolled();
      });
    }
  };
  el.addEventListener('scroll', onScroll, { passive: true });
  el.style.overflowAnchor = 'none';
  return () => {
    observer.disconnect();
    cancelAnimationFrame(frame);
    el.removeEventListener('scroll', onScroll);
    el.style.overflowAnchor = '';
  };
}

/**
 * Decides which earlier messages of a long conversation are mounted and which render in
 * full. At first only the last {@link FIRST_MOUNT} are mounted; the older ones follow in idle
 * time ({@link IDLE_BATCH} per callback, as plain text, with a spacer of their estimated
 * height until then). A message renders in full (markdown, tool cards) once it comes within
 * one viewport height of the visible part, and at most `maxRendered` do so at once (the least
 * recently near go back to plain text).
 *
 * While the list is not pinned to the bottom, the message across the middle of the viewport
 * stays where it is when messages above it change height (the browser's own scroll
 * anchoring is turned off on the viewport, so the two never correct twice). Internal to
 * `MessageList` (its lazy long-conversation chunk).
 *
 * @example const window = useMessageWindow(history, viewport, content, isPinned, 60);
 */
export function useMessageWindow(
  messages: readonly ChatMessage[],
  viewport: RefObject<HTMLElement | null>,
  content: RefObject<HTMLElement | null>,
  isPinned: () => boolean,
  maxRendered: number,
): MessageWindow {
  const first = messages[0]?.id;
  const start = Math.max(0, messages.length - FIRST_MOUNT);
  // Restart when another conversation is shown (its first message differs).
  const [mounted, setMounted] = useState({ first, from: start });
  const from = mounted.first === first ? Math.min(mounted.from, messages.length) : start;
  const [full, setFull] = useState<readonly string[]>([]);
  const fullSet = useMemo(() => new Set(full), [full]);

  const spacer = useMemo(() => {
    let height = 0;
    for (let i = 0; i < from; i += 1) height += estimateMessageHeight(messages[i] as ChatMessage) + ESTIMATED_GAP;
    return height;
  }, [messages, from]);

  const fullRef = useRef(full);
  fullRef.current = full;
  const anchor = useRef<Anchor | null>(null);

  /** Messages above the anchor changed height (plain text -> markdown, first layout): scroll by as much. */
  const keepAnchor = useCallback((): void => {
    const kept = anchor.current;
    const el = viewport.current;
    if (!kept || !el || !kept.slot.isConnected || isPinned()) return;
    const moved = kept.slot.getBoundingClientRect().top - el.getBoundingClientRect().top - kept.top;
    if (Math.abs(moved) >= 1) el.scrollTop += moved;
  }, [viewport, isPinned]);

  const upgrade = useCallback((): void => {
    const el = viewport.current;
    const inner = content.current;
    if (!el || !inner) return;
    const { near, anchor: first } = slotsNearViewport(el, inner);
    // Pinned, the list follows the bottom; elsewhere the message across the middle stays put.
    anchor.current = isPinned() ? null : first;
    const previous = fullRef.current;
    if (near.every((id) => previous.includes(id))) return;
    const keep = new Set(near);
    setFull([...near, ...previous.filter((id) => !keep.has(id))].slice(0, Math.max(maxRendered, near.length)));
  }, [viewport, content, isPinned, maxRendered]);

  useLayoutEffect(keepAnchor, [full, keepAnchor]);
  useLayoutEffect(upgrade, [from, messages.length, upgrade]);

  useEffect(() => {
    const el = viewport.current;
    const inner = content.current;
    return el && inner ? watchViewport(el, inner, keepAnchor, upgrade, () => (anchor.current = null)) : undefined;
  }, [viewport, content, keepAnchor, upgrade]);

  useEffect(() => {
    if (from === 0) return undefined;
    return idle(() => setMounted({ first, from: Math.max(0, from - IDLE_BATCH) }));
  }, [first, from]);

  return { from, spacer, full: fullSet };
}
