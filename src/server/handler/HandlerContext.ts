import { createMockModel } from '../models/mock';
import { createMemoryStore } from '../store/createMemoryStore';
import type { ConversationStore } from '../store/ConversationStore';
import type { ModelSource, ToolDefinition } from '../types';
import type { ChatHandlerFaults, ChatHandlerOptions, ChatUser } from './ChatHandlerOptions';
import { ConnectionLimits } from './ConnectionLimits';
import { guardStore } from './guardStore';
import { HttpError } from './HttpError';
import { LocalGenerations } from './LocalGenerations';
import type { JsonBodyLimits } from './readJsonBody';
import { ID_PATTERN } from './validateStartBody';
import { randomId } from '../../core/randomId';

/** {@link ChatHandlerOptions} with defaults applied, plus what every route shares. */
export interface HandlerContext {
  model: ModelSource;
  tools: ToolDefinition[];
  faults: ChatHandlerFaults;
  /** The store itself, for generations (which wait out a slow store) and subscriptions. */
  store: ConversationStore;
  /** The store as routes use it: 503 `store_unavailable` after `storeTimeoutMs` or on failure. */
  db: ConversationStore;
  base: string;
  heartbeatMs: number;
  contextMessages: number;
  maxSteps: number;
  /** Default wait for an approval decision, in ms. */
  approvalTimeoutMs: number;
  /** Wait for the page's result of a client tool, in ms. */
  clientToolTimeoutMs: number;
  maxPerUser: number;
  body: JsonBodyLimits;
  maxMessageChars: number;
  maxBufferedBytes: number;
  retryAfterSeconds: number;
  now: () => number;
  newId: () => string;
  local: LocalGenerations;
  connections: ConnectionLimits;
  /** The caller, or 401. */
  authenticate(request: Request): Promise<ChatUser>;
  /** 400 for a malformed id; 404 for an unknown conversation and for someone else's (the same answer, so ids cannot be probed). */
  requireOwner(conversationId: string, who: ChatUser): Promise<void>;
}

/** Applies the defaults documented on {@link ChatHandlerOptions}. */
export function createHandlerContext(options: ChatHandlerOptions): HandlerContext {
  const model = options.model ?? createMockModel();
  const store = options.store ?? createMemoryStore();
  const authorize = options.authorize ?? (() => ({ userId: 'anonymous' }));
  const retryAfterSeconds = whole(options.retryAfterSeconds, 2, 0, 'retryAfterSeconds');
  const db = guardStore(store, { timeoutMs: whole(options.storeTimeoutMs, 1_500, 1, 'storeTimeoutMs'), retryAfterSeconds });
  const tools = checkApprovalTools(options.tools ?? carried<ToolDefinition[]>(model, 'tools') ?? [], store);
  return {
    model,
    tools,
    approvalTimeoutMs: whole(options.approvalTimeoutMs, 600_000, 1, 'approvalTimeoutMs'),
    clientToolTimeoutMs: whole(options.clientToolTimeoutMs, 120_000, 1, 'clientToolTimeoutMs'),
    faults: options.faults ?? carried<ChatHandlerFaults>(model, 'faults') ?? {},
    store,
    db,
    base: (options.basePath ?? '/api/chat').replace(/\/+$/, ''),
    heartbeatMs: options.heartbeatMs ?? 15_000,
    contextMessages: options.contextMessages ?? 20,
    maxSteps: options.maxSteps ?? 5,
    maxPerUser: options.maxConcurrentStreamsPerUser ?? 3,
    body: {
      maxBytes: whole(options.maxRequestBytes, 1_000_000, 1, 'maxRequestBytes'),
      maxDepth: whole(options.maxJsonDepth, 32, 1, 'maxJsonDepth'),
    },
    maxMessageChars: options.maxMessageChars ?? 32_000,
    maxBufferedBytes: whole(options.maxBufferedBytesPerConnection, 1_048_576, 1, 'maxBufferedBytesPerConnection'),
    retryAfterSeconds,
    now: options.now ?? Date.now,
    newId: options.idGenerator ?? (() => randomId()),
    local: new LocalGenerations(options.abandonAfterMs),
    connections: new ConnectionLimits(
      whole(options.maxConnectionsPerUser, 32, 1, 'maxConnectionsPerUser'),
      whole(options.maxConnectionsPerConversation, 8, 1, 'maxConnectionsPerConversation'),
      retryAfterSeconds,
    ),

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
      const owner = await db.getOwner(conversationId);
      if (owner === null || owner !== who.userId) throw conversationNotFound(conversationId);
    },
  };
}

/** 404 for a conversation that does not exist and for someone else's: the same words, so ids cannot be probed. */
export function conversationNotFound(conversationId: string): HttpError {
  return new HttpError(404, 'conversation_not_found', `You have no conversation "${conversationId}" (never created, expired, or not yours). Start a new one without conversationId.`);
}

function whole(value: number | undefined, fallback: number, min: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new TypeError(`createChatHandler: ${name} must be a whole number of at least ${min}; received ${String(value)}. Leave it out for ${fallback}.`);
  }
  return value;
}

/** Tools that need approval need a store that can write one decision atomically. */
function checkApprovalTools(tools: ToolDefinition[], store: ConversationStore): ToolDefinition[] {
  const gated = tools.filter((t) => t.needsApproval !== undefined && t.needsApproval !== false);
  if (gated.length > 0 && (!store.appendOnce || !store.readOnce)) {
    throw new TypeError(
      `createChatHandler: the tools ${gated.map((t) => `"${t.name}"`).join(', ')} need approval, but the store has no appendOnce/readOnce, so it cannot record exactly one decision. Use createMemoryStore() or createRedisStore(), or add those two methods to your store.`,
    );
  }
  for (const t of tools) {
    if (t.approvalTimeoutMs !== undefined && (!Number.isInteger(t.approvalTimeoutMs) || t.approvalTimeoutMs < 1)) {
      throw new TypeError(`createChatHandler: approvalTimeoutMs of tool "${t.name}" must be a whole number of ms of at least 1; received ${String(t.approvalTimeoutMs)}.`);
    }
  }
  return tools;
}

/** A model may carry its own `tools` and `faults` (the mock model does). */
function carried<T>(model: object, key: string): T | undefined {
  return (model as Record<string, unknown>)[key] as T | undefined;
}
