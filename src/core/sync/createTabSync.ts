import type { ChatController, ResumeOptions, SendOptions } from '../session/ChatController';
import type { TabRole } from './MultiTabOptions';
import type { ResolvedMultiTab } from './resolveMultiTab';
// The lazy multi-tab chunk, imported statically: its modules ship once, in that chunk. An app
// that never calls this function keeps the chunk lazy (a function here, not a re-export, so
// bundlers that place modules before tree-shaking see nothing used).
import { tabSyncChunk } from './tabSyncChunk';

/** Settings of {@link createTabSync}. */
export interface TabSyncOptions extends ResolvedMultiTab {
  /** Channel and lock name, `chatwire:<endpoint>:<conversationId>`. */
  name: string;
}

/** One conversation's sync in one tab; see {@link createTabSync}. */
export interface TabSync {
  /** This tab's part. */
  readonly role: TabRole;
  send(text: string, options?: SendOptions): Promise<void>;
  stop(): Promise<void>;
  retry(): Promise<void>;
  /** {@link ChatController.edit}, by the leader. */
  edit(messageId: string, text: string): Promise<void>;
  /** {@link ChatController.regenerate}, by the leader. */
  regenerate(messageId: string): Promise<void>;
  /** {@link ChatController.switchBranch}, by the leader (whose switch every tab mirrors). */
  switchBranch(messageId: string, index: number): void;
  resume(options?: ResumeOptions): Promise<boolean>;
  /** Leaves the channel and releases the lock (another tab takes over). */
  dispose(): void;
}

/**
 * Shares one conversation between the tabs of an origin. The tab holding the Web Lock
 * `name` (held for its life, {@link electLeader}) is the leader: it owns the connection and
 * mirrors every event it applies (with `seq`) on the `BroadcastChannel` `name`
 * ({@link mirrorEvents}), and a snapshot after each local action (submit, stop, hydrate,
 * reset; {@link shareSnapshots}). Followers adopt the leader's snapshot when they join, then
 * apply its events (`seq` dedupe makes repeats harmless), and forward `send`, `stop`,
 * `retry`, `edit`, `regenerate` and `switchBranch` to it ({@link forwardActions}). Followers show the leader's `connection` (sent
 * when it changes, with each snapshot, and on a follower's ping); a follower that hears
 * nothing from a leader with a live connection for twice {@link SYNC_SILENCE_MS} shows
 * `closed` ({@link watchLeaderSilence}). When the leader leaves, the lock passes to another
 * tab, which resumes the stream after its `lastSeq` ({@link resumeAfterTakeover}; its own
 * controller drives `connection` from then on).
 *
 * @example
 * ```ts
 * const sync = createTabSync(controller, {
 *   name: `chatwire:/api/chat:${conversationId}`,
 *   channel: (name) => new BroadcastChannel(name),
 *   locks: navigator.locks,
 *   timers: { setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (handle) => clearTimeout(handle as number) },
 * });
 * await sync.send('Hello'); // from any tab; the leader's connection streams it
 * ```
 */
export function createTabSync(controller: ChatController, options: TabSyncOptions): TabSync {
  return tabSyncChunk.openTabSync(controller, options);
}
