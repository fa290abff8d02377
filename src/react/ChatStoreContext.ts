'use client';
import { createContext } from 'react';
import type { ChatStore } from '../core/store/createChatStore';

/** The store of the nearest `ChatProvider`, `null` outside one. */
export const ChatStoreContext = createContext<ChatStore | null>(null);
