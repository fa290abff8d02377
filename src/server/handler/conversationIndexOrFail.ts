import type { ConversationIndex } from '../store/ConversationIndex';
import { conversationIndexOf } from './guardConversationIndex';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';

/** The guarded store's conversation list, or 501 when the store keeps none. */
export function conversationIndexOrFail(ctx: HandlerContext): ConversationIndex {
  const index = conversationIndexOf(ctx.db);
  if (index) return index;
  throw new HttpError(
    501,
    'conversation_list_unsupported',
    'This chat server\'s store keeps no conversation list (it lacks the ConversationIndex members). Use createMemoryStore or createRedisStore, or implement them.',
  );
}
