import type { ToolResultEvent } from '../../core/events';
import { clientResultKey, clientToolKey } from './approvalGate';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import { readJsonBody } from './readJsonBody';
import { jsonResponse } from './sseResponse';
import { ID_PATTERN } from './validateStartBody';

/**
 * `POST {base}/{id}/tool-calls/{toolCallId}/result` with `{ result, isError? }`: the page's
 * result of a call of a tool it declared (`clientTools`), for the generation in flight, on
 * any replica. Appended once: 200 `{ seq }`; 409 `result_exists` when a result is already in
 * (another tab, a reload that ran it again, the timeout); 404 `tool_call_not_found` when no
 * such call waits for the page. Same authorization, origin and body checks as every route.
 */
export async function toolResultRoute(ctx: HandlerContext, request: Request, conversationId: string, toolCallId: string): Promise<Response> {
  await ctx.requireOwner(conversationId, await ctx.authenticate(request));
  if (!ID_PATTERN.test(toolCallId)) {
    throw new HttpError(400, 'invalid_request', `The tool call id in the path is malformed: ${JSON.stringify(toolCallId.slice(0, 60))} (1-128 letters, digits, _ - . :).`, 'toolCallId');
  }
  const body = await readJsonBody(request, ctx.body);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_request', `The result body must be a JSON object like {"result":{...}} or {"result":"...","isError":true}; received ${JSON.stringify(body)?.slice(0, 60)}.`, 'body');
  }
  const { result, isError } = body as { result?: unknown; isError?: unknown };
  if (isError !== undefined && typeof isError !== 'boolean') {
    throw new HttpError(400, 'invalid_request', `isError must be true or false; received ${JSON.stringify(isError)?.slice(0, 60)}.`, 'isError');
  }
  const { db } = ctx;
  const active = await db.getActiveStream(conversationId);
  const waiting = active && db.readOnce ? await db.readOnce(conversationId, clientToolKey(active.streamId, toolCallId)) : null;
  if (!active || !waiting || !db.appendOnce) {
    throw new HttpError(404, 'tool_call_not_found', `No call "${toolCallId}" of a page's tool waits for a result in conversation "${conversationId}" (it has a result already, or its answer ended).`, 'toolCallId');
  }
  const event: ToolResultEvent = { type: 'tool-result', toolCallId, result: result ?? null, at: ctx.now() };
  if (isError === true) event.isError = true;
  const written = await db.appendOnce(conversationId, clientResultKey(active.streamId, toolCallId), event);
  if (!written.appended) throw new HttpError(409, 'result_exists', `Tool call "${toolCallId}" has its result already (seq ${written.first.seq}); this one was not applied.`);
  return jsonResponse({ seq: written.seq });
}
