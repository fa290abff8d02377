import type { BroadcastChannelFactory } from './BroadcastChannelLike';
import type { LockManagerLike } from './LockManagerLike';
import type { MultiTabOptions, TabRole } from './MultiTabOptions';
import { randomId } from '../randomId';
import { isActivePhase } from '../session/phases';
import type { ChatPhase } from '../session/types';
import { GLOBAL_TIMERS, type Timers } from '../Timers';

/** Multi-tab settings with their defaults filled in. */
export interface ResolvedMultiTab {
  channel: BroadcastChannelFactory;
  locks: LockManagerLike;
  onRoleChange?: (role: TabRole) => void;
  /** Timer functions of the follower's silence watch. */
  timers: Timers;
  /** This tab's id on the channel. @defaultValue a random id */
  tabId: string;
  /**
   * The session's rule of which phases are under way ({@link isActivePhase}), handed to the
   * lazily loaded sync module from here (initial code), so that chunk shares no module with
   * the initial bundle and keeps no copy of the rule.
   */
  isActive: (phase: ChatPhase) => boolean;
}

/**
 * The multi-tab settings to use, or `null` for none. On by default (`undefined`, `true` or
 * an object): a conversation is shared with the other tabs of the origin once its id is
 * known, given as `conversationId` or named by the server during the first answer.
 * `false` turns sync off, and so does a runtime without `BroadcastChannel` or
 * `navigator.locks` (each tab then keeps its own connection). Reads the globals when
 * called, never at import. `timers` fills in the option's `timers` when it gives none (the
 * chat's `transport.timers`), else the global ones.
 *
 * @defaultValue on where `BroadcastChannel` and `navigator.locks` exist
 *
 * @example
 * ```ts
 * resolveMultiTab(false); // null: each tab has its own connection
 * resolveMultiTab(undefined); // { channel, locks } in a browser with both APIs
 * ```
 */
export function resolveMultiTab(option: boolean | MultiTabOptions | undefined, timers?: Timers): ResolvedMultiTab | null {
  if (option === false) return null;
  const given: MultiTabOptions = typeof option === 'object' ? option : {};
  const channel: BroadcastChannelFactory | undefined =
    given.channel ??
    (typeof globalThis.BroadcastChannel === 'function' ? (name) => new globalThis.BroadcastChannel(name) : undefined);
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  const locks = given.locks ?? nav?.locks;
  return channel && locks
    ? { ...given, channel, locks, timers: given.timers ?? timers ?? GLOBAL_TIMERS, tabId: randomId('t'), isActive: isActivePhase }
    : null;
}
