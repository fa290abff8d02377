'use client';
import { useContext } from 'react';
import { ChatComponentsContext } from './ChatComponentsContext';
import type { ChatComponents } from './types';

/**
 * The `components` map from the nearest {@link ChatComponentsContext} (empty when none).
 *
 * @example const { ToolCallCard = DefaultToolCallCard } = useChatComponents();
 */
export function useChatComponents(): ChatComponents {
  return useContext(ChatComponentsContext);
}
