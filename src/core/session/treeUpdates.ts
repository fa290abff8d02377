import { activePath } from './activePath';
import type { ChatState } from './ChatState';
import type { ChatMessage } from './types';

/** Pure helpers of the reducer for the message tree (docs/branches.md). Internal to the session room. */

/** The parent a new message gets when nothing names one: the end of the active path, or the start. */
export const pathEnd = (state: ChatState): string => activePath(state.messages, state.selection).at(-1)?.id ?? '';

/**
 * `selection` with the message at `index` of `messages` shown: its parent's chosen child (its
 * key: its `parentId`, or for a message written without branches the message before it);
 * `selection` itself when it was already.
 */
export function showing(messages: ChatMessage[], selection: Record<string, string>, index: number): Record<string, string> {
  const key = messages[index]?.parentId ?? messages[index - 1]?.id ?? '';
  const id = messages[index]?.id as string;
  return selection[key] === id ? selection : { ...selection, [key]: id };
}

/** `state`'s messages and selection with `added` (the last one shown) after the messages it had. */
export function withMessages(state: ChatState, ...added: ChatMessage[]): Pick<ChatState, 'messages' | 'selection'> {
  const messages = [...state.messages, ...added];
  let { selection } = state;
  for (let i = state.messages.length; i < messages.length; i++) selection = showing(messages, selection, i);
  return { messages, selection };
}
