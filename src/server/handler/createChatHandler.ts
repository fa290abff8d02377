import type { ChatMessage } from '../../core/session/types';
import { createMockModel } from '../models/mock';
import { createMemoryStore } from '../store/createMemoryStore';
import type { ConversationStore } from '../store/ConversationStore';
import type { ToolDefinition } from '../types';
import type { ChatHandlerFaults, ChatHandlerOptions, ChatUser } from './ChatHandlerOptions';
import { createLogStream } from './createLogStream';
import { HttpError } from './HttpError';
import { readJsonBody } from './readJsonBody';
import { runGeneration } from './runGeneration';
import { ID_PATTERN, validateStartBody } from './validateStartBody';

/** A fetch-style handler of every chatwire route, with a `close()` for shutdown and tests. */
export interface ChatHandler {
  (request: Request): Promise<Response>;
  /** Cancels the generations running in this process and waits until they have ended. */
  close(): Promise<void>;
  /** Waits until every generation running in this process has ended (without cancelling). */
  settled(): Promise<void>;
}

interface LocalGeneration {
  conversationId: string;
  controller: AbortController;
  finishing: boolean;
  finished: Promise<void>;
}

const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
};

/**
 * Creates the server side of chatwire: a fetch-style `(Request) => Promise<Response>`
 * handler (Node 20+, Next.js route handlers, Hono, Bun, Deno; `toNodeHandler` adapts it
 * to `node:http`) serving the routes of docs/PROTOCOL.md under `basePath`:
 * `POST {base}` start, `GET {base}/{id}/stream` resume/follow, `POST {base}/{id}/cancel`,
 * `GET {base}/{id}/messages` history. Generation runs in the background and appends to
 * the conversation log; every response is only a subscriber of that log.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createChatHandler, toNodeHandler } from 'chatwire/server';
 *
 * const handler = createChatHandler({ authorize: async (req) => ({ userId: 'u1' }) });
 * createServer(toNodeHandler(handler)).listen(3000, '127.0.0.1');
 * ```
 */
