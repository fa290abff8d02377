import type { BranchEvent } from '../../core/events';
import { activePath, parentKeys } from '../../core/session/activePath';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import { readJsonBody } from './readJsonBody';
import { jsonResponse } from './sseResponse';
import { ID_PATTERN } from './validateStartBody';

/**
 * `POST {base}/{id}/branch` with `{ messageId }`: the conversation shows the branch of that
 * message (one of its siblings) from now on, in every tab and on every device
 * (docs/branches.md). Records the choice in the store and appends one `branch` event to the
 * log, unless the path already goes through that message (then nothing is written). 200
 * `{ messageId, seq }` (`seq: null` when nothing changed); 404 `message_not_found`; 409
 * `conversation_busy` while an answer is being written (stop it or wait); 501
 * `branches_unsupported` for a store without `setSelection`.
 */
export async function branchRoute(ctx: HandlerContext, request: Request, conversationId: string): Promise<Response> {
  await ctx.requireOwner(conversationId, await ctx.authenticate(request));
  const messageId = branchTarget(await readJsonBody(request, ctx.body));
  const { db } = ctx;
  if (!db.setSelection || !db.getSelection) {
    throw new HttpError(501, 'branches_unsupported', 'This chat server\'s store keeps no branch choices (it has no setSelection/getSelection), so branches cannot be switched. Use createMemoryStore() or createRedisStore(), or add those two methods.');
  }
  const active = await db.getActiveStream(conversationId);
  if (active) {
    throw new HttpError(409, 'conversation_busy', `Conversation "${conversationId}" is still answering (stream ${active.streamId}); switch branches once the answer ended, or stop it first.`);
  }
  const [tree, selection] = await Promise.all([db.getMessages(conversationId), db.getSelection(conversationId)]);
  const at = tree.findIndex((m) => m.id === messageId);
  if (at === -1) {
    throw new HttpError(404, 'message_not_found', `Conversation "${conversationId}" has no message "${messageId}" (or it is older than the history keeps).`, 'messageId');
  }
  const key = parentKeys(tree)[at] as string;
  if (selection[key] === messageId && activePath(tree, selection).some((m) => m.id === messageId)) return jsonResponse({ messageId, seq: null });
  await db.setSelection(conversationId, { [key]: messageId });
  const event: BranchEvent = { type: 'branch', messageId, at: ctx.now() };
  const seq = await db.append(conversationId, event);
  return jsonResponse({ messageId, seq });
}

function branchTarget(body: unknown): string {
  const bad = (message: string, field: string): HttpError => new HttpError(400, 'invalid_request', message, field);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw bad(`The branch body must be a JSON object like {"messageId":"..."}; received ${JSON.stringify(body)?.slice(0, 60) ?? typeof body}.`, 'body');
  }
  const { messageId } = body as { messageId?: unknown };
  if (typeof messageId !== 'string' || !ID_PATTERN.test(messageId)) {
    throw bad(`messageId must be the id of the message whose branch to show (1-128 letters, digits, _ - . :); received ${JSON.stringify(messageId)?.slice(0, 60) ?? 'nothing'}.`, 'messageId');
  }
  return messageId;
}
