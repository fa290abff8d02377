import type { ChatMessage } from '../../src/core/session/types';
import { makeAnswer } from '../render/answer';

/** A word that occurs once in the whole thread: in the answer of exchange {@link NEEDLE_EXCHANGE}. */
export const NEEDLE = 'quetzalcoatlus';
export const NEEDLE_EXCHANGE = 5;
/** Characters of each generated answer (with the sources list ~3,100). */
export const ANSWER_CHARS = 2450;

/**
 * A finished conversation of `exchanges` prompts and answers (deterministic): ~3,200
 * characters per exchange, so 300 exchanges are ~955k characters. Each answer is
 * markdown of every kind (headings, lists, code, tables, quotes, links).
 *
 * @example const messages = makeThread(300);
 */
export function makeThread(exchanges: number): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (let i = 0; i < exchanges; i += 1) {
    let { text } = makeAnswer(ANSWER_CHARS, 1000 + i);
    if (i === NEEDLE_EXCHANGE) text = `The rare word is ${NEEDLE}, said once.\n\n${text}`;
    messages.push({ id: `u${i}`, role: 'user', parts: [{ type: 'text', text: `Question ${i + 1}: what changed in the pipeline this quarter, and why?` }] });
    messages.push({ id: `a${i}`, role: 'assistant', parts: [{ type: 'text', text }], finishReason: 'stop' });
  }
  return messages;
}
