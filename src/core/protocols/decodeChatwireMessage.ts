import type { ChatEvent } from '../events';
import type { SSEMessage } from '../sse/index';
import { CHATWIRE_READERS } from './internal/chatwireEventReaders';
import { INVALID_JSON, isRecord, parseJson } from './internal/json';
import { malformedEvent } from './internal/malformedEvent';

const NUMERIC_ID = /^\d+$/;

/**
 * Decodes one SSE message of chatwire's own protocol into a {@link ChatEvent}.
 *
 * The SSE `event` is the ChatEvent `type` (the legacy names `token`, `thinking`,
 * `tool_call`, `tool_result` are accepted too, with common field spellings such as
 * `text`/`content`, `tool_call_id`, `arguments`/`input`, `is_error`); `data` is the JSON of
 * the remaining fields (a bare JSON string is taken as the text); a numeric SSE `id` becomes `seq`. A message with no event name whose
 * data carries a known `type` is read the same way.
 *
 * @returns the event; a non-fatal `error` event (code `malformed_event`) when the data is
 *   not JSON or lacks a required field; `null` for unknown event names, which are ignored.
 * @example
 * ```ts
 * decodeChatwireMessage({ event: 'text-delta', data: '{"delta":"Hi"}', id: '7' });
 * // -> { type: 'text-delta', delta: 'Hi', seq: 7 }
 * ```
 */
export function decodeChatwireMessage(message: SSEMessage): ChatEvent | null {
  let name = message.event;
  let reader = CHATWIRE_READERS[name];
  let data: unknown;
  if (reader === undefined) {
    if (name !== 'message') return null;
    data = parseJson(message.data);
    const type = isRecord(data) ? data['type'] : undefined;
    if (typeof type !== 'string' || CHATWIRE_READERS[type] === undefined) return null;
    name = type;
    reader = CHATWIRE_READERS[type];
  } else {
    data = message.data.trim() === '' ? {} : parseJson(message.data);
  }
  if (reader === undefined) return null;
  if (data === INVALID_JSON) return malformedEvent('chatwire', name, message.data);
  if (typeof data === 'string') data = { text: data, message: data };
  if (!isRecord(data)) return malformedEvent('chatwire', name, message.data, 'is not a JSON object');
  const result = reader(data);
  if (typeof result === 'string') return malformedEvent('chatwire', name, message.data, result);
  if (NUMERIC_ID.test(message.id)) result.seq = Number(message.id);
  else if (typeof data['seq'] === 'number') result.seq = data['seq'];
  if (typeof data['at'] === 'number') result.at = data['at'];
  return result;
}
