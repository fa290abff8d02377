import type { ChatSnapshot } from '../session/ChatController';
import type { ChatState } from '../session/ChatState';
import type { SyncMessage } from './SyncMessage';
import type { TabLink } from './TabLink';

/** The conversation as a tab hands it to another: its state without `connection`. */
export function snapshotOf(state: ChatState): ChatSnapshot {
  const { connection: _connection, ...snapshot } = state;
  return snapshot;
}

/** How tabs hand the whole conversation to each other; see {@link shareSnapshots}. */
export interface SnapshotShare {
  /** This tab has the leader's conversation: it adopted a snapshot, or it leads. */
  readonly synced: boolean;
  /** Leader: posts the conversation and its connection, to tab `to` or to all. */
  send(to?: string): void;
  /** Follower: asks the leader for the conversation. */
  request(): void;
  /** Follower: adopts a snapshot meant for this tab (and its connection); false when it is for another tab. */
  adopt(message: Extract<SyncMessage, { type: 'snapshot' }>): boolean;
  /** Follower's `resume()`: `false` at once when synced, else asks and resolves when the snapshot arrives (`true` when it holds messages). */
  whenSynced(): Promise<boolean>;
  /** This tab leads: it has the conversation from now on. Returns whether it had it before. */
  lead(): boolean;
  /** Takes the resumes still waiting for a snapshot (the tab leads or leaves; the caller settles them). */
  takeWaiters(): Array<(resumed: boolean) => void>;
}

/**
 * Snapshots between the tabs of one conversation. The leader sends its conversation
 * ({@link snapshotOf}, with its `connection`) after each local action, when a tab asks, and
 * when it starts leading, always after the events mirrored before it (`flush`). A follower
 * adopts the first snapshot meant for it with `controller.adopt` and is `synced` from then
 * on: before that it drops mirrored events (the snapshot holds them), and a `resume()` in it
 * waits for the snapshot instead of opening a connection.
 *
 * @example
 * ```ts
 * const snapshots = shareSnapshots(link, mirror.flush);
 * snapshots.request(); // a follower joining
 * await snapshots.whenSynced();
 * ```
 */
export function shareSnapshots(link: TabLink, flush: () => void): SnapshotShare {
  let synced = false;
  let waiters: Array<(resumed: boolean) => void> = [];

  const request = (): void => link.post({ type: 'snapshot-request' });

  return {
    get synced() {
      return synced;
    },
    send(to) {
      flush();
      const state = link.controller.getState();
      link.post({ type: 'snapshot', snapshot: snapshotOf(state), connection: state.connection, ...(to === undefined ? {} : { to }) });
    },
    request,
    adopt(message) {
      if (message.to !== undefined && message.to !== link.tabId) return false;
      link.controller.adopt(message.snapshot);
      if (message.connection !== undefined) link.controller.setConnection(message.connection);
      synced = true;
      const hasMessages = message.snapshot.messages.length > 0;
      for (const waiter of waiters.splice(0)) waiter(hasMessages);
      return true;
    },
    whenSynced() {
      // A follower that has the leader's conversation gets the rest live: nothing to resume.
      if (synced) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        waiters.push(resolve);
        request();
      });
    },
    lead() {
      const was = synced;
      synced = true;
      return was;
    },
    takeWaiters() {
      const taken = waiters;
      waiters = [];
      return taken;
    },
  };
}
