import type { ToolClaimEvent } from '../../core/events';
import { clientClaimKey, clientInterruptedKey, clientResultKey, clientToolKey } from './approvalGate';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import { readJsonBody } from './readJsonBody';
import { jsonResponse } from './sseResponse';
import { ID_PATTERN } from './validateStartBody';

/**
 * `POST {base}/{id}/tool-calls/{toolCallId}/claim` with `{ device: string }`: a page takes a
 * call of a tool it declared (`clientTools`) to run it, before it runs it. Appended once
 * (`appendOnce`), so of two devices (or replicas) exactly one claim is written: 200
 * `{ claim: { by }, seq }` to the claimant, which runs the call; 409 `claim_exists` with
 * the first `claim` to any other, which does not. 409 `result_exists` when the call has its
 * result; 404 `tool_call_not_found` when no such call waits for the page. With
 * `interrupted: true`, the claimant notes that a reload cut its run short (see
 * `markInterrupted`). Same authorization, origin and body checks as every route.
 */
export async function toolClaimRoute(ctx: HandlerContext, request: Request, conversationId: string, toolCallId: string): Promise<Response> {
  await ctx.requireOwner(conversationId, await ctx.authenticate(request));
  if (!ID_PATTERN.test(toolCallId)) {
    throw new HttpError(400, 'invalid_request', `The tool call id in the path is malformed: ${JSON.stringify(toolCallId.slice(0, 60))} (1-128 letters, digits, _ - . :).`, 'toolCallId');
  }
  const body = await readJsonBody(request, ctx.body);
  const device = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { device?: unknown }).device : undefined;
  if (typeof device !== 'string' || !ID_PATTERN.test(device)) {
    throw new HttpError(400, 'invalid_request', `The claim body must be {"device":"<the page's device id>"} (1-128 letters, digits, _ - . :); received ${JSON.stringify(body)?.slice(0, 60) ?? typeof body}.`, 'device');
  }
  const { db } = ctx;
  const active = await db.getActiveStream(conversationId);
  const waiting = active && db.readOnce ? await db.readOnce(conversationId, clientToolKey(active.streamId, toolCallId)) : null;
  if (!active || !waiting || !db.appendOnce || !db.readOnce) {
    throw new HttpError(404, 'tool_call_not_found', `No call "${toolCallId}" of a page's tool waits to be run in conversation "${conversationId}" (its answer ended, or it is no page tool's call).`, 'toolCallId');
  }
  if (await db.readOnce(conversationId, clientResultKey(active.streamId, toolCallId))) {
    throw new HttpError(409, 'result_exists', `Tool call "${toolCallId}" has its result already; there is nothing to run.`);
  }
  if ((body as { interrupted?: unknown }).interrupted === true) return markInterrupted(ctx, conversationId, active.streamId, toolCallId, device);
  const event: ToolClaimEvent = { type: 'tool-claim', toolCallId, by: device, at: ctx.now() };
  const written = await db.appendOnce(conversationId, clientClaimKey(active.streamId, toolCallId), event);
  if (!written.appended) {
    const first = written.first.event as ToolClaimEvent;
    throw new HttpError(409, 'claim_exists', `Tool call "${toolCallId}" is claimed by ${first.by === device ? 'this device' : 'another device'} already; the first claim stands.`, undefined, undefined, { claim: { by: first.by } });
  }
  return jsonResponse({ claim: { by: device }, seq: written.seq });
}

/**
 * `{ device, interrupted: true }`: the claimant says a reload cut its run short and its user
 * is asked (`onReload: 'ask'`). Only the claimant may; written once (200 `{ seq }`, or 200
 * `{ seq }` of the first note when it is written already).
 */
async function markInterrupted(ctx: HandlerContext, conversationId: string, streamId: string, toolCallId: string, device: string): Promise<Response> {
  const { db } = ctx;
  const claim = await db.readOnce?.(conversationId, clientClaimKey(streamId, toolCallId));
  const by = (claim?.event as ToolClaimEvent | undefined)?.by;
  if (by !== device) {
    throw new HttpError(409, 'claim_exists', `Only the device that claimed tool call "${toolCallId}" can say its run was interrupted; ${by === undefined ? 'nobody has claimed it' : 'another device has'}.`, undefined, undefined, by === undefined ? undefined : { claim: { by } });
  }
  const event: ToolClaimEvent = { type: 'tool-claim', toolCallId, by: device, interrupted: true, at: ctx.now() };
  const written = await (db.appendOnce as NonNullable<typeof db.appendOnce>)(conversationId, clientInterruptedKey(streamId, toolCallId), event);
  return jsonResponse({ seq: written.appended ? written.seq : written.first.seq });
}
