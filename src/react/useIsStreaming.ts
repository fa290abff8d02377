'use client';
import { useCallback } from 'react';
import { isActivePhase } from '../core/session/phases';
import type { ChatStoreState } from '../core/store/createChatStore';
import { useChatStore } from './useChatStore';

/**
 * Whether the nearest `ChatProvider`'s conversation is generating an answer; given a message
 * id, whether that message is the answer being written (the last message, from the assistant,
 * while a generation is under way): the flag a custom message renders its cursor or "thinking"
 * state from. Re-renders only when the flag flips, not on every token.
 *
 * @example
 * ```tsx
 * function Answer({ id }: { id: string }) {
 *   const message = useMessage(id);
 *   const streaming = useIsStreaming(id);
 *   return message ? <StreamingMarkdown streaming={streaming}>{textOf(message)}</StreamingMarkdown> : null;
 * }
 * ```
 */
export function useIsStreaming(id?: string): boolean {
  const select = useCallback(
    (s: ChatStoreState): boolean => {
      if (!isActivePhase(s.phase)) return false;
      if (id === undefined) return true;
      const last = s.messages[s.messages.length - 1];
      return last?.role === 'assistant' && last.id === id;
    },
    [id],
  );
  return useChatStore(select, Object.is);
}
