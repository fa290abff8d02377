import { activePath } from './activePath';
import type { ChatState } from './ChatState';
import type { ChatMessage } from './types';

/** Pure helpers of the reducer for the message tree (docs/branches.md). Internal to the session room. */

/** The parent a new message gets when nothing names one: the end of the active path, or the start. */
export const pathEnd = (state: ChatState): string => activePath(state.messages, state.selection).at(-1)?.id ?? '';

/** `state`'s messages and selection with `added` (each with its `parentId`) after the messages it had, each its parent's chosen child. */
export function withMessages(state: ChatState, ...added: ChatMessage[]): Pick<ChatState, 'messages' | 'selection'> {
  const selection = { ...state.selection };
  for (const m of added) selection[m.parentId as string] = m.id;
  return { messages: [...state.messages, ...added], selection };
}
