'use client';
import { forwardRef, useContext, useEffect, useSyncExternalStore } from 'react';
import { ChatStoreContext } from '../react/ChatStoreContext';
import { ChatComponentsContext } from './ChatComponentsContext';
import { ChatLabelsContext } from './ChatLabelsContext';
import { cx } from './cx';
import { loadToolCallCard } from './loadToolCallCard';
import type { ToolCallCardProps } from './ToolCallCard';
import type { toolCallCardChunk } from './toolCallCardChunk';

let loaded: typeof toolCallCardChunk | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the tool card's chunk once per page; a chunk that fails to load is logged, and the
 * next card to render tries again. `Message` starts it when an answer is being written,
 * before its first tool call. Internal.
 */
export function preloadToolCallCard(): Promise<void> {
  return (loading ??= loadToolCallCard().then(
    (m) => {
      loaded = m.toolCallCardChunk;
    },
    (e: unknown) => {
      loading = undefined;
      console.error('chatwire: the tool card could not be loaded, so tool calls show their names only:', e);
    },
  ));
}

const subscribe = (onLoad: () => void): (() => void) => {
  let listening = true;
  if (!loaded) void preloadToolCallCard().then(() => listening && onLoad());
  return () => {
    listening = false;
  };
};

/**
 * `Message`'s default tool card: {@link ToolCallCard}, loaded on demand, so apps whose
 * answers have no tool calls do not load it with the page. `Message` starts loading it as
 * an answer is being written; a tool call rendered before it is there (in a history loaded
 * with the page) shows as the card's frame with the tool's name, `aria-busy`, and so does
 * the server's HTML. The chunk's contexts are provided from the page's own
 * (`toolCallCardChunk`). Internal.
 */
export const LazyToolCallCard = forwardRef<HTMLDivElement, ToolCallCardProps>(function LazyToolCallCard(props, ref) {
  const chunk = useSyncExternalStore(subscribe, () => loaded, () => undefined);
  const values = [useContext(ChatStoreContext), useContext(ChatComponentsContext), useContext(ChatLabelsContext)] as const;
  if (chunk) {
    const [Store, Components, Labels] = chunk.contexts;
    return (
      <Store.Provider value={values[0]}>
        <Components.Provider value={values[1]}>
          <Labels.Provider value={values[2]}>
            <chunk.ToolCallCard ref={ref} {...props} />
          </Labels.Provider>
        </Components.Provider>
      </Store.Provider>
    );
  }
  const { part, className, defaultResultOpen: _open, now: _now, onDecide: _decide, ...rest } = props;
  return (
    <div ref={ref} {...rest} className={cx('cw-tool-call', className)} data-tool={part.name} data-tool-call-id={part.toolCallId} aria-busy="true">
      <div className="cw-tool-call-header">
        <span className="cw-tool-call-name">{part.name}</span>
      </div>
    </div>
  );
});

/**
 * Starts loading the default tool card while `live` (an answer is being written), so it is
 * there for the answer's first tool call; nothing when `card`, the tool card in use, is the
 * app's own. Internal to `Message`.
 */
export function usePreloadToolCallCard(live: boolean, card: unknown): void {
  useEffect(() => {
    if (live && card === LazyToolCallCard) void preloadToolCallCard();
  }, [live, card]);
}
