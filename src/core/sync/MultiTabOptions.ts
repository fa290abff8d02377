import type { BroadcastChannelFactory } from './BroadcastChannelLike';
import type { LockManagerLike } from './LockManagerLike';
import type { Timers } from '../Timers';

/**
 * A tab's part in multi-tab sync: `pending` until the election answered, `leader` (owns
 * the connection, mirrors events), `follower` (applies the leader's events, forwards its
 * actions), or `off` (Web Locks failed: this tab works on its own).
 */
export type TabRole = 'pending' | 'leader' | 'follower' | 'off';

/**
 * Settings of multi-tab sync (the chat option `multiTab`). Every field is optional.
 *
 * @example
 * ```ts
 * createChatStore({
 *   conversationId,
 *   multiTab: { onRoleChange: (role) => console.log('this tab is', role) },
 * });
 * ```
 */
export interface MultiTabOptions {
  /** Opens a channel. @defaultValue `name => new BroadcastChannel(name)` when `BroadcastChannel` exists */
  channel?: BroadcastChannelFactory;
  /** The lock manager of the leader election. @defaultValue `navigator.locks` when it exists */
  locks?: LockManagerLike;
  /** Called when this tab's {@link TabRole} changes. */
  onRoleChange?: (role: TabRole) => void;
  /**
   * Timer functions of a follower's watch over a silent leader (`SYNC_SILENCE_MS`).
   * @defaultValue the chat's `transport.timers`, else the global `setTimeout`/`clearTimeout`
   */
  timers?: Timers;
}
