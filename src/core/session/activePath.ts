import type { ChatMessage } from './types';

/**
 * The key of the message each message of `tree` follows: its `parentId` when that message
 * is in the tree before it; `''` (the conversation's start) for a first prompt and for a
 * message whose parent is no longer kept (trimmed to a store's bound); the message before it
 * for a message written without branches (no `parentId`). Internal.
 */
export function parentKeys(tree: readonly ChatMessage[]): string[] {
  const ids = new Set<string>();
  return tree.map((m, i) => {
    const key = m.parentId ?? tree[i - 1]?.id ?? '';
    ids.add(m.id);
    return ids.has(key) ? key : '';
  });
}

const cache = new WeakMap<readonly ChatMessage[], [Readonly<Record<string, string>>, ChatMessage[]]>();

/**
 * The active path through a message tree: from the conversation's start, at each message
 * the child `selection` names (its key: the message id, `''` for the start), else the child
 * created last. `tree` is every known message in the order they were created (siblings in
 * that order), as `ChatState.messages` and the history route's `messages` hold it. Pure (the
 * same arrays give the same path array); the client's hooks and the server's history and
 * model context use it, so every tab, device and replica shows, and the model reads, the
 * same path.
 *
 * @example
 * ```ts
 * activePath(state.messages, state.selection); // what the conversation shows, oldest first
 * ```
 */
export function activePath(tree: readonly ChatMessage[], selection: Readonly<Record<string, string>>): ChatMessage[] {
  const hit = cache.get(tree);
  if (hit?.[0] === selection) return hit[1];
  const keys = parentKeys(tree);
  const children = new Map<string, ChatMessage[]>();
  tree.forEach((m, i) => children.set(keys[i] as string, [...(children.get(keys[i] as string) ?? []), m]));
  const path: ChatMessage[] = [];
  // At most one step per message: a malformed tree (a cycle) ends there.
  for (let key = ''; path.length < tree.length; ) {
    const kids = children.get(key) ?? [];
    const pick = kids.find((k) => k.id === selection[key]) ?? kids.at(-1);
    if (!pick) break;
    path.push(pick);
    key = pick.id;
  }
  cache.set(tree, [selection, path]);
  return path;
}
