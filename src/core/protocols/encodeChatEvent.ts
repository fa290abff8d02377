import type { ChatEvent } from '../events';

const LINE_BREAK = /[\r\n\0]/;

/**
 * Encodes one {@link ChatEvent} as chatwire SSE text (see docs/PROTOCOL.md): `id` (the
 * argument, else the event's `seq`, else none), `event` (the type) and `data` (the JSON of
 * the other fields, without `type` and `seq`), ended by a blank line.
 *
 * @example
 * ```ts
 * encodeChatEvent({ type: 'text-delta', delta: 'Hello' }, 7);
 * // -> 'id: 7\nevent: text-delta\ndata: {"delta":"Hello"}\n\n'
 * ```
 */
export function encodeChatEvent(event: ChatEvent, id?: number | string): string {
  const { type, seq, ...fields } = event;
  const sseId = id ?? seq;
  let text = '';
  if (sseId !== undefined) {
    const idText = String(sseId);
    if (LINE_BREAK.test(idText)) {
      throw new TypeError(
        `encodeChatEvent: the SSE id must not contain CR, LF or NUL; received ${JSON.stringify(idText)}. Pass a number or a single-line string.`,
      );
    }
    text += `id: ${idText}\n`;
  }
  // JSON.stringify escapes CR and LF, so the data always fits on one line.
  text += `event: ${type}\ndata: ${JSON.stringify(fields)}\n\n`;
  return text;
}
