import { parentKeys } from './activePath';
import type { ChatMessage } from './types';

/** Where a message stands among its siblings: `index` (0-based) of `count` (at least 1). */
export interface BranchInfo {
  index: number;
  count: number;
}

/** The branch positions of one tree, computed once per tree array (it changes identity on every change). */
const cache = new WeakMap<readonly ChatMessage[], Map<string, { index: number; count: number; siblings: string[] }>>();

/**
 * Where the message `id` stands among its siblings (the messages following the same
 * message: edits of a prompt, regenerations of an answer), in the order they were created,
 * with their ids; `undefined` when `tree` has no such message. Internal.
 */
export function siblingsOf(tree: readonly ChatMessage[], id: string): { index: number; count: number; siblings: string[] } | undefined {
  let positions = cache.get(tree);
  if (!positions) {
    positions = new Map();
    const groups = new Map<string, string[]>();
    const keys = parentKeys(tree);
    keys.forEach((key, i) => {
      const group = groups.get(key);
      if (group) group.push((tree[i] as ChatMessage).id);
      else groups.set(key, [(tree[i] as ChatMessage).id]);
    });
    for (const siblings of groups.values()) {
      siblings.forEach((sibling, index) => positions?.set(sibling, { index, count: siblings.length, siblings }));
    }
    cache.set(tree, positions);
  }
  return positions.get(id);
}
