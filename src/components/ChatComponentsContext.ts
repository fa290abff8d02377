'use client';
import { createContext } from 'react';
import type { ChatComponents } from './types';

/**
 * The `components` map in effect for the parts below it. `ChatWidget` provides it; wrap
 * your own composition in `<ChatComponentsContext.Provider value={...}>` to replace parts
 * deep inside `MessageList` and `Message`.
 *
 * @example <ChatComponentsContext.Provider value={{ ToolCallCard: MyCard }}>...</ChatComponentsContext.Provider>
 */
export const ChatComponentsContext = createContext<ChatComponents>({});
