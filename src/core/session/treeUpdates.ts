import { activePath, parentKeys } from './activePath';
import type { ChatState } from './ChatState';
import type { ChatMessage } from './types';

/**
 * Pure helpers of the reducer that keep `tree`, `selection` and the active path
 * (`messages`) consistent: path messages are the tree's own objects. Internal to the session room.
 */

type TreeFields = Pick<ChatState, 'tree' | 'selection' | 'messages'>;

/** The parent a new message gets when nothing names one: the end of the active path, or the start. */
export function pathEnd(state: ChatState): string {
  return state.messages[state.messages.length - 1]?.id ?? '';
}

/**
 * Adds messages (each with its `parentId`) to the tree; each becomes the active path's end:
 * its parent's chosen child, and each ancestor its own parent's (as the server records when
 * the generation ends).
 */
export function growTree(state: ChatState, added: ChatMessage[]): TreeFields {
  const tree = [...state.tree, ...added];
  const selection = { ...state.selection };
  const keys = parentKeys(tree);
  const index = new Map(tree.map((m, i) => [m.id, i]));
  for (const m of added) {
    // Up from the new message to the start (bounded by the tree's size: a malformed tree has cycles).
    for (let at = index.get(m.id), steps = 0; at !== undefined && steps <= tree.length; steps++) {
      const key = keys[at] as string;
      selection[key] = (tree[at] as ChatMessage).id;
      at = key === '' ? undefined : index.get(key);
    }
  }
  return { tree, selection, messages: activePath(tree, selection) };
}

/** Puts `message` in place of the message `id` (its own id, or the one it renames) in the tree and on the path. */
export function putMessage(state: ChatState, message: ChatMessage, id = message.id): TreeFields {
  const tree = replace(state.tree, id, message);
  if (id === message.id && message.parentId === findLast(state.tree, id)?.parentId) {
    return { tree, selection: state.selection, messages: replace(state.messages, id, message) };
  }
  // Renamed or moved: the selection names the new id, and the path follows.
  const selection: Record<string, string> = {};
  for (const [key, value] of Object.entries(state.selection)) selection[key === id ? message.id : key] = value === id ? message.id : value;
  const keys = parentKeys(tree);
  const at = tree.lastIndexOf(message);
  if (at !== -1) selection[keys[at] as string] = message.id;
  return { tree, selection, messages: activePath(tree, selection) };
}

/** Makes the message `id` its parent's chosen child; `null` when the tree has no such message. */
export function selectBranch(state: ChatState, id: string): TreeFields | null {
  const at = indexOf(state.tree, id);
  if (at === -1) return null;
  const key = parentKeys(state.tree)[at] as string;
  if (state.selection[key] === id && state.messages.some((m) => m.id === id)) return { tree: state.tree, selection: state.selection, messages: state.messages };
  const selection = { ...state.selection, [key]: id };
  return { tree: state.tree, selection, messages: activePath(state.tree, selection) };
}

/** The tree's message `id`, searching from the end (the live answer is usually last). */
export function findLast(list: readonly ChatMessage[], id: string | null): ChatMessage | undefined {
  const at = indexOf(list, id);
  return at === -1 ? undefined : list[at];
}

export function indexOf(list: readonly ChatMessage[], id: string | null): number {
  if (id === null) return -1;
  for (let i = list.length - 1; i >= 0; i--) if (list[i]?.id === id) return i;
  return -1;
}

function replace(list: ChatMessage[], id: string, message: ChatMessage): ChatMessage[] {
  const at = indexOf(list, id);
  if (at === -1) return list;
  const next = list.slice();
  next[at] = message;
  return next;
}
