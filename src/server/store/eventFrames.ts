import type { ChatEvent } from '../../core/events';
import { encodeChatEvent } from '../../core/protocols/encodeChatEvent';
import type { StoredEvent } from '../types';

/** SSE frames per stored event object: every local subscriber of a log writes the same text. */
const frames = new WeakMap<StoredEvent, string>();

/** `stored` as a chatwire SSE frame (`encodeChatEvent(event, seq)`), encoded once per event object. */
export function frameOf(stored: StoredEvent): string {
  let text = frames.get(stored);
  if (text === undefined) {
    text = encodeChatEvent(stored.event, stored.seq);
    frames.set(stored, text);
  }
  return text;
}

/**
 * A stored event read from its JSON text (as `JSON.stringify` wrote it, without `seq`),
 * with its SSE frame built from that text: the same frame `encodeChatEvent` gives, without
 * serialising the parsed event again. (The JSON of `JSON.stringify` comes back unchanged
 * through `JSON.parse` and `JSON.stringify`, so the fields after `type` are the frame's data
 * as they are.) Text that does not start with its `type` is framed by `encodeChatEvent`.
 */
export function storedFromJson(seq: number, json: string): StoredEvent {
  return framedFromJson({ seq, event: JSON.parse(json) as ChatEvent }, json);
}

/**
 * `event` with seq `seq`, as {@link storedFromJson} gives it from `json`, the event's own
 * `JSON.stringify` text, without parsing it back: the writer's event object, framed from
 * the text it wrote. (An event that carries a `seq` is parsed from the text, which has
 * none.)
 */
export function storedFromEvent(seq: number, event: ChatEvent, json: string): StoredEvent {
  return event.seq === undefined ? framedFromJson({ seq, event }, json) : storedFromJson(seq, json);
}

const TYPE_FIRST = '{"type":"';

/** Caches `stored`'s frame built from `json`, its event's JSON, when that text starts with the event's `type`. */
function framedFromJson(stored: StoredEvent, json: string): StoredEvent {
  if (json.startsWith(TYPE_FIRST)) {
    const end = json.indexOf('"', TYPE_FIRST.length);
    const type = json.slice(TYPE_FIRST.length, end);
    const next = json.charCodeAt(end + 1);
    // The type as JSON wrote it is the type itself (no escapes), followed by `,` or `}`; no seq among the fields.
    if (type === stored.event.type && (next === 44 || next === 125) && stored.event.seq === undefined) {
      const data = next === 125 ? '{}' : `{${json.slice(end + 2)}`;
      frames.set(stored, `id: ${stored.seq}\nevent: ${type}\ndata: ${data}\n\n`);
    }
  }
  return stored;
}
