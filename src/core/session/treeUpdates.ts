import { activePath, parentKeys } from './activePath';
import type { ChatState } from './ChatState';
import type { ChatMessage } from './types';

/**
 * Pure helpers of the reducer that keep `tree`, `selection` and the active path
 * (`messages`) consistent: path messages are the tree's own objects. Internal to the session room.
 */

type TreeFields = Pick<ChatState, 'tree' | 'selection' | 'messages'>;

/** The parent a new message gets when nothing names one: the end of the active path, or the start. */
export const pathEnd = (state: ChatState): string => state.messages.at(-1)?.id ?? '';

/** The tree's message `id`. */
export const findMessage = (list: readonly ChatMessage[], id: string | null): ChatMessage | undefined => list.find((m) => m.id === id);

/**
 * `tree` with each message of `shown` on the active path: it becomes its parent's chosen
 * child, and each ancestor its own parent's (as the server records when a generation ends).
 */
export function showTree(state: ChatState, tree: ChatMessage[], shown: ChatMessage[]): TreeFields {
  const selection = { ...state.selection };
  const keys = parentKeys(tree);
  for (const m of shown) {
    // Up to the start; at most the tree's size of steps (a malformed tree may have a cycle).
    for (let at = tree.indexOf(m), steps = 0; at >= 0 && steps++ < tree.length; at = keys[at] ? tree.findIndex((p) => p.id === keys[at]) : -1) {
      selection[keys[at] as string] = (tree[at] as ChatMessage).id;
    }
  }
  return { tree, selection, messages: activePath(tree, selection) };
}

/** Puts `message` in place of the message `id` (its own id, or the one it renames) in the tree and on the path. */
export function putMessage(state: ChatState, message: ChatMessage, id = message.id): TreeFields {
  const swap = (list: ChatMessage[]): ChatMessage[] => list.map((m) => (m.id === id ? message : m));
  const tree = swap(state.tree);
  // Renamed, or moved by the server's record of a prompt: the path follows it.
  if (id !== message.id || message.parentId !== findMessage(state.tree, id)?.parentId) return showTree(state, tree, [message]);
  return { tree, selection: state.selection, messages: swap(state.messages) };
}
