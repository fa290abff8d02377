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
/** The last tree a path was computed for, its selection, the path as indexes into it, and the path. */
let last: [readonly ChatMessage[], Readonly<Record<string, string>>, number[], ChatMessage[]] | undefined;

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
  // A streamed frame replaces a message object, not the path: the last path, with the new
  // objects at their places (one pass; no path built again message by message).
  let at = last?.[1] === selection && last[0].length === tree.length ? last[2] : [];
  let path = at.length ? last?.[3].slice() : undefined;
  for (let i = 0; path && i < tree.length; i += 1) {
    const m = tree[i] as ChatMessage;
    const w = (last as NonNullable<typeof last>)[0][i] as ChatMessage;
    if (m !== w) {
      if (m.id !== w.id || m.parentId !== w.parentId) path = undefined;
      else if (at.includes(i)) path[at.indexOf(i)] = m;
    }
  }
  if (!path) {
    // The child shown after each key: the one `selection` names, else the last one.
    const shown = new Map<string, number>();
    parentKeys(tree).forEach((key, i) => {
      const was = shown.get(key);
      if (was === undefined || tree[was]?.id !== selection[key]) shown.set(key, i);
    });
    at = [];
    // At most one step per message: a malformed tree (a cycle) ends there.
    for (let i = shown.get(''); i !== undefined && at.length < tree.length; i = shown.get((tree[i] as ChatMessage).id)) at.push(i);
    path = at.map((i) => tree[i] as ChatMessage);
  }
  cache.set(tree, [selection, path]);
  last = [tree, selection, at, path];
  return path;
}
