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

/**
 * The active path through a message tree: from the conversation's start, at each message
 * the child `selection` names (its key: the message id, `''` for the start), else the child
 * created last. `tree` is every known message in the order they were created (siblings in
 * that order). Pure; the client's reducer and the server's history and model context use it,
 * so every tab, device and replica shows, and the model reads, the same path.
 *
 * @example
 * ```ts
 * activePath(tree, { '': 'u1', u1: 'a1' }); // [u1, a1, ...a1's own latest branch]
 * ```
 */
export function activePath(tree: readonly ChatMessage[], selection: Readonly<Record<string, string>>): ChatMessage[] {
  const keys = parentKeys(tree);
  const path: ChatMessage[] = [];
  for (let key = ''; ; ) {
    const kids = tree.filter((_, i) => keys[i] === key);
    const pick = kids.find((k) => k.id === selection[key]) ?? kids.at(-1);
    // A malformed tree (a cycle) ends the path.
    if (!pick || path.includes(pick)) return path;
    path.push(pick);
    key = pick.id;
  }
}
