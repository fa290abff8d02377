'use client';
import { createContext } from 'react';
import type { MessageFeedback } from '../core/session/types';

/**
 * The `onFeedback` of the nearest `MessageList` (from `ChatWidget`'s), which every `Message`
 * below it uses when it is given none: messages rendered deep in a long conversation's
 * windowing get it without each layer passing it on. Internal.
 */
export const MessageFeedbackContext = createContext<((messageId: string, value: MessageFeedback | null) => void) | undefined>(undefined);
