import type { ActiveStreamInit, BeginStreamResult } from '../store/ConversationStore';
import { beginAfterStreamEnd } from './beginAfterStreamEnd';
import type { ChatUser } from './ChatHandlerOptions';
import type { ConnectionSlot } from './ConnectionLimits';
import { createLogStream } from './createLogStream';
import { conversationNotFound, type HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import { indexGeneration } from './conversationIndexing';
import type { LocalGeneration } from './LocalGenerations';
import { planGeneration, promptText, type GenerationPlan } from './planGeneration';
import { readJsonBody } from './readJsonBody';
import { runGeneration } from './runGeneration';
import { SSE_HEADERS } from './sseResponse';
import { validateStartBody } from './validateStartBody';
import { validateClientTools } from './validateClientTools';
import type { ToolDefinition } from '../types';

/**
 * `POST {base}`: validates the prompt (or the edit, or the regeneration), registers the
 * generation (creating the conversation in the same atomic step when it is new), places it
 * in the conversation's message tree (`planGeneration`), runs it in the background and
 * answers an SSE response subscribed to the log from the prompt on.
 */
export async function startRoute(ctx: HandlerContext, request: Request): Promise<Response> {
  const who = await ctx.authenticate(request);
  const raw = await readJsonBody(request, ctx.body);
  const body = validateStartBody(raw, ctx.maxMessageChars);
  const clientTools = validateClientTools((raw as { clientTools?: unknown }).clientTools, ctx.tools);
  const isNew = body.conversationId === undefined;
  if (!isNew) await ctx.requireOwner(body.conversationId as string, who);
  const slot = ctx.connections.acquire(who.userId, body.conversationId ?? null);
  try {
    return await start(ctx, request, who, body, slot, clientTools);
  } catch (error) {
    slot.release();
    throw error;
  }
}

async function start(
  ctx: HandlerContext,
  request: Request,
  who: ChatUser,
  body: ReturnType<typeof validateStartBody>,
  slot: ConnectionSlot,
  clientTools: ToolDefinition[],
): Promise<Response> {
  const { db } = ctx;
  const conversationId = body.conversationId ?? ctx.newId();
  const create = body.conversationId === undefined;
  const init: ActiveStreamInit = { conversationId, streamId: ctx.newId(), messageId: ctx.newId(), userId: who.userId, startedAt: ctx.now() };
  const branch = body.edit !== undefined || body.regenerate !== undefined;
  const begun = await begin(ctx, init, who, create, branch, request.signal);
  if (!begun.ok) throw refusal(ctx, begun, conversationId);
  const stream = begun.stream;
  slot.adopt(conversationId);
  // The conversation is ours alone now (one generation at a time), so the tree cannot change meanwhile.
  let plan: GenerationPlan;
  try {
    plan = await planGeneration(ctx, conversationId, create, body, stream.startedAt);
  } catch (error) {
    await ctx.store.endStream(conversationId, stream.streamId).catch(() => undefined);
    throw error;
  }
  const generation: LocalGeneration = { conversationId, streamId: stream.streamId, userId: who.userId, controller: new AbortController(), finishing: false, finished: Promise.resolve() };
  let stopListening: () => void;
  try {
    stopListening = await db.onCancel(stream.streamId, (reason) => generation.controller.abort(reason ?? 'user'));
  } catch (error) {
    await ctx.store.endStream(conversationId, stream.streamId).catch(() => undefined);
    throw error;
  }
  ctx.local.add(generation);
  const listed = indexGeneration(ctx, { userId: who.userId, conversationId, create, prompt: promptText(plan), startedAt: stream.startedAt });
  generation.finished = runGeneration({
    store: ctx.store, model: ctx.model, tools: [...ctx.tools, ...clientTools], stream, ...plan,
    clientTools: new Set(clientTools.map((t) => t.name)), clientToolTimeoutMs: ctx.clientToolTimeoutMs,
    maxSteps: ctx.maxSteps, now: ctx.now, approvalTimeoutMs: ctx.approvalTimeoutMs,
    signal: generation.controller.signal,
    onFinishing: () => {
      generation.finishing = true;
    },
  })
    .catch((error: unknown) => {
      console.error(`chatwire: generation ${stream.streamId} of conversation ${conversationId} failed:`, error);
    })
    .then(() => listed.finished())
    .finally(() => {
      stopListening();
      ctx.local.remove(generation);
    });

  const header = ctx.faults.allowRequestHeader ? request.headers.get('x-chatwire-fault-drop-after') : null;
  // The stream reads the store itself (not the routes' 503 guard): a slow store slows it, a
  // failed one ends it with store_unavailable.
  const body$ = createLogStream({
    store: ctx.store, conversationId, heartbeatMs: ctx.heartbeatMs, maxBufferedBytes: ctx.maxBufferedBytes,
    dropAfterEvents: header !== null && /^\d+$/.test(header) ? Number(header) : ctx.faults.dropAfterEvents,
    signal: request.signal,
    afterSeq: stream.startSeq - 1,
    closeAt: { terminalFrom: stream.startSeq },
    onAttach: () => ctx.local.attach(conversationId),
    onDetach: () => ctx.local.detach(conversationId),
    onEnd: () => slot.release(),
  });
  return new Response(body$, {
    headers: { ...SSE_HEADERS, 'X-Chatwire-Conversation-Id': conversationId, 'X-Chatwire-Stream-Id': stream.streamId },
  });
}

/**
 * beginStream, once more after waiting when the refusal comes from a generation of this
 * replica that is writing its last event (a prompt sent right after `done`). An edit or a
 * regeneration (`branch`) of a conversation still answering on any replica waits, bounded,
 * for that answer to end (its client stopped it first): {@link beginAfterStreamEnd}.
 */
async function begin(ctx: HandlerContext, init: ActiveStreamInit, who: ChatUser, create: boolean, branch: boolean, signal: AbortSignal): Promise<BeginStreamResult> {
  const options = { maxPerUser: ctx.maxPerUser, create };
  const begun = await ctx.db.beginStream(init, options);
  if (begun.ok) return begun;
  // A generation of this replica that is ending (writing its last event, or stopped: an edit
  // or a regeneration stops the answer being written first) is waited for.
  const blocking = begun.reason === 'conversation-busy'
    ? [ctx.local.get(begun.active.streamId)].filter((g): g is LocalGeneration => !!g && (g.finishing || g.controller.signal.aborted))
    : begun.reason === 'user-limit'
      ? ctx.local.finishingOf(who.userId)
      : [];
  if (blocking.length === 0) {
    return branch && begun.reason === 'conversation-busy' ? beginAfterStreamEnd(ctx, init, options, begun.active, signal) : begun;
  }
  await Promise.all(blocking.map((g) => g.finished));
  return ctx.db.beginStream(init, options);
}

function refusal(ctx: HandlerContext, begun: Exclude<BeginStreamResult, { ok: true }>, conversationId: string): HttpError {
  const retryAfter = { 'Retry-After': String(ctx.retryAfterSeconds) };
  switch (begun.reason) {
    case 'user-limit':
      return new HttpError(429, 'too_many_streams', `You already have ${begun.active} answers being generated (limit ${ctx.maxPerUser}). Wait for one to finish or stop it, then retry.`, undefined, retryAfter);
    case 'conversation-busy':
      return new HttpError(409, 'conversation_busy', `Conversation "${conversationId}" is still answering (stream ${begun.active.streamId}). Cancel it or wait for it to finish.`);
    case 'store-full':
      return new HttpError(503, 'store_full', `The chat server has no room for another conversation: ${begun.message}. Retry later.`, undefined, retryAfter);
    case 'not-found':
      return conversationNotFound(conversationId);
    default:
      return new HttpError(409, 'conversation_exists', `A conversation "${conversationId}" already exists; the id generator made an id twice. Retry.`);
  }
}
