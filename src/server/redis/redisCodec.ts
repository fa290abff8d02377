import type { ChatEvent } from '../../core/events';
import type { StoredEvent } from '../types';
import type { ActiveStream } from '../store/ConversationStore';
import { storedFromJson } from '../store/eventFrames';

/** The event's JSON as the log keeps it: without `seq` (the entry id carries it). */
export function encodeEvent(event: ChatEvent): string {
  if (event.seq === undefined) return JSON.stringify(event);
  const { seq: _seq, ...rest } = event;
  return JSON.stringify(rest);
}

/** Parses an XRANGE reply (`[id, [field, value, ...]][]`) into stored events. */
export function decodeEntries(entries: [id: string, fields: string[]][]): StoredEvent[] {
  const events: StoredEvent[] = [];
  for (const [id, fields] of entries) {
    const seq = Number.parseInt(id, 10);
    const json = fields[fields.indexOf('e') + 1];
    if (!Number.isInteger(seq) || json === undefined) continue;
    events.push(storedFromJson(seq, json));
  }
  return events;
}

let lastMessage = '';
let lastParsed: StoredEvent[] | null = null;

/**
 * Parses a pub/sub notification `<first seq> <event JSON>[\n<event JSON>...]` (one
 * appended batch; JSON never holds a raw newline) into events with consecutive seqs;
 * `null` when malformed. The last result is reused, so many local subscribers of one
 * conversation parse it once and share the same event objects.
 */
export function decodeNotification(message: string): StoredEvent[] | null {
  if (message === lastMessage) return lastParsed;
  const space = message.indexOf(' ');
  const first = Number(message.slice(0, space));
  let parsed: StoredEvent[] | null = null;
  if (space > 0 && Number.isInteger(first)) {
    try {
      const jsons = message.slice(space + 1);
      parsed = jsons.includes('\n') ? jsons.split('\n').map((json, i) => storedFromJson(first + i, json)) : [storedFromJson(first, jsons)];
    } catch {
      parsed = null;
    }
  }
  lastMessage = message;
  lastParsed = parsed;
  return parsed;
}

/** Reads the active-stream hash (`HGETALL`, as an object or a flat field/value list). */
export function decodeActive(hash: Record<string, string> | string[]): ActiveStream | null {
  const fields: Record<string, string> = {};
  if (Array.isArray(hash)) {
    for (let i = 0; i + 1 < hash.length; i += 2) fields[hash[i] as string] = hash[i + 1] as string;
  } else {
    Object.assign(fields, hash);
  }
  const { conversationId, streamId, messageId, userId, startSeq, startedAt } = fields;
  if (conversationId === undefined || streamId === undefined || messageId === undefined || userId === undefined) {
    return null;
  }
  return {
    conversationId,
    streamId,
    messageId,
    userId,
    startSeq: Number(startSeq ?? 0),
    startedAt: Number(startedAt ?? 0),
  };
}
