import type { ChatController } from '../session/ChatController';
import type { TabSync, TabSyncOptions } from './createTabSync';
import type { ConnectionState } from '../session/types';
import { electLeader } from './electLeader';
import { forwardActions } from './forwardActions';
import { mirrorEvents } from './mirrorEvents';
import { resumeAfterTakeover } from './resumeAfterTakeover';
import { shareSnapshots } from './shareSnapshots';
import { createRoleGate } from './createRoleGate';
import { routeSyncMessage, type SyncParts } from './routeSyncMessage';
import { isSyncMessage } from './SyncMessage';
import type { SYNC_SILENCE_MS } from './syncSilenceMs';
import { createTabLink } from './TabLink';
import { watchLeaderSilence } from './watchLeaderSilence';

/** Connection states in which a stream is (about to be) read: a follower showing one expects to hear from the leader. */
const LIVE = new Set<ConnectionState>(['connecting', 'open', 'reconnecting', 'replaying']);

/**
 * The body of {@link createTabSync} (see there for what it does). It lives in the lazy
 * multi-tab chunk (tabSyncChunk), so the multi-tab modules ship once. Internal.
 */
// Over 80 lines: the wiring of one tab: its channel, leader lock, request forwarding and teardown share the closure; each step calls a named unit.
export function openTabSync(controller: ChatController, options: TabSyncOptions): TabSync {
  const tabId = options.tabId;
  let requests = 0;
  const channel = options.channel(options.name);
  const gate = createRoleGate(options.onRoleChange);
  let disposed = false;

  const link = createTabLink({ tabId, name: options.name, controller, channel, role: () => gate.role, disposed: () => disposed, newId: () => `${tabId}:${++requests}` });
  // Whether another tab was heard on the channel. Until then no tab needs the leader's events,
  // connection or snapshots (one joining asks for a snapshot, which holds everything before
  // it), so a tab alone posts nothing per token and never copies its conversation on a prompt.
  let peers = false;
  const shareWithPeers = (): void => {
    if (peers) snapshots.send();
  };
  const mirror = mirrorEvents({ ...link, post: (message) => peers && link.post(message) }, shareWithPeers);
  const snapshots = shareSnapshots(link, mirror.flush);
  const actions = forwardActions(link, mirror.flush);
  const leaderWatch = watchLeaderSilence(
    {
      live: () => !disposed && gate.role === 'follower' && snapshots.synced && LIVE.has(controller.getState().connection),
      ping: () => link.post({ type: 'ping' }),
      silent: () => controller.setConnection('closed'),
    },
    options.timers,
  );
  const parts: SyncParts = { link, mirror, snapshots, actions, leaderWatch };

  /** A follower leaving its role: the leader's connection it showed is not this tab's. */
  const dropMirroredConnection = (): void => {
    leaderWatch.stop();
    if (gate.role === 'follower' && LIVE.has(controller.getState().connection)) controller.setConnection('closed');
  };
  const lead = (takeover: boolean): void => {
    dropMirroredConnection();
    const wasSynced = snapshots.lead();
    gate.set('leader');
    link.post({ type: 'leader' });
    // Followers may be waiting for a snapshot: give them ours.
    shareWithPeers();
    const resumed = takeover ? resumeAfterTakeover(controller, wasSynced, () => disposed, options.isActive) : null;
    for (const waiter of snapshots.takeWaiters()) void (resumed ?? controller.resume()).then(waiter);
    actions.performHere();
  };
  const follow = (): void => {
    gate.set('follower');
    snapshots.request();
  };
  const goSolo = (e: unknown): void => {
    if (disposed) return;
    console.error(`chatwire: the Web Lock "${options.name}" failed, so this tab keeps its own connection:`, e);
    dropMirroredConnection();
    gate.set('off');
    channel.close();
    for (const waiter of snapshots.takeWaiters()) void controller.resume().then(waiter);
    actions.performHere();
  };

  channel.addEventListener('message', ({ data }) => {
    if (disposed || !isSyncMessage(data) || data.from === tabId) return;
    peers = true;
    routeSyncMessage(parts, data);
  });
  const election = electLeader(options.locks, options.name, { lead, follow, fail: goSolo });

  return {
    get role() {
      return gate.role;
    },
    send: (text, sendOptions) => gate.byRole(() => controller.send(text, sendOptions), () => actions.forward('send', sendOptions?.body ? { text, body: sendOptions.body } : { text })),
    edit: (messageId, text) => gate.byRole(() => controller.edit(messageId, text), () => actions.forward('edit', { messageId, text })),
    regenerate: (messageId) => gate.byRole(() => controller.regenerate(messageId), () => actions.forward('regenerate', { messageId })),
    switchBranch: (messageId, index) => void gate.byRole(async () => controller.switchBranch(messageId, index), () => actions.forward('branch', { messageId, index })),
    stop: () => gate.byRole(() => controller.stop(), () => actions.forward('stop')),
    retry: () => gate.byRole(() => controller.retry(), () => actions.forward('retry')),
    resume: (resumeOptions) => gate.byRole(() => controller.resume(resumeOptions), () => snapshots.whenSynced()),
    dispose() {
      if (disposed) return;
      mirror.flush();
      disposed = true;
      leaderWatch.stop();
      mirror.stop();
      election.stop();
      channel.close();
      for (const waiter of snapshots.takeWaiters()) waiter(false);
      actions.dispose();
    },
  };
}
