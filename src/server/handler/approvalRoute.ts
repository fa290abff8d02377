import type { ApprovalDecider, ApprovalDecisionEvent } from '../../core/events';
import type { ToolCallPart } from '../../core/session/types';
import { approvalDecisionKey, approvalRequestKey } from './approvalGate';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import { readJsonBody } from './readJsonBody';
import { jsonResponse } from './sseResponse';
import { ID_PATTERN } from './validateStartBody';

/** Longest accepted `reason` of a decision, in characters. */
export const MAX_DECISION_REASON_CHARS = 2_000;

/**
 * How many of a conversation's latest stored messages the decision route looks through
 * for a call that no longer awaits approval (to answer 409 with its decision). The stores
 * keep 200 messages per conversation by default (`maxMessagesPerConversation`), so every
 * call they still hold is found; a call older than this bound (or than the store's) is 404.
 */
export const DECISION_LOOKUP_MESSAGES = 1_000;

/** A decision as the decision route answers it. */
export interface ToolDecision {
  toolCallId: string;
  approved: boolean;
  reason?: string;
  decidedBy: ApprovalDecider;
}

/**
 * `POST {base}/{id}/tool-calls/{toolCallId}/decision` with `{ approved: boolean, reason?: string }`:
 * records the one decision on an approval request of the generation in flight, on any
 * replica (the generation learns it from the conversation's log). 200
 * `{ decision, seq }`; 409 `decision_exists` with the first `decision` when one was
 * already made (by anyone, or by the timeout); 409 `approval_closed` when the generation
 * that asked has ended undecided; 404 `approval_not_found` when no call of that id awaits
 * approval or is in the last {@link DECISION_LOOKUP_MESSAGES} stored messages. Same authorization, origin and body checks as every route.
 */
export async function approvalRoute(ctx: HandlerContext, request: Request, conversationId: string, toolCallId: string): Promise<Response> {
  await ctx.requireOwner(conversationId, await ctx.authenticate(request));
  if (!ID_PATTERN.test(toolCallId)) {
    throw new HttpError(400, 'invalid_request', `The tool call id in the path is malformed: ${JSON.stringify(toolCallId.slice(0, 60))} (1-128 letters, digits, _ - . :).`, 'toolCallId');
  }
  const body = decisionBody(await readJsonBody(request, ctx.body));
  const { db } = ctx;
  const active = await db.getActiveStream(conversationId);
  const requested = active && db.readOnce ? await db.readOnce(conversationId, approvalRequestKey(active.streamId, toolCallId)) : null;
  if (!active || !requested || !db.appendOnce) return answerFromHistory(ctx, conversationId, toolCallId);
  const event: ApprovalDecisionEvent = { type: 'approval-decision', toolCallId, approved: body.approved, decidedBy: 'user', at: ctx.now() };
  if (body.reason !== undefined) event.reason = body.reason;
  const result = await db.appendOnce(conversationId, approvalDecisionKey(active.streamId, toolCallId), event);
  if (!result.appended) throw decisionExists(toolCallId, decisionOf(result.first.event as ApprovalDecisionEvent));
  return jsonResponse({ decision: decisionOf(event), seq: result.seq });
}

/**
 * No request of the generation in flight: the call may be in the history (decided, or closed
 * undecided), however old, within the last {@link DECISION_LOOKUP_MESSAGES} stored messages.
 */
async function answerFromHistory(ctx: HandlerContext, conversationId: string, toolCallId: string): Promise<never> {
  const messages = await ctx.db.getMessages(conversationId, DECISION_LOOKUP_MESSAGES);
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as (typeof messages)[number];
    for (const part of message.parts) {
      if (part.type !== 'tool-call' || part.toolCallId !== toolCallId || !part.approval) continue;
      const decided = decisionOfPart(part);
      if (decided) throw decisionExists(toolCallId, decided);
      throw new HttpError(409, 'approval_closed', `The answer that asked to approve tool call "${toolCallId}" has ended without a decision; nothing can run it now.`);
    }
  }
  throw new HttpError(404, 'approval_not_found', `No tool call "${toolCallId}" awaits approval in conversation "${conversationId}".`, 'toolCallId');
}

function decisionExists(toolCallId: string, decision: ToolDecision): HttpError {
  const what = decision.decidedBy === 'timeout' ? 'timed out' : decision.decidedBy === 'stop' ? 'was stopped' : decision.approved ? 'was approved' : 'was denied';
  return new HttpError(409, 'decision_exists', `Tool call "${toolCallId}" ${what} already; the first decision stands.`, undefined, undefined, { decision });
}

function decisionOf(event: ApprovalDecisionEvent): ToolDecision {
  const decision: ToolDecision = { toolCallId: event.toolCallId, approved: event.approved, decidedBy: event.decidedBy ?? 'user' };
  if (event.reason !== undefined) decision.reason = event.reason;
  return decision;
}

function decisionOfPart(part: ToolCallPart): ToolDecision | null {
  const approval = part.approval;
  if (approval?.approved === undefined) return null;
  const decision: ToolDecision = { toolCallId: part.toolCallId, approved: approval.approved, decidedBy: approval.decidedBy ?? 'user' };
  if (approval.reason !== undefined) decision.reason = approval.reason;
  return decision;
}

function decisionBody(body: unknown): { approved: boolean; reason?: string } {
  const bad = (message: string, field: string): HttpError => new HttpError(400, 'invalid_request', message, field);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw bad(`The decision body must be a JSON object like {"approved":true} or {"approved":false,"reason":"..."}; received ${JSON.stringify(body)?.slice(0, 60) ?? typeof body}.`, 'body');
  }
  const { approved, reason } = body as { approved?: unknown; reason?: unknown };
  if (typeof approved !== 'boolean') throw bad(`approved must be true or false; received ${JSON.stringify(approved)?.slice(0, 60) ?? 'nothing'}.`, 'approved');
  if (reason === undefined || reason === null) return { approved };
  if (typeof reason !== 'string' || reason.length > MAX_DECISION_REASON_CHARS) {
    throw bad(`reason must be a string of at most ${MAX_DECISION_REASON_CHARS} characters; received ${typeof reason === 'string' ? `${reason.length} characters` : JSON.stringify(reason)?.slice(0, 60)}.`, 'reason');
  }
  return reason === '' ? { approved } : { approved, reason };
}
