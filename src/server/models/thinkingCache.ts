import { createParser } from 'eventsource-parser';

/** A signed thinking block as Anthropic wants it back in a tool-use loop. */
export type ThinkingBlock =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string };

/** Remembers the signed thinking blocks that preceded each tool call. */
export interface ThinkingCache {
  /** Passes the body through unchanged while recording thinking blocks and signatures. */
  tap(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array>;
  /** The thinking blocks written before this tool call, if this process saw them. */
  get(toolCallId: string): ThinkingBlock[] | undefined;
}

/**
 * chatwire's messages keep reasoning as plain text, but Anthropic requires the last
 * assistant turn of a tool-use loop to repeat its thinking blocks verbatim, signature
 * included. The bridge taps the raw stream, keeps the blocks that came before each
 * `tool_use` (at most `limit` tool calls, oldest dropped first), and puts them back when
 * the handler calls the model again with the tool results. Whole generations run on one
 * replica, so a per-process cache is enough.
 */
export function createThinkingCache(limit = 500): ThinkingCache {
  const byToolCall = new Map<string, ThinkingBlock[]>();

  function remember(toolCallId: string, blocks: ThinkingBlock[]): void {
    byToolCall.set(toolCallId, blocks);
    while (byToolCall.size > limit) {
      const oldest = byToolCall.keys().next().value;
      if (oldest === undefined) break;
      byToolCall.delete(oldest);
    }
  }

  function tap(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const blocks = new Map<number, ThinkingBlock>();
    const decoder = new TextDecoder();
    const parser = createParser({
      onEvent(message) {
        let data: Record<string, any>;
        try {
          data = JSON.parse(message.data) as Record<string, any>;
        } catch {
          return;
        }
        if (data.type === 'message_start') blocks.clear();
        if (data.type === 'content_block_start' && typeof data.index === 'number') {
          const block = data.content_block as Record<string, unknown> | undefined;
          if (block?.type === 'thinking') {
            blocks.set(data.index, { type: 'thinking', thinking: String(block.thinking ?? ''), signature: String(block.signature ?? '') });
          } else if (block?.type === 'redacted_thinking') {
            blocks.set(data.index, { type: 'redacted_thinking', data: String(block.data ?? '') });
          } else if (block?.type === 'tool_use' && typeof block.id === 'string' && blocks.size > 0) {
            const ordered = [...blocks.entries()].sort(([a], [b]) => a - b).map(([, value]) => ({ ...value }));
            remember(block.id, ordered);
          }
        }
        if (data.type === 'content_block_delta' && typeof data.index === 'number') {
          const block = blocks.get(data.index);
          const delta = data.delta as Record<string, unknown> | undefined;
          if (block?.type !== 'thinking' || !delta) return;
          if (delta.type === 'thinking_delta') block.thinking += String(delta.thinking ?? '');
          if (delta.type === 'signature_delta') block.signature += String(delta.signature ?? '');
        }
      },
    });
    return body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          parser.feed(decoder.decode(chunk, { stream: true }));
          controller.enqueue(chunk);
        },
      }),
    );
  }

  return { tap, get: (toolCallId) => byToolCall.get(toolCallId) };
}
