import type { ConversationStore } from '../store/ConversationStore';
import type { ModelSource, ToolDefinition } from '../types';
import type { ChatCorsOptions } from './ChatCorsOptions';

/** Who is calling: returned by {@link ChatHandlerOptions.authorize}. */
export interface ChatUser {
  userId: string;
}

/** Connection faults for tests and demos; see {@link ChatHandlerOptions.faults}. */
export interface ChatHandlerFaults {
  /**
   * Drop the start request's HTTP connection after this many events (the stream errors,
   * the Node adapter destroys the socket). The generation goes on; the client must resume.
   */
  dropAfterEvents?: number;
  /**
   * Let each start request choose its own `dropAfterEvents` with the header
   * `X-Chatwire-Fault-Drop-After: <n>`. Test mode only: never enable in production.
   * Default `false`.
   */
  allowRequestHeader?: boolean;
}

/**
 * Options of `createChatHandler`. Every field is optional.
 *
 * @example
 * ```ts
 * const handler = createChatHandler({
 *   model: createOpenAIModel({ apiKey: process.env.OPENAI_API_KEY! }),
 *   authorize: async (req) => ((await getSession(req)) ? { userId: session.user.id } : null),
 *   maxConcurrentStreamsPerUser: 2,
 * });
 * export const GET = handler, POST = handler; // Next.js route handler at app/api/chat/[[...path]]/route.ts
 * ```
 */
export interface ChatHandlerOptions {
  /** Writes the answers. Default: `createMockModel()`. */
  model?: ModelSource;
  /**
   * Tools the model may call; those with `execute` run on the server. Default: the
   * model's own `tools` when it carries them (the mock model's demo tools), else none.
   */
  tools?: ToolDefinition[];
  /** Event logs, history, in-flight streams, cancel signals. Default: `createMemoryStore()`. */
  store?: ConversationStore;
  /** Path prefix of every route. Default `'/api/chat'`. */
  basePath?: string;
  /**
   * Called on every route; `null` answers 401. Default: everyone is user `'anonymous'`
   * (conversation ids are unguessable, but supply this in production).
   */
  authorize?: (request: Request) => Promise<ChatUser | null> | ChatUser | null;
  /**
   * Let pages of other origins call (a widget on `https://app.example` talking to
   * `https://chat.example`): answers `OPTIONS` preflights on every route and adds
   * `Access-Control-*` headers and `Vary: Origin` to every answer. Default: off, same-origin
   * only (`OPTIONS` answers 405). CORS is not authentication: `authorize` still decides.
   * With it on, a browser POST (one with `Origin`) must be `application/json` (else 415),
   * so other sites cannot post with the user's cookies without a preflight.
   * See {@link ChatCorsOptions}.
   *
   * @example
   * ```ts
   * createChatHandler({ cors: { origin: 'https://app.example', credentials: true } });
   * ```
   */
  cors?: ChatCorsOptions;
  /** Interval of `: ping` comments on open streams, in ms. Default `15_000`. */
  heartbeatMs?: number;
  /**
   * Cancel a generation (reason `'abandoned'`) when no client on this replica has
   * listened to it for this long, in ms. Default: never; generation runs to the end.
   */
  abandonAfterMs?: number;
  /** How many history messages (the new prompt included) the model sees. Default `20`. */
  contextMessages?: number;
  /** Most model calls in one generation (each tool round is one more). Default `5`. */
  maxSteps?: number;
  /** Generations in flight per user; one more answers 429. Default `3`. */
  maxConcurrentStreamsPerUser?: number;
  /** Largest accepted request body, in bytes; larger answers 413. Default `1_000_000`. */
  maxRequestBytes?: number;
  /** Longest accepted `message.text`, in characters; longer answers 400. Default `32_000`. */
  maxMessageChars?: number;
  /** Connection faults for tests (see {@link ChatHandlerFaults}). Default: the model's `faults`, else none. */
  faults?: ChatHandlerFaults;
  /** Clock (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Makes conversation, stream and message ids. Default `crypto.randomUUID` (122 random bits). */
  idGenerator?: () => string;
}
