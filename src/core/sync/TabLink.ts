import type { BroadcastChannelLike } from './BroadcastChannelLike';
import type { ChatController } from '../session/ChatController';
import type { TabRole } from './MultiTabOptions';
import type { SyncMessage } from './SyncMessage';

/** A {@link SyncMessage} without the fields every message of a tab carries (`kind`, `from`). */
export type OutgoingSyncMessage = SyncMessage extends infer M ? (M extends SyncMessage ? Omit<M, 'kind' | 'from'> : never) : never;

/**
 * What the parts of one tab's sync (election, mirroring, snapshots, forwarding) share: the
 * tab's id, its controller, its current role and a way to post on the channel. Internal to
 * {@link createTabSync}.
 */
export interface TabLink {
  /** This tab's id on the channel (`from` of its messages). */
  readonly tabId: string;
  /** Channel and lock name, `chatwire:<endpoint>:<conversationId>`. */
  readonly name: string;
  readonly controller: ChatController;
  /** This tab's part now. */
  role(): TabRole;
  /** The tab left sync for good. */
  disposed(): boolean;
  /** Posts on the channel as this tab; nothing once disposed or off; a failed post is logged, never thrown. */
  post(message: OutgoingSyncMessage): void;
  /** A new unique id (forwarded requests). */
  newId(): string;
}

/** What {@link createTabLink} needs. */
export interface TabLinkParts {
  tabId: string;
  name: string;
  controller: ChatController;
  channel: BroadcastChannelLike;
  role(): TabRole;
  disposed(): boolean;
  newId(): string;
}

/** The {@link TabLink} of a tab on `channel`: its messages carry `kind` and `from`, and a failed post is logged. */
export function createTabLink(parts: TabLinkParts): TabLink {
  const { channel, ...rest } = parts;
  return {
    ...rest,
    post(message) {
      if (parts.disposed() || parts.role() === 'off') return;
      try {
        channel.postMessage({ ...message, kind: 'chatwire-sync', from: parts.tabId });
      } catch (e) {
        console.error(`chatwire: could not post a ${message.type} message to the other tabs on "${parts.name}":`, e);
      }
    },
  };
}
