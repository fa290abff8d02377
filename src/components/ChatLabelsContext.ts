'use client';
import { createContext } from 'react';
import type { ChatLabels } from './labels';

/**
 * The `labels` in effect for the parts below it: the keys you give replace the English
 * defaults (`defaultLabels`), the rest stay. `ChatWidget` and `ThreadListWidget` provide it
 * from their `labels` prop; wrap your own composition in it to translate parts used alone.
 * Keep the value stable (a constant or `useMemo`): a new object re-renders every message.
 *
 * @example <ChatLabelsContext.Provider value={{ send: 'Envoyer' }}>...</ChatLabelsContext.Provider>
 */
export const ChatLabelsContext = createContext<Partial<ChatLabels>>({});
