import type { StoredEvent } from '../types';
import type { LogListener } from '../store/ConversationStore';
import type { ChannelHub } from './ChannelHub';
import { decodeNotification } from './redisCodec';
import { LogSubscription } from './LogSubscription';
import { StoreError } from '../store/StoreError';

/** Published on a log's channel when it is deleted: its followers end with `conversation_gone`. */
export const GONE = 'gone';

/** What {@link subscribeRedisLog} follows. */
export interface RedisLogSource {
  hub: ChannelHub;
  /** The pub/sub channel the log's appends are announced on (`<first seq> <json>\n...`). */
  channel: string;
  readAfter(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /** Why the log can no longer be trusted from `cursor` on, or `null`. */
  damage?: (cursor: number) => Promise<string | null>;
  /** Live subscriptions, so closing the store ends them. */
  subscriptions: Set<LogSubscription>;
  /** Reads a notification's events. @defaultValue {@link decodeNotification} */
  decode?: (message: string) => StoredEvent[] | null;
}

/**
 * Follows one Redis log (a conversation's, or a user's conversation list): replay after
 * `afterSeq`, then live from pub/sub, each seq once, in order; rechecked after a
 * reconnect, ended by an outage. Resolves once in place; call the result to stop.
 */
export async function subscribeRedisLog(source: RedisLogSource, afterSeq: number, listener: LogListener): Promise<() => void> {
  const { hub, subscriptions } = source;
  const { damage } = source;
  const decode = source.decode ?? decodeNotification;
  const subscription = new LogSubscription(
    afterSeq,
    listener,
    (after, limit) => hub.afterBlip(() => source.readAfter(after, limit)),
    damage && ((cursor) => hub.afterBlip(() => damage(cursor))),
  );
  const stopListening = await hub.listen(source.channel, (message) => {
    if (message === GONE) return subscription.fail(new StoreError('conversation_gone', 'This conversation was deleted, so this stream ends.'));
    for (const event of decode(message) ?? []) subscription.push(event);
  });
  const stopReconnect = hub.onReconnect(() => void subscription.recheck());
  const stopOutage = hub.onOutage((error) => subscription.fail(error));
  subscriptions.add(subscription);
  const stop = (): void => {
    subscriptions.delete(subscription);
    subscription.close();
    stopReconnect();
    stopOutage();
    stopListening();
  };
  try {
    await subscription.catchUp();
  } catch (error) {
    stop();
    throw error;
  }
  return stop;
}
