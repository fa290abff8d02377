import type { ConversationSummary } from '../../core/conversations/ConversationSummary';
import { conversationIndexOrFail } from './conversationIndexOrFail';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import { jsonResponse } from './sseResponse';
import { ID_PATTERN } from './validateStartBody';

/** Conversations per page when `limit` is not given, and the most a page may ask. */
export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

/**
 * `GET {base}/conversations?limit=&cursor=`: a page of the caller's conversations, most
 * recently updated first: `{ conversations, nextCursor, lastSeq }`. `nextCursor` (opaque)
 * asks for the next page, `null` on the last; `lastSeq` is the user-events seq to follow
 * from (read before the list, so nothing between is missed). A `running` flag whose
 * generation is no longer registered (its replica died) is reported false and mended.
 */
export async function conversationListRoute(ctx: HandlerContext, request: Request, url: URL): Promise<Response> {
  const who = await ctx.authenticate(request);
  const index = conversationIndexOrFail(ctx);
  const limit = pageSize(url.searchParams.get('limit'));
  const before = decodeCursor(url.searchParams.get('cursor'));
  const lastSeq = await index.lastConversationEventSeq(who.userId);
  const page = await index.listConversations(who.userId, { limit: limit + 1, ...(before && { before }) });
  const more = page.length > limit;
  const shown = page.slice(0, limit);
  const conversations = await Promise.all(shown.map((c) => (c.running ? checkRunning(ctx, who.userId, c) : c)));
  const last = shown.at(-1);
  return jsonResponse({ conversations, nextCursor: more && last ? encodeCursor(last) : null, lastSeq });
}

/** A summary marked running whose generation is gone (a replica died mid-answer): mended in the background. */
async function checkRunning(ctx: HandlerContext, userId: string, c: ConversationSummary): Promise<ConversationSummary> {
  if (await ctx.db.getActiveStream(c.conversationId)) return c;
  const index = conversationIndexOrFail(ctx);
  void index.updateConversation(userId, c.conversationId, { running: false }, 'conversation-finished').catch(() => undefined);
  return { ...c, running: false };
}

function pageSize(raw: string | null): number {
  if (raw === null) return DEFAULT_PAGE;
  const n = Number(raw);
  if (!/^\d{1,4}$/.test(raw) || n < 1 || n > MAX_PAGE) {
    throw new HttpError(400, 'invalid_request', `limit must be a whole number from 1 to ${MAX_PAGE}; received ${JSON.stringify(raw.slice(0, 20))}.`, 'limit');
  }
  return n;
}

function encodeCursor(c: ConversationSummary): string {
  return `${c.updatedAt}-${c.conversationId}`;
}

function decodeCursor(raw: string | null): { updatedAt: number; conversationId: string } | undefined {
  if (raw === null || raw === '') return undefined;
  const match = /^(\d{1,16})-(.+)$/.exec(raw);
  if (!match || !ID_PATTERN.test(match[2] as string)) {
    throw new HttpError(400, 'invalid_request', `cursor must be the nextCursor of a previous page, unchanged; received ${JSON.stringify(raw.slice(0, 40))}.`, 'cursor');
  }
  return { updatedAt: Number(match[1]), conversationId: match[2] as string };
}
