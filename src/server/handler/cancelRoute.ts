import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import { readJsonBody } from './readJsonBody';
import { ID_PATTERN } from './validateStartBody';
import { jsonResponse } from './sseResponse';

/**
 * `POST {base}/{id}/cancel` with an optional `{ streamId }` (an empty body is `{}`): asks
 * the replica running the generation to stop it. `{ cancelled: true, streamId }`, or
 * `{ cancelled: false }` when nothing (or another stream than `streamId`) is in flight. The
 * body is checked like a start's (413, 400 naming the field) before anything is cancelled.
 */
export async function cancelRoute(ctx: HandlerContext, request: Request, conversationId: string): Promise<Response> {
  await ctx.requireOwner(conversationId, await ctx.authenticate(request));
  const wanted = cancelTarget(await readJsonBody(request, ctx.body, {}));
  const active = await ctx.db.getActiveStream(conversationId);
  if (!active || (wanted !== undefined && wanted !== active.streamId)) return jsonResponse({ cancelled: false });
  await ctx.db.publishCancel(active.streamId, 'user');
  return jsonResponse({ cancelled: true, streamId: active.streamId });
}

function cancelTarget(body: unknown): string | undefined {
  const bad = (message: string, field: string): HttpError => new HttpError(400, 'invalid_request', message, field);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw bad(`The cancel body must be a JSON object like {"streamId":"..."} or {}; received ${JSON.stringify(body)?.slice(0, 60) ?? typeof body}.`, 'body');
  }
  const { streamId } = body as { streamId?: unknown };
  if (streamId === undefined || streamId === null) return undefined;
  if (typeof streamId !== 'string' || !ID_PATTERN.test(streamId)) {
    throw bad(`streamId must be the id of the stream to stop (1-128 letters, digits, _ - . :), from the session event or the X-Chatwire-Stream-Id header; received ${JSON.stringify(streamId)?.slice(0, 60)}.`, 'streamId');
  }
  return streamId;
}
