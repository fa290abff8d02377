import type { ChatMessage } from '../core/session/types';

const LINE_PX = 24;
/** The space between two messages assumed before any was laid out, in px (the theme's gap). */
export const ESTIMATED_GAP = 16;
const CHARS_PER_LINE = 80;
/** Estimates by message object: history messages never change, so each is measured once. */
const cache = new WeakMap<ChatMessage, number>();

/**
 * A message's height before it was ever laid out, in px: one 24 px line per 80 characters
 * of its parts' text (and per line break), plus one line. Only a placeholder: a slot's
 * `contain-intrinsic-size: auto` keeps its real height once it has been rendered. Internal.
 *
 * @example estimateMessageHeight(message) // 264 for 800 characters in one paragraph
 */
export function estimateMessageHeight(message: ChatMessage): number {
  let height = cache.get(message);
  if (height !== undefined) return height;
  let lines = 1;
  for (const part of message.parts) {
    const text = part.type === 'text' || part.type === 'reasoning' ? part.text : part.type === 'tool-call' ? part.name : '';
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      lines += Math.max(1, Math.ceil((end - start) / CHARS_PER_LINE));
      start = end + 1;
    }
    lines += Math.ceil((text.length - start) / CHARS_PER_LINE);
  }
  height = lines * LINE_PX;
  cache.set(message, height);
  return height;
}
