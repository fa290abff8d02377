import type { BroadcastChannelFactory } from './BroadcastChannelLike';
import type { LockManagerLike } from './LockManagerLike';
import type { MultiTabOptions, TabRole } from './MultiTabOptions';

/** Multi-tab settings with their defaults filled in. */
export interface ResolvedMultiTab {
  channel: BroadcastChannelFactory;
  locks: LockManagerLike;
  onRoleChange?: (role: TabRole) => void;
}

/**
 * The multi-tab settings to use, or `null` for none: `false` turns sync off, and so does
 * a runtime without `BroadcastChannel` or `navigator.locks` (each tab then keeps its own
 * connection). Left unset, sync is on only for a session given a `conversationId`
 * (`hasConversationId`); `true` or an object also shares a new conversation once the
 * server names it. Reads the globals when called, never at import.
 */
export function resolveMultiTab(
  option: boolean | MultiTabOptions | undefined,
  hasConversationId = true,
): ResolvedMultiTab | null {
  if (option === false || (option === undefined && !hasConversationId)) return null;
  const given: MultiTabOptions = typeof option === 'object' ? option : {};
  const channel: BroadcastChannelFactory | undefined =
    given.channel ??
    (typeof globalThis.BroadcastChannel === 'function' ? (name) => new globalThis.BroadcastChannel(name) : undefined);
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  const locks = given.locks ?? nav?.locks;
  return channel && locks ? { ...given, channel, locks } : null;
}
