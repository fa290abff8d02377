import type { ConversationListEvent, ConversationSummary } from './ConversationSummary';

/**
 * The one fold of a user's conversation list: `(list, event) -> list`, most recently updated
 * first. A summary replaces the entry of its id (or is added); `conversation-deleted`
 * removes it. Pure: returns `list` itself when the event changes nothing.
 *
 * @example
 * ```ts
 * const list = applyConversationEvent([], { type: 'conversation-deleted', conversationId: 'c1', at: 0 });
 * ```
 */
export function applyConversationEvent(list: readonly ConversationSummary[], event: ConversationListEvent): readonly ConversationSummary[] {
  if (event.type === 'conversation-deleted') {
    const rest = list.filter((c) => c.conversationId !== event.conversationId);
    return rest.length === list.length ? list : rest;
  }
  const next = event.conversation;
  const old = list.find((c) => c.conversationId === next.conversationId);
  if (old && sameSummary(old, next)) return list;
  return sortConversations([...list.filter((c) => c.conversationId !== next.conversationId), next]);
}

/** Most recently updated first; ties by id, descending (the server's order). */
export function sortConversations(list: ConversationSummary[]): ConversationSummary[] {
  return list.sort((a, b) => b.updatedAt - a.updatedAt || (a.conversationId < b.conversationId ? 1 : a.conversationId > b.conversationId ? -1 : 0));
}

function sameSummary(a: ConversationSummary, b: ConversationSummary): boolean {
  return a.title === b.title && a.updatedAt === b.updatedAt && a.messageCount === b.messageCount && a.running === b.running && a.createdAt === b.createdAt;
}
