import type { HandlerContext } from './HandlerContext';
import { jsonResponse } from './sseResponse';

/**
 * `GET {base}/{id}/messages`: the completed messages (the whole tree, every branch, in the
 * order they were created, at most the store's `maxMessagesPerConversation`), the branch
 * choices (`selection`: the active path is `activePath(messages, selection)`), the
 * generation in flight (if any) and `lastSeq`, the seq to resume from to get that generation from its first event (from
 * its first event still in the log, when its start was trimmed: the answer then begins
 * part-way, never with a gap).
 */
export async function historyRoute(ctx: HandlerContext, request: Request, conversationId: string): Promise<Response> {
  await ctx.requireOwner(conversationId, await ctx.authenticate(request));
  const { db } = ctx;
  const [messages, registered, last, selection] = await Promise.all([
    db.getMessages(conversationId),
    db.getActiveStream(conversationId),
    db.lastSeq(conversationId),
    db.getSelection ? db.getSelection(conversationId) : {},
  ]);
  // A generation whose answer is already persisted is only writing its last event.
  const active = registered && !messages.some((m) => m.id === registered.messageId) ? registered : null;
  let from = active ? active.startSeq - 1 : last;
  if (active) {
    const first = (await db.readAfter(conversationId, from, 1))[0];
    if (first && first.seq > from + 1) from = first.seq - 1;
  }
  return jsonResponse({
    conversationId,
    messages,
    selection,
    lastSeq: from,
    activeStream: active ? { streamId: active.streamId, messageId: active.messageId, startSeq: active.startSeq } : null,
  });
}
