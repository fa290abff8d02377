import type { HandlerContext } from './HandlerContext';
import { jsonResponse } from './sseResponse';

/**
 * `GET {base}/{id}/messages`: the completed messages, the generation in flight (if any)
 * and `lastSeq`, the seq to resume from to get that generation from its first event.
 */
export async function historyRoute(ctx: HandlerContext, request: Request, conversationId: string): Promise<Response> {
  await ctx.requireOwner(conversationId, await ctx.authenticate(request));
  const [messages, registered, last] = await Promise.all([
    ctx.store.getMessages(conversationId),
    ctx.store.getActiveStream(conversationId),
    ctx.store.lastSeq(conversationId),
  ]);
  // A generation whose answer is already persisted is only writing its last event.
  const active = registered && !messages.some((m) => m.id === registered.messageId) ? registered : null;
  return jsonResponse({
    conversationId,
    messages,
    lastSeq: active ? active.startSeq - 1 : last,
    activeStream: active ? { streamId: active.streamId, messageId: active.messageId, startSeq: active.startSeq } : null,
  });
}
