import { createMockModel } from '../models/mock';
import { createMemoryStore } from '../store/createMemoryStore';
import type { ConversationStore } from '../store/ConversationStore';
import type { ModelSource, ToolDefinition } from '../types';
import type { ChatHandlerFaults, ChatHandlerOptions, ChatUser } from './ChatHandlerOptions';
import { HttpError } from './HttpError';
import { LocalGenerations } from './LocalGenerations';
import { ID_PATTERN } from './validateStartBody';

/** {@link ChatHandlerOptions} with defaults applied, plus what every route shares. */
export interface HandlerContext {
  model: ModelSource;
  tools: ToolDefinition[];
  faults: ChatHandlerFaults;
  store: ConversationStore;
  base: string;
  heartbeatMs: number;
  contextMessages: number;
  maxSteps: number;
  maxPerUser: number;
  maxRequestBytes: number;
  maxMessageChars: number;
  now: () => number;
  newId: () => string;
  local: LocalGenerations;
  /** The caller, or 401. */
  authenticate(request: Request): Promise<ChatUser>;
  /** 400 for a malformed id, 404 for an unknown conversation, 403 when `who` is not the owner. */
  requireOwner(conversationId: string, who: ChatUser): Promise<void>;
}

/** Applies the defaults documented on {@link ChatHandlerOptions}. */
export function createHandlerContext(options: ChatHandlerOptions): HandlerContext {
  const model = options.model ?? createMockModel();
  const store = options.store ?? createMemoryStore();
  const authorize = options.authorize ?? (() => ({ userId: 'anonymous' }));
  return {
    model,
    tools: options.tools ?? carried<ToolDefinition[]>(model, 'tools') ?? [],
    faults: options.faults ?? carried<ChatHandlerFaults>(model, 'faults') ?? {},
    store,
    base: (options.basePath ?? '/api/chat').replace(/\/+$/, ''),
    heartbeatMs: options.heartbeatMs ?? 15_000,
    contextMessages: options.contextMessages ?? 20,
    maxSteps: options.maxSteps ?? 5,
    maxPerUser: options.maxConcurrentStreamsPerUser ?? 3,
    maxRequestBytes: options.maxRequestBytes ?? 1_000_000,
    maxMessageChars: options.maxMessageChars ?? 32_000,
    now: options.now ?? Date.now,
    newId: options.idGenerator ?? (() => crypto.randomUUID()),
    local: new LocalGenerations(options.abandonAfterMs),

    async authenticate(request) {
      const who = await authorize(request);
      if (!who || typeof who.userId !== 'string' || who.userId === '') {
        throw new HttpError(401, 'unauthorized', 'Not signed in: authorize() returned no user for this request. Sign in and retry.');
      }
      return who;
    },

    async requireOwner(conversationId, who) {
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
    },
  };
}

/** A model may carry its own `tools` and `faults` (the mock model does). */
function carried<T>(model: object, key: string): T | undefined {
  return (model as Record<string, unknown>)[key] as T | undefined;
}
