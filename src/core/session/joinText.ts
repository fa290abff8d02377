import type { MessagePart } from './types';

/**
 * The text of a message's text parts, joined: what the user typed, or an answer without its
 * reasoning, tool calls, statuses and errors. Used wherever a message becomes plain text
 * (the provider bridges, retry, the server's user-message event, announcements).
 *
 * @example joinText(message.parts) // 'Paris is the capital of France.'
 */
export function joinText(parts: readonly MessagePart[]): string {
  let text = '';
  for (const part of parts) if (part.type === 'text') text += part.text;
  return text;
}
