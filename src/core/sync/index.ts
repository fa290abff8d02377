// Public exports of core/sync.
export type { BroadcastChannelLike, BroadcastChannelFactory } from './BroadcastChannelLike';
export type { LockManagerLike, LockRequestOptions } from './LockManagerLike';
export type { MultiTabOptions, TabRole } from './MultiTabOptions';
export type { SyncMessage, ForwardedAction } from './SyncMessage';
export { resolveMultiTab, type ResolvedMultiTab } from './resolveMultiTab';
export { createTabSync, type TabSync, type TabSyncOptions } from './createTabSync';
export { withTabSync, type WithTabSyncOptions } from './withTabSync';
