import type { ChatEvent } from '../events';
import type { ChatSnapshot } from '../session/ChatController';
import type { ConnectionState } from '../session/types';

/** An action a follower tab asks the leader to perform. */
export type ForwardedAction = 'send' | 'stop' | 'retry' | 'edit' | 'regenerate' | 'branch';

/** What tabs of one conversation say to each other on its channel. `from` is the sender's tab id. */
export type SyncMessage =
  /** A tab became the leader: followers re-send unanswered requests. */
  | { kind: 'chatwire-sync'; type: 'leader'; from: string }
  /** A follower asks the leader for the conversation. */
  | { kind: 'chatwire-sync'; type: 'snapshot-request'; from: string }
  /**
   * The leader's conversation: to one tab (`to`), or to all after a local action (submit,
   * stop, hydrate, reset); with the leader's `connection` (absent from older senders).
   */
  | { kind: 'chatwire-sync'; type: 'snapshot'; from: string; to?: string; snapshot: ChatSnapshot; connection?: ConnectionState }
  /** The leader's connection changed (or a follower's `ping` asked for it). */
  | { kind: 'chatwire-sync'; type: 'connection'; from: string; connection: ConnectionState }
  /** A follower that heard nothing from the leader for a while asks whether it is still there. */
  | { kind: 'chatwire-sync'; type: 'ping'; from: string }
  /** Events the leader applied, in order, with their `seq`. */
  | { kind: 'chatwire-sync'; type: 'events'; from: string; events: ChatEvent[] }
  /** A follower's send, stop, retry, edit, regenerate or branch switch (`messageId`, `index`). */
  | {
      kind: 'chatwire-sync';
      type: 'request';
      from: string;
      id: string;
      action: ForwardedAction;
      text?: string;
      body?: Record<string, unknown>;
      messageId?: string;
      index?: number;
    }
  /** The leader took request `id` of tab `to` (`error` when performing it threw). */
  | { kind: 'chatwire-sync'; type: 'response'; from: string; to: string; id: string; error?: string };

/** Whether `data` is a {@link SyncMessage} (other code may share the channel name). */
export function isSyncMessage(data: unknown): data is SyncMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { kind?: unknown }).kind === 'chatwire-sync' &&
    typeof (data as { type?: unknown }).type === 'string' &&
    typeof (data as { from?: unknown }).from === 'string'
  );
}
