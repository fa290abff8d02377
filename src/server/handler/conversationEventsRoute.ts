import type { ConversationStore } from '../store/ConversationStore';
import type { StoredEvent } from '../types';
import { conversationIndexOrFail } from './conversationIndexOrFail';
import { createLogStream } from './createLogStream';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import { SSE_HEADERS } from './sseResponse';

/**
 * `GET {base}/conversations/events`: the caller's conversation-list log as SSE (chatwire
 * framing: `id` is the seq in the user's log, `event` the type), replayed strictly after
 * `Last-Event-ID` (or `?lastEventId=`), then live, never ending by itself (heartbeats). A
 * `reset` event when the events after the id are gone (trimmed, or the log restarted): the
 * client reloads the list and follows from its `lastSeq`. Counts as one of the user's SSE
 * connections (`maxConnectionsPerUser`).
 */
export async function conversationEventsRoute(ctx: HandlerContext, request: Request, url: URL): Promise<Response> {
  const who = await ctx.authenticate(request);
  const index = conversationIndexOrFail(ctx);
  const raw = (request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId') ?? '0').trim() || '0';
  if (!/^\d{1,15}$/.test(raw)) {
    throw new HttpError(400, 'invalid_request', `Last-Event-ID must be a seq (a whole number) from the conversation-list stream; received ${JSON.stringify(raw.slice(0, 40))}.`, 'lastEventId');
  }
  const afterSeq = Number(raw);
  const userId = who.userId;
  const last = await index.lastConversationEventSeq(userId);
  if (afterSeq > last) {
    // The user's log restarted (its store lost or dropped it): the client reloads the list.
    const frame = `event: reset\ndata: ${JSON.stringify({ reason: 'log_restarted', afterSeq, lastSeq: last })}\n\n`;
    return new Response(frame, { headers: SSE_HEADERS });
  }
  const slot = ctx.connections.acquire(userId, null);
  // The user's log, read and followed like a conversation's.
  const log = {
    readAfter: (_id: string, after: number, limit?: number) => index.readConversationEvents(userId, after, limit) as unknown as Promise<StoredEvent[]>,
    lastSeq: () => index.lastConversationEventSeq(userId),
    subscribe: (_id: string, after: number, listener: { onEvent: (e: StoredEvent) => void; onError?: (e: Error) => void }) =>
      index.subscribeConversationEvents(userId, after, listener as never),
  } as unknown as ConversationStore;
  const body = createLogStream({
    store: log, conversationId: `conversations of ${userId}`, afterSeq, heartbeatMs: ctx.heartbeatMs, liveAfter: last,
    maxBufferedBytes: ctx.maxBufferedBytes, closeAt: null, signal: request.signal,
    onEnd: () => slot.release(),
  });
  return new Response(body, { headers: SSE_HEADERS });
}
