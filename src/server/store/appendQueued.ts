import type { ChatEvent } from '../../core/events';
import type { ConversationStore } from './ConversationStore';

/**
 * An append that tells its outcome through `done` instead of a promise: `done(null, seq)`
 * once written, `done(error, 0)` when not. For a generation's pipelined appends, where a
 * promise, its reaction and a microtask per event are pure overhead (one `done` serves
 * every event of the generation).
 */
export type AppendQueued = (conversationId: string, event: ChatEvent, done: (error: unknown, seq: number) => void) => void;

/** Where a store built here keeps its {@link AppendQueued} (not part of the public store interface). */
const APPEND_QUEUED = Symbol('chatwire.appendQueued');

/** Gives `store` a promise-free append (a hidden property: the store's type and keys do not change). */
export function offerAppendQueued<T extends object>(store: T, append: AppendQueued): T {
  Object.defineProperty(store, APPEND_QUEUED, { value: append });
  return store;
}

/** The promise-free append `store` offers, if any (stores written elsewhere have none). */
export function appendQueuedOf(store: ConversationStore): AppendQueued | undefined {
  return (store as unknown as Record<symbol, AppendQueued | undefined>)[APPEND_QUEUED];
}
