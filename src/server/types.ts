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
}

/** What a model source is asked to continue. */
export interface ModelRequest {
  conversationId: string;
  /** The conversation so far (last N messages), including tool calls and results of this turn. */
  messages: ChatMessage[];
  tools: ToolDefinition[];
  /** Aborted when the generation is cancelled: the source must stop calling upstream. */
  signal: AbortSignal;
}

/**
 * Anything that writes an answer as ChatEvents: the mock model, the OpenAI and Anthropic
 * bridges, or your own. It emits text, reasoning, status, citations and tool calls; the
 * handler runs tools that have `execute` and calls the source again with their results.
 */
export interface ModelSource {
  readonly name: string;
  stream(request: ModelRequest): AsyncIterable<ChatEvent>;
}

/** One event in a conversation's log; `seq` is its SSE id. */
export interface StoredEvent {
  seq: number;
  event: ChatEvent;
}
