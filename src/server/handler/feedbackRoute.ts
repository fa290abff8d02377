import type { FeedbackEvent } from '../../core/events';
import type { ChatMessage, MessageFeedback } from '../../core/session/types';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import { readJsonBody } from './readJsonBody';
import { jsonResponse } from './sseResponse';
import { ID_PATTERN } from './validateStartBody';

/**
 * `POST {base}/{id}/messages/{messageId}/feedback` with `{ value: 'up' | 'down' | null }`:
 * records a reader's rating of an answer. A change is kept on the message in the history
 * (a reload shows it) and appended to the conversation's log once, as a `feedback` event
 * (every tab and device following the conversation shows it); the same rating again
 * changes nothing and appends nothing. Of ratings sent at one moment (two tabs, two
 * replicas), exactly one is appended (`appendOnce`, keyed by the log's last seq) and the
 * history ends with that one. 200 `{ messageId, feedback, changed, seq? }` (`changed: false`
 * when the rating was already that, or another request recorded the same one first);
 * 409 `feedback_conflict` with the `feedback` that won when another rating was recorded at
 * the same moment; 400 for a malformed id or body (saying what was received) and
 * `not_an_answer` for a prompt; 404 `message_not_found`; 409 `message_in_flight` while the
 * answer is being written. Same authorization, origin and body checks as every route.
 */
export async function feedbackRoute(ctx: HandlerContext, request: Request, conversationId: string, messageId: string): Promise<Response> {
  await ctx.requireOwner(conversationId, await ctx.authenticate(request));
  if (!ID_PATTERN.test(messageId)) {
    throw new HttpError(400, 'invalid_request', `The message id in the path is malformed: ${JSON.stringify(messageId.slice(0, 60))} (1-128 letters, digits, _ - . :).`, 'messageId');
  }
  const value = feedbackValue(await readJsonBody(request, ctx.body));
  const { db } = ctx;
  // The last seq before the history: a rating appended after this read was kept in the history
  // before it was appended, so the history read next shows it (and a rating read before it
  // has this same key, so only one of the two is appended).
  const last = await db.lastSeq(conversationId);
  const [messages, active] = await Promise.all([db.getMessages(conversationId), db.getActiveStream(conversationId)]);
  const message = answerToRate(messages, messageId, active?.messageId);
  if ((message.feedback ?? null) === value) return jsonResponse({ messageId, feedback: value, changed: false });
  // The history first: a request that reads it next sees the change and appends nothing.
  await db.appendMessages(conversationId, [rated(message, value)]);
  const event: FeedbackEvent = { type: 'feedback', messageId, value, at: ctx.now() };
  if (!db.appendOnce) return jsonResponse({ messageId, feedback: value, changed: true, seq: await db.append(conversationId, event) });
  const result = await db.appendOnce(conversationId, `feedback:${messageId}:${last}`, event);
  if (result.appended) return jsonResponse({ messageId, feedback: value, changed: true, seq: result.seq });
  // Another rating read the same state and was appended first: the history keeps that one.
  const won = (result.first.event as FeedbackEvent).value;
  await db.appendMessages(conversationId, [rated(message, won)]);
  if (won === value) return jsonResponse({ messageId, feedback: value, changed: false });
  throw new HttpError(409, 'feedback_conflict', `Message "${messageId}" was rated "${won}" at the same moment, and that rating stands; send yours again to change it.`, undefined, undefined, { feedback: won });
}

/** `message` with `value` as its rating (none for `null`). */
function rated(message: ChatMessage, value: MessageFeedback | null): ChatMessage {
  const { feedback: _earlier, ...rest } = message;
  return value ? { ...rest, feedback: value } : rest;
}

/** The finished answer `messageId` of the history, or the error that says why it cannot be rated. */
function answerToRate(messages: ChatMessage[], messageId: string, inFlight: string | undefined): ChatMessage {
  if (messageId === inFlight) {
    throw new HttpError(409, 'message_in_flight', `Message "${messageId}" is still being written; rate it once it has ended.`, 'messageId');
  }
  const message = messages.find((m) => m.id === messageId);
  if (!message) throw new HttpError(404, 'message_not_found', `No message "${messageId}" in this conversation's history.`, 'messageId');
  if (message.role !== 'assistant') {
    throw new HttpError(400, 'not_an_answer', `Message "${messageId}" is a prompt; only answers (assistant messages) are rated.`, 'messageId');
  }
  return message;
}

function feedbackValue(body: unknown): MessageFeedback | null {
  const value = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { value?: unknown }).value : undefined;
  if (value === 'up' || value === 'down' || value === null) return value;
  const received = typeof body === 'object' && body !== null && !Array.isArray(body) ? `value ${JSON.stringify(value)?.slice(0, 60) ?? 'missing'}` : JSON.stringify(body)?.slice(0, 60) ?? typeof body;
  throw new HttpError(400, 'invalid_request', `The feedback body must be a JSON object like {"value":"up"}, {"value":"down"} or {"value":null}; received ${received}.`, 'value');
}
