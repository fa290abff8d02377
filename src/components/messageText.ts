import { joinText } from '../core/session/joinText';
import type { ChatMessage } from '../core/session/types';
import { markdownToPlainText } from '../markdown/engine/markdownToPlainText';

/** How much of an answer's markdown is read out: the blocks within its first 4,000 characters. */
const ANNOUNCED_CHARS = 4000;

/**
 * The readable text of a message: its text parts joined and read as plain text (no markdown
 * markup: headings, tables and emphasis become their words), or its error message when it has
 * no text. A long answer is read up to the last block that ends within its first 4,000
 * characters (or up to them), then "…": nobody listens to a 5,000-row table, and parsing all
 * of it again would block the page. Used for the screen-reader announcement of a finished
 * answer.
 *
 * @example messageText(message) // 'Paris is the capital of France.'
 */
export function messageText(message: ChatMessage): string {
  const markdown = joinText(message.parts);
  let source = markdown;
  if (markdown.length > ANNOUNCED_CHARS) {
    const blockEnd = markdown.lastIndexOf('\n\n', ANNOUNCED_CHARS);
    source = markdown.slice(0, blockEnd > 0 ? blockEnd : ANNOUNCED_CHARS);
  }
  const text = markdownToPlainText(source);
  if (text !== '') return source === markdown ? text : `${text} …`;
  const error = message.parts.find((part) => part.type === 'error');
  return error?.type === 'error' ? error.message : '';
}
