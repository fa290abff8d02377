'use client';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { joinText } from '../core/session/joinText';
import type { ChatMessage } from '../core/session/types';

/** Messages mounted in slots at once when a long conversation opens (the rest are text until idle time). */
const FIRST_MOUNT = 40;
/** Messages mounted (as plain text) per idle callback while the history fills in. */
const IDLE_BATCH = 300;
const NO_GROUPS: ReadonlySet<number> = new Set();

/** What {@link useMessageWindow} tells `LongHistory` to render. */
export interface MessageWindow {
  /** Index of the first message mounted in a slot; the ones before it are text groups... */
  from: number;
  /** ...except the groups starting at these indexes (a multiple of `MESSAGE_GROUP`), mounted in slots once near the viewport. */
  groups: ReadonlySet<number>;
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

/** What a scrolled frame finds within one viewport height of the visible part of the list. */
interface NearViewport {
  /** Ids of the slots there. */
  near: string[];
  /** Starts (`data-start`) of the text groups there. */
  texts: number[];
  anchor: Anchor | null;
}

/** The elements of `boxes` (in document order) from the first whose bottom is at or below `top` to the last whose top is at or above `bottom`. */
function boxesBetween(boxes: HTMLCollection, top: number, bottom: number): HTMLElement[] {
  const found: HTMLElement[] = [];
  for (let i = firstBelow(boxes, top); i < boxes.length && (boxes[i] as Element).getBoundingClientRect().top <= bottom; i += 1) found.push(boxes[i] as HTMLElement);
  return found;
}

/**
 * The ids of the slots (`data-id`, in the groups of the blocks that are `content`'s children:
 * the history box) and the text groups within one viewport height above or below the visible
 * part of `viewport`: binary searches on their positions, so a scroll frame costs O(log n)
 * layout reads. The anchor is the first slot whose bottom is below the middle of the
 * viewport, or, when a text group is across the middle, the message there (`textAnchor`).
 */
function nearViewport(viewport: HTMLElement, content: HTMLElement, textAnchor: (group: HTMLElement, middle: number) => Anchor | null): NearViewport {
  const box = viewport.getBoundingClientRect();
  const top = box.top - box.height;
  const bottom = box.bottom + box.height;
  const middle = box.top + box.height / 2;
  const found: NearViewport = { near: [], texts: [], anchor: null };
  for (const block of boxesBetween(content.children, top, bottom)) {
    for (const group of boxesBetween(block.children, top, bottom)) {
      if (group.dataset.render === 'text') {
        found.texts.push(Number(group.dataset.start));
        if (!found.anchor && group.getBoundingClientRect().bottom > middle) found.anchor = textAnchor(group, middle);
        continue;
      }
      for (const slot of boxesBetween(group.children, top, bottom)) {
        const rect = slot.getBoundingClientRect();
        if (!slot.dataset.id) continue;
        found.near.push(slot.dataset.id);
        if (!found.anchor && rect.bottom > middle) found.anchor = { slot, top: rect.top - box.top };
      }
    }
  }
  return found;
}

/**
 * The message of a text group ({@link MessageTextGroup}: `messages[start..end)` as one text
 * node, blank lines between them) whose text starts last at or above `middle`, as an anchor
 * by id: once the group is replaced by slots, that message's slot is kept where its text was.
 */
function messageInText(group: HTMLElement, messages: readonly ChatMessage[], middle: number, viewportTop: number): Anchor | null {
  const text = group.firstElementChild?.firstChild;
  if (!text || text.nodeType !== 3) return null;
  const length = (text as Text).length;
  const range = document.createRange();
  let anchor: Anchor | null = null;
  let offset = 0;
  for (let i = Number(group.dataset.start); i < Number(group.dataset.end) && offset < length; i += 1) {
    range.setStart(text, offset);
    range.setEnd(text, offset + 1);
    const top = range.getBoundingClientRect().top;
    if (top > middle) break;
    anchor = { slot: (messages[i] as ChatMessage).id, top: top - viewportTop };
    offset += joinText((messages[i] as ChatMessage).parts).length + 2;
  }
  return anchor;
}

/** What to keep in place while messages above it change height, and where its top was, px from the viewport's top: a slot, or the id of a message whose slot is not mounted yet. */
interface Anchor {
  slot: HTMLElement | string;
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
 * full. At first only the last {@link FIRST_MOUNT} are mounted in slots; the older ones are
 * text groups until idle time mounts them ({@link IDLE_BATCH} per callback, as plain text), or
 * until the group comes within one viewport height of the visible part (scrolled to, or found
 * by find-in-page). A message renders in full (markdown, tool cards) once it comes within
 * one viewport height of the visible part, and at most `maxRendered` do so at once (the least
 * recently near go back to plain text).
 *
 * While the list is not pinned to the bottom, the message across the middle of the viewport
 * stays where it is when messages above it change height (the browser's own scroll
 * anchoring is turned off on the viewport, so the two never correct twice). Internal to
 * `MessageList` (its lazy long-conversation chunk).
 *
 * @example const window = useMessageWindow(messages, viewport, history, isPinned, 60); // history: the box of the groups
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
  const [mounted, setMounted] = useState({ first, from: start, groups: NO_GROUPS });
  const fresh = useRef(mounted);
  fresh.current = { first, from: start, groups: NO_GROUPS };
  const current = mounted.first === first;
  const from = current ? Math.min(mounted.from, messages.length) : start;
  const groups = current ? mounted.groups : NO_GROUPS;
  /** Updates the state of this conversation (the fresh one if another conversation's is kept). */
  const update = useCallback((change: (was: typeof mounted) => typeof mounted) => setMounted((was) => change(was.first === fresh.current.first ? was : fresh.current)), []);
  const [full, setFull] = useState<readonly string[]>([]);
  const fullSet = useMemo(() => new Set(full), [full]);

