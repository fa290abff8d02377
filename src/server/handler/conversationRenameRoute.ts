import { oneLine } from '../../core/conversations/titleFromPrompt';
import { conversationIndexOrFail } from './conversationIndexOrFail';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import { readJsonBody } from './readJsonBody';
import { jsonResponse } from './sseResponse';

/** Longest title a rename may set, in characters. */
export const MAX_TITLE_CHARS = 200;

/**
 * `PATCH {base}/conversations/{id}` with `{ title }`: renames the caller's conversation
 * (the model never overrides a rename) and tells their other tabs and devices. Answers the
 * new summary; 404 for an unknown id and for someone else's.
 */
export async function conversationRenameRoute(ctx: HandlerContext, request: Request, conversationId: string): Promise<Response> {
  const who = await ctx.authenticate(request);
  await ctx.requireOwner(conversationId, who);
  const index = conversationIndexOrFail(ctx);
  const title = readTitle(await readJsonBody(request, ctx.body));
  const renamed = await index.updateConversation(who.userId, conversationId, { title, titleBy: 'user' }, 'conversation-renamed');
  if (renamed) return jsonResponse(renamed);
  // A conversation written before the store kept a list: list it now, under its new name.
  const [messages, active] = await Promise.all([ctx.db.getMessages(conversationId), ctx.db.getActiveStream(conversationId)]);
  const at = ctx.now();
  const summary = { conversationId, title, createdAt: messages[0]?.createdAt ?? at, updatedAt: messages.at(-1)?.createdAt ?? at, messageCount: messages.length, running: active !== null };
  await index.indexConversation(who.userId, summary, 'user');
  return jsonResponse((await index.getConversation(who.userId, conversationId)) ?? summary);
}

function readTitle(body: unknown): string {
  const raw = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { title?: unknown }).title : undefined;
  const title = typeof raw === 'string' ? oneLine(raw) : '';
  if (title === '' || title.length > MAX_TITLE_CHARS) {
    const got = typeof raw === 'string' ? `a title of ${title.length} characters` : JSON.stringify(body)?.slice(0, 60) ?? typeof body;
    throw new HttpError(400, 'invalid_request', `The body must be {"title":"..."} with 1 to ${MAX_TITLE_CHARS} characters (spaces collapsed); received ${got}.`, 'title');
  }
  return title;
}
