import { parentKeys } from './activePath';
import type { Session } from './createSession';
import type { ChatMessage } from './types';

/**
 * Where an edit (`role: 'user'`) or a regeneration (`'assistant'`) of the message `id` goes:
 * the key of its parent (`''` the start), or a rejected promise naming what was wrong.
 * Internal.
 */
export function placeOf(session: Session, id: string, role: ChatMessage['role'], action: string): string | Promise<never> {
  const { tree } = session.state;
  const at = tree.findIndex((m) => m.id === id);
  const found = tree[at];
  if (found?.role === role) return parentKeys(tree)[at] as string;
  const wanted = role === 'user' ? 'a prompt (a user message)' : 'an answer (an assistant message)';
  return Promise.reject(new Error(`chatwire: ${action}() takes the id of ${wanted}; received "${id}", ${found ? `which is ${found.role === 'user' ? 'a prompt' : 'an answer'}` : 'which this conversation does not have'}.`));
}
