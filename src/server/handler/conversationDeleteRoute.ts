import { conversationIndexOrFail } from './conversationIndexOrFail';
import type { HandlerContext } from './HandlerContext';
import { jsonResponse } from './sseResponse';

/** Longest wait for a cancelled generation to end before its conversation is deleted anyway, in ms. */
export const DELETE_WAIT_MS = 5_000;

/**
 * `DELETE {base}/conversations/{id}`: cancels a running generation (wherever it runs) and
 * waits for it to end (at most {@link DELETE_WAIT_MS}), then deletes the log, the history
 * and the list entry, and tells the caller's other tabs and devices. `{ deleted: true }`;
 * 404 for an unknown id and for someone else's.
 */
export async function conversationDeleteRoute(ctx: HandlerContext, request: Request, conversationId: string): Promise<Response> {
  const who = await ctx.authenticate(request);
  await ctx.requireOwner(conversationId, who);
  const index = conversationIndexOrFail(ctx);
  const active = await ctx.db.getActiveStream(conversationId);
  if (active) {
    await ctx.db.publishCancel(active.streamId, 'deleted');
    await untilEnded(ctx, conversationId, active.streamId);
  }
  await index.deleteConversation(who.userId, conversationId);
  return jsonResponse({ deleted: true, conversationId });
}

/** Waits for the generation to end: on this replica, its own promise; elsewhere, the store says (polled every 50 ms). */
async function untilEnded(ctx: HandlerContext, conversationId: string, streamId: string): Promise<void> {
  const deadline = Date.now() + DELETE_WAIT_MS;
  const local = ctx.local.get(streamId);
  if (local) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([local.finished, new Promise((resolve) => (timer = setTimeout(resolve, DELETE_WAIT_MS)))]);
    clearTimeout(timer);
    return;
  }
  for (let i = 0; i < DELETE_WAIT_MS / 50 && Date.now() < deadline; i++) {
    const still = await ctx.db.getActiveStream(conversationId);
    if (!still || still.streamId !== streamId) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
