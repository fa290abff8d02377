import type { ChatMessage } from '../../core/session/types';
import type { ActiveStreamInit, BeginStreamResult } from '../store/ConversationStore';
import type { ChatUser } from './ChatHandlerOptions';
import { createLogStream } from './createLogStream';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import type { LocalGeneration } from './LocalGenerations';
import { readJsonBody } from './readJsonBody';
import { runGeneration } from './runGeneration';
import { SSE_HEADERS } from './sseResponse';
import { validateStartBody } from './validateStartBody';

/**
 * `POST {base}`: validates the prompt, registers the generation, runs it in the
 * background and answers an SSE response subscribed to the log from the prompt on.
 */
export async function startRoute(ctx: HandlerContext, request: Request): Promise<Response> {
  const { store } = ctx;
  const who = await ctx.authenticate(request);
  const body = validateStartBody(await readJsonBody(request, ctx.maxRequestBytes), ctx.maxMessageChars);
  // Cheap pre-check so a refused prompt leaves no empty conversation; beginStream is the atomic one.
  const active = (await store.countActiveStreams(who.userId)) - ctx.local.finishingOf(who.userId).length;
  if (active >= ctx.maxPerUser) throw tooManyStreams(active, ctx.maxPerUser);
  let conversationId = body.conversationId;
  if (conversationId === undefined) {
    conversationId = ctx.newId();
    await store.createConversation(conversationId, who.userId);
  } else {
    await ctx.requireOwner(conversationId, who);
  }
  const init: ActiveStreamInit = { conversationId, streamId: ctx.newId(), messageId: ctx.newId(), userId: who.userId, startedAt: ctx.now() };
  const begun = await begin(ctx, init, who);
  if (!begun.ok) {
    if (begun.reason === 'user-limit') throw tooManyStreams(begun.active, ctx.maxPerUser);
    throw new HttpError(409, 'conversation_busy', `Conversation "${conversationId}" is still answering (stream ${begun.active.streamId}). Cancel it or wait for it to finish.`);
  }
  const stream = begun.stream;
  const userMessage: ChatMessage = {
    id: body.message.id ?? ctx.newId(),
    role: 'user',
    parts: [{ type: 'text', text: body.message.text }],
    createdAt: stream.startedAt,
  };
  const generation: LocalGeneration = { conversationId, streamId: stream.streamId, userId: who.userId, controller: new AbortController(), finishing: false, finished: Promise.resolve() };
  let stopListening: () => void;
  try {
    stopListening = await store.onCancel(stream.streamId, (reason) => generation.controller.abort(reason ?? 'user'));
  } catch (error) {
    await store.endStream(conversationId, stream.streamId);
    throw error;
  }
  ctx.local.add(generation);
  generation.finished = runGeneration({
    store, model: ctx.model, tools: ctx.tools, stream, userMessage,
    contextMessages: ctx.contextMessages, maxSteps: ctx.maxSteps, now: ctx.now,
    signal: generation.controller.signal,
    onFinishing: () => {
      generation.finishing = true;
    },
  })
    .catch((error: unknown) => {
      console.error(`chatwire: generation ${stream.streamId} of conversation ${conversationId} could not write its log:`, error);
    })
    .finally(() => {
      stopListening();
      ctx.local.remove(generation);
    });

  const id = conversationId;
  const header = ctx.faults.allowRequestHeader ? request.headers.get('x-chatwire-fault-drop-after') : null;
  const body$ = createLogStream({
    store, conversationId, heartbeatMs: ctx.heartbeatMs,
    dropAfterEvents: header !== null && /^\d+$/.test(header) ? Number(header) : ctx.faults.dropAfterEvents,
    signal: request.signal,
    afterSeq: stream.startSeq - 1,
    closeAt: { terminalFrom: stream.startSeq },
    onAttach: () => ctx.local.attach(id),
    onDetach: () => ctx.local.detach(id),
  });
  return new Response(body$, {
    headers: { ...SSE_HEADERS, 'X-Chatwire-Conversation-Id': conversationId, 'X-Chatwire-Stream-Id': stream.streamId },
  });
}

/**
 * beginStream, once more after waiting when the refusal comes from a generation of this
 * replica that is writing its last event (a prompt sent right after `done`).
 */
async function begin(ctx: HandlerContext, init: ActiveStreamInit, who: ChatUser): Promise<BeginStreamResult> {
  const begun = await ctx.store.beginStream(init, { maxPerUser: ctx.maxPerUser });
  if (begun.ok) return begun;
  const blocking = begun.reason === 'conversation-busy'
    ? [ctx.local.get(begun.active.streamId)].filter((g): g is LocalGeneration => !!g?.finishing)
    : ctx.local.finishingOf(who.userId);
  if (blocking.length === 0) return begun;
  await Promise.all(blocking.map((g) => g.finished));
  return ctx.store.beginStream(init, { maxPerUser: ctx.maxPerUser });
}

function tooManyStreams(active: number, limit: number): HttpError {
  return new HttpError(429, 'too_many_streams', `You already have ${active} answers being generated (limit ${limit}). Wait for one to finish or stop it, then retry.`);
}
