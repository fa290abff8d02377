'use client';
import { useRef, type KeyboardEvent } from 'react';

/** Handlers {@link useEnterToSend} gives a textarea. */
export interface EnterToSendHandlers {
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  onCompositionStart: () => void;
  onCompositionEnd: () => void;
}

/**
 * Enter calls `send`, Shift+Enter adds a line, and Enter while an IME is composing (the
 * composition events, `isComposing`, or key code 229) does nothing. Internal to `Composer`.
 *
 * @example <textarea {...useEnterToSend(send)} />
 */
export function useEnterToSend(send: () => void): EnterToSendHandlers {
  const composing = useRef(false);
  return {
    onKeyDown(event) {
      if (event.key !== 'Enter' || event.shiftKey) return;
      if (composing.current || event.nativeEvent.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      send();
    },
    onCompositionStart() {
      composing.current = true;
    },
    onCompositionEnd() {
      composing.current = false;
    },
  };
}
