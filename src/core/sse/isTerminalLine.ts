import type { SSEMessage } from './SSEMessage';

/**
 * The default `isTerminal` for line framing (Vercel AI SDK data stream): the finish
 * message part `d:` and the error part `3:`.
 */
export function isTerminalLine(message: SSEMessage): boolean {
  const d = message.data;
  return d.startsWith('d:') || d.startsWith('3:');
}