  const fullRef = useRef(full);
  fullRef.current = full;
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const anchor = useRef<Anchor | null>(null);

  /** Messages above the anchor changed height (plain text -> markdown, text -> slots, first layout): scroll by as much. */
  const keepAnchor = useCallback((): void => {
    const kept = anchor.current;
    const el = viewport.current;
    const slot = typeof kept?.slot === 'string' ? content.current?.querySelector(`[data-id="${CSS.escape(kept.slot)}"]`) : kept?.slot;
    if (!kept || !el || !slot?.isConnected || isPinned()) return;
    const moved = slot.getBoundingClientRect().top - el.getBoundingClientRect().top - kept.top;
    if (Math.abs(moved) >= 1) el.scrollTop += moved;
  }, [viewport, content, isPinned]);

  const upgrade = useCallback((): void => {
    const el = viewport.current;
    const inner = content.current;
    if (!el || !inner) return;
    const viewportTop = el.getBoundingClientRect().top;
    const found = nearViewport(el, inner, (group, middle) => messageInText(group, messagesRef.current, middle, viewportTop));
    // Pinned, the list follows the bottom (where no text group is: a stale scroll position
    // before the list scrolled there proves nothing); elsewhere the message across the middle
    // stays put, and a text group near the viewport (scrolled to, or found by find-in-page)
    // mounts its slots now.
    const pinned = isPinned();
    anchor.current = pinned ? null : found.anchor;
    if (!pinned && found.texts.length > 0) update((was) => ({ ...was, groups: new Set([...was.groups, ...found.texts]) }));
    const previous = fullRef.current;
    if (found.near.every((id) => previous.includes(id))) return;
    const keep = new Set(found.near);
    setFull([...found.near, ...previous.filter((id) => !keep.has(id))].slice(0, Math.max(maxRendered, found.near.length)));
  }, [viewport, content, isPinned, maxRendered, update]);

  useLayoutEffect(keepAnchor, [full, groups, from, keepAnchor]);
  useLayoutEffect(upgrade, [from, groups, messages.length, upgrade]);

  // In the commit that mounts the history: a scroll right after it (a find-in-page match) is seen.
  useLayoutEffect(() => {
    const el = viewport.current;
    const inner = content.current;
    return el && inner ? watchViewport(el, inner, keepAnchor, upgrade, () => (anchor.current = null)) : undefined;
  }, [viewport, content, keepAnchor, upgrade]);

  useEffect(() => {
    if (from === 0) return undefined;
    return idle(() => update((was) => ({ ...was, from: Math.max(0, from - IDLE_BATCH) })));
  }, [first, from, update]);

  return { from, groups, full: fullSet };
}
