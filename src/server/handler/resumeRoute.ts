import { createLogStream } from './createLogStream';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import { SSE_HEADERS } from './sseResponse';

/**
 * `GET {base}/{id}/stream`: replays strictly after `Last-Event-ID` (or `?lastEventId=`),
 * then follows the in-flight generation to its end; `?follow=1` stays open. 204 when
 * nothing is in flight and nothing is stored after the id.
 */
export async function resumeRoute(ctx: HandlerContext, request: Request, conversationId: string, url: URL): Promise<Response> {
  const { store } = ctx;
  await ctx.requireOwner(conversationId, await ctx.authenticate(request));
  const raw = (request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId') ?? '0').trim();
  if (!/^\d{1,15}$/.test(raw)) {
    throw new HttpError(400, 'invalid_request', `Last-Event-ID must be a seq (a whole number) from this conversation's stream; received ${JSON.stringify(raw.slice(0, 40))}.`, 'lastEventId');
  }
  const afterSeq = Number(raw);
  const follow = ['1', 'true'].includes(url.searchParams.get('follow') ?? '');
  // Active first, then lastSeq: a generation that ended before the first read has its
  // terminal event at or before `last`, so a finished log can close at `last`.
  const active = await store.getActiveStream(conversationId);
  const last = await store.lastSeq(conversationId);
  if (!follow && !active && (await store.readAfter(conversationId, afterSeq, 1)).length === 0) {
    return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
  }
  const body = createLogStream({
    store, conversationId, afterSeq, heartbeatMs: ctx.heartbeatMs, liveAfter: last,
    closeAt: follow ? null : active ? { terminalFrom: active.startSeq } : { seq: last },
    signal: request.signal,
    onAttach: () => ctx.local.attach(conversationId),
    onDetach: () => ctx.local.detach(conversationId),
  });
  return new Response(body, { headers: { ...SSE_HEADERS, 'X-Chatwire-Conversation-Id': conversationId } });
}