export function createChatHandler(options: ChatHandlerOptions = {}): ChatHandler {
  const model = options.model ?? createMockModel();
  const tools: ToolDefinition[] = options.tools ?? carried<ToolDefinition[]>(model, 'tools') ?? [];
  const faults: ChatHandlerFaults = options.faults ?? carried<ChatHandlerFaults>(model, 'faults') ?? {};
  const store: ConversationStore = options.store ?? createMemoryStore();
  const base = (options.basePath ?? '/api/chat').replace(/\/+$/, '');
  const authorize = options.authorize ?? (() => ({ userId: 'anonymous' }));
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const contextMessages = options.contextMessages ?? 20;
  const maxSteps = options.maxSteps ?? 5;
  const maxPerUser = options.maxConcurrentStreamsPerUser ?? 3;
  const maxRequestBytes = options.maxRequestBytes ?? 1_000_000;
  const maxMessageChars = options.maxMessageChars ?? 32_000;
  const now = options.now ?? Date.now;
  const newId = options.idGenerator ?? (() => crypto.randomUUID());

  const generations = new Map<string, LocalGeneration>();
  const listeners = new Map<string, number>();
  const abandonTimers = new Map<string, ReturnType<typeof setTimeout>>();

  const attach = (conversationId: string): void => {
    listeners.set(conversationId, (listeners.get(conversationId) ?? 0) + 1);
    clearTimeout(abandonTimers.get(conversationId));
    abandonTimers.delete(conversationId);
  };
  const detach = (conversationId: string): void => {
    const left = (listeners.get(conversationId) ?? 1) - 1;
    if (left > 0) return void listeners.set(conversationId, left);
    listeners.delete(conversationId);
    armAbandon(conversationId);
  };
  const armAbandon = (conversationId: string): void => {
    if (options.abandonAfterMs === undefined || (listeners.get(conversationId) ?? 0) > 0) return;
    const running = [...generations.values()].find((g) => g.conversationId === conversationId);
    if (!running) return;
    clearTimeout(abandonTimers.get(conversationId));
    abandonTimers.set(
      conversationId,
      setTimeout(() => {
        abandonTimers.delete(conversationId);
        if ((listeners.get(conversationId) ?? 0) === 0) running.controller.abort('abandoned');
      }, options.abandonAfterMs),
    );
  };

  const user = async (request: Request): Promise<ChatUser> => {
    const who = await authorize(request);
    if (!who || typeof who.userId !== 'string' || who.userId === '') {
      throw new HttpError(401, 'unauthorized', 'Not signed in: authorize() returned no user for this request. Sign in and retry.');
    }
    return who;
  };

  const owned = async (conversationId: string, who: ChatUser): Promise<void> => {
    if (!ID_PATTERN.test(conversationId)) {
      throw new HttpError(400, 'invalid_request', `The conversation id in the path is malformed: ${JSON.stringify(conversationId.slice(0, 60))}.`, 'conversationId');
    }
    const owner = await store.getOwner(conversationId);
    if (owner === null) {
      throw new HttpError(404, 'conversation_not_found', `No conversation "${conversationId}" (never created, or expired). Start a new one without conversationId.`);
    }
    if (owner !== who.userId) {
      throw new HttpError(403, 'forbidden', `Conversation "${conversationId}" belongs to another user.`);
    }
  };

  async function start(request: Request): Promise<Response> {
    const who = await user(request);
    const body = validateStartBody(await readJsonBody(request, maxRequestBytes), maxMessageChars);
    let conversationId = body.conversationId;
    if (conversationId === undefined) {
      conversationId = newId();
      await store.createConversation(conversationId, who.userId);
    } else {
      await owned(conversationId, who);
    }
    const streamId = newId();
    const messageId = newId();
    const init = { conversationId, streamId, messageId, userId: who.userId, startedAt: now() };
    let begun = await store.beginStream(init, { maxPerUser });
    if (!begun.ok && begun.reason === 'conversation-busy') {
      // The previous generation may be writing its last event right now: wait for it once.
      const local = generations.get(begun.active.streamId);
      if (local?.finishing) {
        await local.finished;
        begun = await store.beginStream(init, { maxPerUser });
      }
    }
    if (!begun.ok) {
      if (begun.reason === 'user-limit') {
        throw new HttpError(429, 'too_many_streams', `You already have ${begun.active} answers being generated (limit ${maxPerUser}). Wait for one to finish or stop it, then retry.`);
      }
      throw new HttpError(409, 'conversation_busy', `Conversation "${conversationId}" is still answering (stream ${begun.active.streamId}). Cancel it or wait for it to finish.`);
    }
    const stream = begun.stream;
    const userMessage: ChatMessage = {
      id: body.message.id ?? newId(),
      role: 'user',
      parts: [{ type: 'text', text: body.message.text }],
      createdAt: stream.startedAt,
    };
    const local: LocalGeneration = { conversationId, controller: new AbortController(), finishing: false, finished: Promise.resolve() };
    const stopListening = await store.onCancel(streamId, (reason) => local.controller.abort(reason ?? 'user'));
    generations.set(streamId, local);
    local.finished = runGeneration({
      store, model, tools, stream, userMessage, contextMessages, maxSteps, now,
      signal: local.controller.signal,
      onFinishing: () => { local.finishing = true; },
    })
      .catch((error: unknown) => {
        console.error(`chatwire: generation ${streamId} of conversation ${conversationId} failed to write its log:`, error);
      })
      .finally(() => {
        stopListening();
        generations.delete(streamId);
        clearTimeout(abandonTimers.get(conversationId));
      });
    const dropHeader = faults.allowRequestHeader ? request.headers.get('x-chatwire-fault-drop-after') : null;
    const dropAfterEvents = dropHeader !== null && /^\d+$/.test(dropHeader) ? Number(dropHeader) : faults.dropAfterEvents;
    const body$ = createLogStream({
      store, conversationId, heartbeatMs, dropAfterEvents,
      signal: request.signal,
      afterSeq: stream.startSeq - 1,
      closeAt: { terminalFrom: stream.startSeq },
      onAttach: () => attach(conversationId),
      onDetach: () => detach(conversationId),
    });
    return new Response(body$, {
      headers: { ...SSE_HEADERS, 'X-Chatwire-Conversation-Id': conversationId, 'X-Chatwire-Stream-Id': streamId },
    });
  }

  async function resume(request: Request, conversationId: string, url: URL): Promise<Response> {
    await owned(conversationId, await user(request));
    const raw = request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId') ?? '0';
    if (!/^\d{1,15}$/.test(raw.trim())) {
      throw new HttpError(400, 'invalid_request', `Last-Event-ID must be a seq (a whole number) from this conversation's stream; received ${JSON.stringify(raw.slice(0, 40))}.`, 'lastEventId');
    }
    const afterSeq = Number(raw.trim());
    const follow = ['1', 'true'].includes(url.searchParams.get('follow') ?? '');
    // Active first, then lastSeq: a generation that ended before the first read has its
    // terminal event at or before `last`, so a finished log can close at `last`.
    const active = await store.getActiveStream(conversationId);
    const last = await store.lastSeq(conversationId);
    if (!follow && !active && (await store.readAfter(conversationId, afterSeq, 1)).length === 0) {
      return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
    }
    const body$ = createLogStream({
      store, conversationId, afterSeq, heartbeatMs,
      closeAt: follow ? null : active ? { terminalFrom: active.startSeq } : { seq: last },
      signal: request.signal,
      onAttach: () => attach(conversationId),
      onDetach: () => detach(conversationId),
    });
    return new Response(body$, { headers: { ...SSE_HEADERS, 'X-Chatwire-Conversation-Id': conversationId } });
  }

  async function cancel(request: Request, conversationId: string): Promise<Response> {
    await owned(conversationId, await user(request));
    const body = request.headers.get('content-length') === '0' || !request.body ? {} : await readJsonBody(request, maxRequestBytes).catch(() => ({}));
    const wanted = typeof body === 'object' && body !== null ? (body as { streamId?: unknown }).streamId : undefined;
    const active = await store.getActiveStream(conversationId);
    if (!active || (typeof wanted === 'string' && wanted !== active.streamId)) {
      return json({ cancelled: false });
    }
    await store.publishCancel(active.streamId, 'user');
    return json({ cancelled: true, streamId: active.streamId });
  }

  async function history(request: Request, conversationId: string): Promise<Response> {
    await owned(conversationId, await user(request));
    const [messages, registered, last] = await Promise.all([
      store.getMessages(conversationId),
      store.getActiveStream(conversationId),
      store.lastSeq(conversationId),
    ]);
    // A generation whose answer is already persisted is only writing its last event.
    const active = registered && !messages.some((m) => m.id === registered.messageId) ? registered : null;
    return json({
      conversationId,
      messages,
      lastSeq: active ? active.startSeq - 1 : last,
      activeStream: active ? { streamId: active.streamId, messageId: active.messageId, startSeq: active.startSeq } : null,
    });
  }

  const handler = (async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, '');
    try {
      if (path === base) {
        if (request.method !== 'POST') throw methodNotAllowed(request.method, 'POST');
        return await start(request);
      }
      const match = path.startsWith(`${base}/`) ? /^([^/]+)\/(stream|cancel|messages)$/.exec(path.slice(base.length + 1)) : null;
      if (!match) {
        throw new HttpError(404, 'not_found', `No chatwire route at ${url.pathname}. Routes: POST ${base}, GET ${base}/{id}/stream, POST ${base}/{id}/cancel, GET ${base}/{id}/messages.`);
      }
      const conversationId = decodeURIComponent(match[1] as string);
      const route = match[2] as 'stream' | 'cancel' | 'messages';
      const method = route === 'cancel' ? 'POST' : 'GET';
      if (request.method !== method) throw methodNotAllowed(request.method, method);
      if (route === 'stream') return await resume(request, conversationId, url);
      if (route === 'cancel') return await cancel(request, conversationId);
      return await history(request, conversationId);
    } catch (error) {
      if (error instanceof HttpError) return error.toResponse();
      console.error('chatwire: handler failed:', error);
      const message = error instanceof Error ? error.message : String(error);
      return new HttpError(500, 'internal_error', `The chat server failed: ${message}`).toResponse();
    }
  }) as ChatHandler;

  handler.settled = async () => {
    while (generations.size > 0) await Promise.all([...generations.values()].map((g) => g.finished));
  };
  handler.close = async () => {
    for (const g of generations.values()) g.controller.abort('shutdown');
    await handler.settled();
  };
  return handler;
}

function methodNotAllowed(received: string, allowed: string): HttpError {
  return new HttpError(405, 'method_not_allowed', `This route answers ${allowed}, not ${received}.`, undefined, { Allow: allowed });
}

function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
}

function carried<T>(model: object, key: string): T | undefined {
  return (model as Record<string, unknown>)[key] as T | undefined;
}
