import type { ChatEvent } from '../events';
import type { SSEMessage } from '../sse/index';
import type { ChatProtocol } from './ChatProtocol';

/**
 * A stateful decoder for one stream: feed it SSE messages in order, get canonical
 * {@link ChatEvent}s back. Created by {@link createChatDecoder}.
 */
export interface ChatDecoder {
  /**
   * The protocol being decoded. With `auto`, it stays `'auto'` until headers or the first
   * recognizable event decided.
   */
  readonly protocol: ChatProtocol;
  /**
   * Decodes one SSE message (for `ai-sdk-data`: one line of the line protocol in `data`).
   * Returns the events it completes, often none or one. Never throws on bad input: a
   * malformed event becomes an `error` event with `fatal: false`.
   */
  push(message: SSEMessage): ChatEvent[];
  /**
   * The stream ended: flushes what is still buffered (tool calls whose arguments never got
   * a closing event, a finish reason that was seen without its final marker). Does not
   * invent a `done` when nothing said the answer was finished.
   */
  end(): ChatEvent[];
}
