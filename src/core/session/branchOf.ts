import { parentKeys } from './activePath';
import type { ChatMessage } from './types';

/** Where a message stands among its siblings: `index` (0-based) of `count` (at least 1). */
export interface BranchInfo {
  index: number;
  count: number;
}

/** `a` and `b` hold the same messages (ids, parents) at the same places; some may be new objects (a streamed answer's text). */
function sameShape(a: readonly ChatMessage[], b: readonly ChatMessage[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    const m = a[i] as ChatMessage;
    const n = b[i] as ChatMessage;
    if (m !== n && (m.id !== n.id || m.parentId !== n.parentId)) return false;
  }
  return true;
}

/** The branch positions of one tree, computed once per tree array (it changes identity on every change). */
const cache = new WeakMap<readonly ChatMessage[], Map<string, { index: number; count: number; siblings: string[] }>>();

/** The last tree positions were computed for: a streamed answer changes one message's text, not the positions. */
let last: [readonly ChatMessage[], Map<string, { index: number; count: number; siblings: string[] }>] | undefined;

/**
 * Where the message `id` stands among its siblings (the messages following the same
 * message: edits of a prompt, regenerations of an answer), in the order they were created,
 * with their ids; `undefined` when `tree` has no such message. Computed once per tree array,
 * and kept while a new tree only replaces message objects (every streamed frame), so a long
 * conversation's positions are not rebuilt per frame. Internal.
 */
export function siblingsOf(tree: readonly ChatMessage[], id: string): { index: number; count: number; siblings: string[] } | undefined {
  let positions = cache.get(tree);
  if (!positions) {
    positions = last && sameShape(last[0], tree) ? last[1] : positionsOf(tree);
    cache.set(tree, positions);
    last = [tree, positions];
  }
  return positions.get(id);
}

function positionsOf(tree: readonly ChatMessage[]): Map<string, { index: number; count: number; siblings: string[] }> {
  const positions = new Map<string, { index: number; count: number; siblings: string[] }>();
  const groups = new Map<string, string[]>();
  parentKeys(tree).forEach((key, i) => {
    const group = groups.get(key);
    if (group) group.push((tree[i] as ChatMessage).id);
    else groups.set(key, [(tree[i] as ChatMessage).id]);
  });
  for (const siblings of groups.values()) siblings.forEach((sibling, index) => positions.set(sibling, { index, count: siblings.length, siblings }));
  return positions;
}
