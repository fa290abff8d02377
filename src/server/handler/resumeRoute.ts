import { createLogStream } from './createLogStream';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import { SSE_HEADERS } from './sseResponse';

/**
 * `GET {base}/{id}/stream`: replays strictly after `Last-Event-ID` (or `?lastEventId=`),
 * then follows the in-flight generation to its end; `?follow=1` stays open. 204 when
 * nothing is in flight and the id is the log's last seq; 400 when the id is beyond it.
 * Events no longer in the log answer a `reset` event (reload the history).
 */
export async function resumeRoute(ctx: HandlerContext, request: Request, conversationId: string, url: URL): Promise<Response> {
  const { db } = ctx;
  const who = await ctx.authenticate(request);
  await ctx.requireOwner(conversationId, who);
  const raw = (request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId') ?? '0').trim();
  if (!/^\d{1,15}$/.test(raw)) {
    throw new HttpError(400, 'invalid_request', `Last-Event-ID must be a seq (a whole number) from this conversation's stream; received ${JSON.stringify(raw.slice(0, 40))}.`, 'lastEventId');
  }
  const afterSeq = Number(raw);
  const follow = ['1', 'true'].includes(url.searchParams.get('follow') ?? '');
  // Active first, then lastSeq: a generation that ended before the first read has its
  // terminal event at or before `last`, so a finished log can close at `last`.
  const active = await db.getActiveStream(conversationId);
  const last = await db.lastSeq(conversationId);
  if (afterSeq > last) {
    throw new HttpError(400, 'invalid_request', `Last-Event-ID ${afterSeq} is beyond the last event of conversation "${conversationId}" (seq ${last}). Resume from a seq this conversation's stream sent, or read its history.`, 'lastEventId');
  }
  if (!follow && !active && afterSeq === last) {
    return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
  }
  const slot = ctx.connections.acquire(who.userId, conversationId);
  const body = createLogStream({
    store: ctx.store, conversationId, afterSeq, heartbeatMs: ctx.heartbeatMs, liveAfter: last, maxBufferedBytes: ctx.maxBufferedBytes,
    closeAt: follow ? null : active ? { terminalFrom: active.startSeq } : { seq: last },
    signal: request.signal,
    onAttach: () => ctx.local.attach(conversationId),
    onDetach: () => ctx.local.detach(conversationId),
    onEnd: () => slot.release(),
  });
  return new Response(body, { headers: { ...SSE_HEADERS, 'X-Chatwire-Conversation-Id': conversationId } });
}
