import type { HandlerContext } from './HandlerContext';
import { readJsonBody } from './readJsonBody';
import { jsonResponse } from './sseResponse';

/**
 * `POST {base}/{id}/cancel` with an optional `{ streamId }`: asks the replica running
 * the generation to stop it. `{ cancelled: true, streamId }`, or `{ cancelled: false }`
 * when nothing (or another stream than `streamId`) is in flight.
 */
export async function cancelRoute(ctx: HandlerContext, request: Request, conversationId: string): Promise<Response> {
  await ctx.requireOwner(conversationId, await ctx.authenticate(request));
  const body = request.body ? await readJsonBody(request, ctx.maxRequestBytes).catch(() => ({})) : {};
  const wanted = typeof body === 'object' && body !== null ? (body as { streamId?: unknown }).streamId : undefined;
  const active = await ctx.store.getActiveStream(conversationId);
  if (!active || (typeof wanted === 'string' && wanted !== active.streamId)) return jsonResponse({ cancelled: false });
  await ctx.store.publishCancel(active.streamId, 'user');
  return jsonResponse({ cancelled: true, streamId: active.streamId });
}
