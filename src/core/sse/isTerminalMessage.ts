import type { SSEMessage } from './SSEMessage';

const TERMINAL_EVENTS = new Set([
  'done',
  'error',
  'cancelled',
  'message_stop',
  'response.completed',
  'response.failed',
  'response.incomplete',
  'finish',
  'abort',
]);

/**
 * The default `isTerminal` of {@link connectSSE} for SSE framing: the event names that end
 * a stream in the supported wire formats (`done`, `error`, `cancelled`, `message_stop`,
 * `response.completed|failed|incomplete`, `finish`, `abort`), and `data: [DONE]`.
 * A Vercel AI SDK UI stream sends its part type in `data`, so `{"type":"finish"...}`,
 * `{"type":"abort"...}` and `{"type":"error"...}` count as well.
 */
export function isTerminalMessage(message: SSEMessage): boolean {
  if (TERMINAL_EVENTS.has(message.event)) return true;
  const data = message.data;
  if (data === '[DONE]') return true;
  if (data.charCodeAt(0) === 123 /* { */ && data.length < 4096) {
    const m = /^\{\s*"type"\s*:\s*"(finish|abort|error)"/.exec(data);
    if (m) return true;
  }
  return false;
}
