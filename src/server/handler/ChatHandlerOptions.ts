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
   * @defaultValue `false`
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
  /** Writes the answers. @defaultValue `createMockModel()` */
  model?: ModelSource;
  /**
   * Tools the model may call; those with `execute` run on the server.
   * @defaultValue the model's own `tools` when it carries them (the mock model's demo tools), else none
   */
  tools?: ToolDefinition[];
  /**
   * How long a tool call that needs approval (`needsApproval`) waits for its decision, in
   * ms; then it ends as not approved (`decidedBy: 'timeout'`) and the answer goes on. The
   * generation counts as in flight meanwhile. A tool's own `approvalTimeoutMs` wins.
   * @defaultValue `600_000` (10 minutes)
   */
  approvalTimeoutMs?: number;
  /**
   * How long the generation waits for the page to run a tool it declared (`clientTools` of
   * the start request) and post its result, in ms; then the call gets an error result and
   * the answer goes on.
   * @defaultValue `120_000` (2 minutes)
   */
  clientToolTimeoutMs?: number;
  /** Event logs, history, in-flight streams, cancel signals. @defaultValue `createMemoryStore()` */
  store?: ConversationStore;
  /** Path prefix of every route. @defaultValue `'/api/chat'` */
  basePath?: string;
  /**
   * Called on every route; `null` answers 401. Conversation ids are unguessable, but
   * supply this in production.
   * @defaultValue everyone is user `'anonymous'`
   */
  authorize?: (request: Request) => Promise<ChatUser | null> | ChatUser | null;
  /**
   * Let pages of other origins call (a widget on `https://app.example` talking to
   * `https://chat.example`): answers `OPTIONS` preflights on every route and adds
   * `Access-Control-*` headers and `Vary: Origin` to every answer. CORS is not
   * authentication: `authorize` still decides. With or without it, a request from an
   * origin it does not allow (an `Origin` other than the server's own, or `Sec-Fetch-Site:
   * cross-site`/`same-site`) answers 403, and every POST must be `application/json` (415),
   * so other sites cannot act with the user's cookies. See {@link ChatCorsOptions}.
   * @defaultValue off: same-origin pages only (`OPTIONS` answers 405)
   *
   * @example
   * ```ts
   * createChatHandler({ cors: { origin: 'https://app.example', credentials: true } });
   * ```
   */
  cors?: ChatCorsOptions;
  /** Interval of `: ping` comments on open streams, in ms. @defaultValue `15_000` */
  heartbeatMs?: number;
  /**
   * Cancel a generation (reason `'abandoned'`) when no client on this replica has
   * listened to it for this long, in ms.
   * @defaultValue never: generation runs to the end
   */
  abandonAfterMs?: number;
  /** How many history messages (the new prompt included) the model sees. @defaultValue `20` */
  contextMessages?: number;
  /** Most model calls in one generation (each tool round is one more). @defaultValue `5` */
  maxSteps?: number;
  /** Generations in flight per user (all replicas); one more answers 429 `too_many_streams`. @defaultValue `3` */
  maxConcurrentStreamsPerUser?: number;
  /**
   * SSE responses (start, resume, follow) one user may hold open on this replica; one more
   * answers 429 `too_many_connections` with `Retry-After`.
   * @defaultValue `32`
   */
  maxConnectionsPerUser?: number;
  /**
   * SSE responses open on one conversation on this replica (all its devices and tabs);
   * one more answers 429 `too_many_connections` with `Retry-After`.
   * @defaultValue `8`
   */
  maxConnectionsPerConversation?: number;
  /**
   * Encoded events one SSE response may hold while its client reads slower than the log
   * grows, in bytes. Past it the response drops what it holds and reads on from the store
   * by its cursor once the client catches up (events the log no longer has: a `reset`).
   * @defaultValue `1_048_576` (1 MiB)
   */
  maxBufferedBytesPerConnection?: number;
  /**
   * How long a route waits for the store before answering 503 `store_unavailable` with
   * `Retry-After`, in ms (a store that is down fails at once; this bounds a stalled one).
   * @defaultValue `1_500`
   */
  storeTimeoutMs?: number;
  /** The `Retry-After` of 429 and 503 answers, in seconds. @defaultValue `2` */
  retryAfterSeconds?: number;
  /** Largest accepted request body, in bytes; larger answers 413 (with `Connection: close`). @defaultValue `1_000_000` */
  maxRequestBytes?: number;
  /** Deepest nesting of objects and arrays in a request body; deeper answers 400 naming the field. @defaultValue `32` */
  maxJsonDepth?: number;
  /** Longest accepted `message.text`, in characters; longer answers 400. @defaultValue `32_000` */
  maxMessageChars?: number;
  /** Connection faults for tests (see {@link ChatHandlerFaults}). @defaultValue the model's `faults`, else none */
  faults?: ChatHandlerFaults;
  /** Clock (epoch ms). @defaultValue `Date.now` */
  now?: () => number;
  /** Makes conversation, stream and message ids. @defaultValue `crypto.randomUUID` (122 random bits) */
  idGenerator?: () => string;
}
