import type { ChatEvent } from '../core/events';
import type { ChatMessage } from '../core/session/types';

/** A tool the model may call. With `execute`, the server runs it and emits its result. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments, passed to the model. */
  parameters?: Record<string, unknown>;
  /** Runs the tool on the server. Throwing produces a `tool-result` with `isError`. */
  execute?: (args: unknown, context: { signal: AbortSignal; conversationId: string }) => Promise<unknown> | unknown;
  /**
   * A person must approve each call before it runs: `true`, or a function of the call's
   * arguments and the user that says whether this call needs it (one that throws counts as
   * `true`). The generation pauses with an `approval-request` event (phase
   * `awaiting-approval`) until the decision route answers it, from any tab, device or
   * replica; a call that is not approved is not run, and the model reads a result saying
   * so. Needs a store with `appendOnce` (the memory and Redis stores have it). See docs/tools.md.
   * @defaultValue `false`
   *
   * @example
   * ```ts
   * { name: 'send_email', execute: send, needsApproval: (args) => !String((args as { to?: string }).to).endsWith('@example.com') }
   * ```
   */
  needsApproval?: boolean | ((args: unknown, context: { userId: string; conversationId: string }) => boolean | Promise<boolean>);
  /**
   * How long a call of this tool waits for its approval, in ms; then it ends as not
   * approved (`decidedBy: 'timeout'`).
   * @defaultValue the handler's `approvalTimeoutMs`
   */
  approvalTimeoutMs?: number;
}

/** What a model source is asked to continue. */
export interface ModelRequest {
  conversationId: string;
  /**
   * The conversation so far along its active path (the last N messages; other branches are
   * never sent), including tool calls and results of this turn.
   */
  messages: ChatMessage[];
  tools: ToolDefinition[];
  /** Aborted when the generation is cancelled: the source must stop calling upstream. */
  signal: AbortSignal;
  /**
   * For a regeneration, how many answers the prompt had before this one (1, 2, ...);
   * absent for a first answer. A deterministic source (the mock model) varies its answer
   * with it; providers sample anew anyway.
   */
  variant?: number;
}

/**
 * Anything that writes an answer as ChatEvents: the mock model, the OpenAI and Anthropic
 * bridges, or your own. It emits text, reasoning, status, citations and tool calls; the
 * handler runs tools that have `execute` and calls the source again with their results.
 */
export interface ModelSource {
  readonly name: string;
  stream(request: ModelRequest): AsyncIterable<ChatEvent>;
  /**
   * Optional: a short title for a new conversation from its first prompt. The handler asks
   * in the background when a conversation starts (never delaying the answer); the prompt's
   * own first words are the title until then, and a user's rename always wins. Aborted
   * after 10 s. Return `''` to keep the prompt's title.
   */
  title?(request: TitleRequest): Promise<string>;
}

/** What {@link ModelSource.title} is asked to name. */
export interface TitleRequest {
  conversationId: string;
  /** The first prompt. */
  prompt: string;
  signal: AbortSignal;
}

/** One event in a conversation's log; `seq` is its SSE id. */
export interface StoredEvent {
  seq: number;
  event: ChatEvent;
}
