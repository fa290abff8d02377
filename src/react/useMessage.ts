'use client';
import { useCallback, useRef } from 'react';
import type { ChatStoreState } from '../core/store/createChatStore';
import type { ChatMessage } from '../core/session/types';
import { useChatStoreApi } from './useChatStoreApi';
import { useSelectorWithEquality } from './useSelectorWithEquality';

const same = Object.is;

/**
 * One message of the nearest `ChatProvider`'s conversation, or `undefined` when no message
 * has that id (not yet, or no longer: after a reset, or a local placeholder id the server
 * renamed), so render it as `message ? ... : null`. The component re-renders only when that message changes (messages that did not
 * change keep their identity), so a streaming answer does not re-render the others.
 *
 * @example
 * ```tsx
 * function Row({ id }: { id: string }) {
 *   const message = useMessage(id);
 *   return message ? <Message message={message} /> : null;
 * }
 * ```
 */
export function useMessage(id: string): ChatMessage | undefined {
  const hint = useRef(-1);
  const select = useCallback(
    ({ messages }: ChatStoreState): ChatMessage | undefined => {
      // Where it was last time (a streamed frame moves no message), else searched from the end.
      if (messages[hint.current]?.id !== id) hint.current = messages.findLastIndex((m) => m.id === id);
      return messages[hint.current];
    },
    [id],
  );
  return useSelectorWithEquality(useChatStoreApi('useMessage'), select, same);
}
