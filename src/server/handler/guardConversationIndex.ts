import type { ConversationIndex } from '../store/ConversationIndex';
import type { ConversationStore } from '../store/ConversationStore';

/** The members of {@link ConversationIndex}; a store has a conversation list when it has all of them. */
export const CONVERSATION_INDEX_METHODS = [
  'indexConversation',
  'updateConversation',
  'getConversation',
  'listConversations',
  'deleteConversation',
  'readConversationEvents',
  'lastConversationEventSeq',
  'subscribeConversationEvents',
] as const satisfies readonly (keyof ConversationIndex)[];

/** The store's conversation list, when it keeps one (every member of {@link ConversationIndex}). */
export function conversationIndexOf(store: ConversationStore): ConversationIndex | null {
  return CONVERSATION_INDEX_METHODS.every((name) => typeof store[name] === 'function') ? (store as ConversationIndex) : null;
}

type Call = <T>(name: string, run: () => Promise<T>, undo?: (late: T) => void) => Promise<T>;

/**
 * Adds the conversation-list members of `store` to its guarded twin (see `guardStore`):
 * each call settles within the store timeout or answers 503; a late subscription is stopped.
 */
export function guardIndex(store: ConversationStore, guarded: ConversationStore, call: Call): void {
  const index = conversationIndexOf(store);
  if (!index) return;
  const target = guarded as unknown as Record<string, unknown>;
  for (const name of CONVERSATION_INDEX_METHODS) {
    const method = index[name] as (...args: unknown[]) => Promise<unknown>;
    const undo = name === 'subscribeConversationEvents' ? (stop: unknown) => (stop as () => void)() : undefined;
    target[name] = (...args: unknown[]) => call(name, () => method.apply(index, args), undo);
  }
}
