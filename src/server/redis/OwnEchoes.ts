import type { ChatEvent } from '../../core/events';
import { storedFromEvent } from '../store/eventFrames';
import type { StoredEvent } from '../types';

/** A batch as this store wrote it: its text (the event JSONs joined by newlines) and the events. */
interface Written {
  body: string;
  jsons: readonly string[];
  events: readonly ChatEvent[];
}

/**
 * The last batch this store appended to each conversation, so that the pub/sub echo of
 * it (which this process's own subscribers receive, like every replica's) becomes the
 * writer's own event objects again instead of being parsed: the echo's text is compared
 * with the text written (one string comparison) and only its first seq is read. An echo
 * that is not the last batch written here (another replica's, or an older one) is parsed
 * as before. Two batches with the same text hold the same events, so taking one for the
 * other changes nothing. Bounded: `max` conversations, the least recently written
 * forgotten first.
 */
export class OwnEchoes {
  private readonly written = new Map<string, Written>();
  /** The last echo decoded (every local subscriber of a conversation gets the same message). */
  private lastConversation = '';
  private lastMessage = '';
  private lastEvents: StoredEvent[] | null = null;

  constructor(private readonly max: number) {}

  /** `jsons` (the encodings of `events`) were sent to `conversationId`'s log as `body`. */
  wrote(conversationId: string, body: string, jsons: readonly string[], events: readonly ChatEvent[]): void {
    this.written.delete(conversationId);
    this.written.set(conversationId, { body, jsons, events });
    if (this.written.size > this.max) this.written.delete(this.written.keys().next().value as string);
  }

  forget(conversationId: string): void {
    this.written.delete(conversationId);
  }

  /**
   * The events of `message` (`<first seq> <body>`, on `conversationId`'s channel) when it
   * is the echo of the last batch written there: the written objects with the echo's
   * seqs, framed from the text written. `null` otherwise (parse it).
   */
  decode(conversationId: string, message: string): StoredEvent[] | null {
    if (message === this.lastMessage && conversationId === this.lastConversation) return this.lastEvents;
    const batch = this.written.get(conversationId);
    if (!batch) return null;
    const space = message.indexOf(' ');
    if (space <= 0 || message.length - space - 1 !== batch.body.length || !message.endsWith(batch.body)) return null;
    const first = Number(message.slice(0, space));
    if (!Number.isInteger(first)) return null;
    const events = batch.events.map((event, k) => storedFromEvent(first + k, event, batch.jsons[k] as string));
    this.lastConversation = conversationId;
    this.lastMessage = message;
    this.lastEvents = events;
    return events;
  }
}
