import { joinText } from '../core/session/joinText';
import type { ChatMessage } from '../core/session/types';
import { markdownToPlainText } from '../markdown/engine/markdownToPlainText';

/**
 * The readable text of a message: its text parts joined and read as plain text (no markdown
 * markup: headings, tables and emphasis become their words), or its error message when it has
 * no text. Used for the screen-reader announcement of a finished answer.
 *
 * @example messageText(message) // 'Paris is the capital of France.'
 */
export function messageText(message: ChatMessage): string {
  const text = markdownToPlainText(joinText(message.parts));
  if (text !== '') return text;
  const error = message.parts.find((part) => part.type === 'error');
  return error?.type === 'error' ? error.message : '';
}
