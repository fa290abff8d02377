import type { ActionForwarding } from './forwardActions';
import type { EventMirror } from './mirrorEvents';
import type { SnapshotShare } from './shareSnapshots';
import type { SyncMessage } from './SyncMessage';
import type { TabLink } from './TabLink';
import type { LeaderSilenceWatch } from './watchLeaderSilence';

/** The parts of one tab's sync a message can reach. */
export interface SyncParts {
  link: TabLink;
  mirror: EventMirror;
  snapshots: SnapshotShare;
  actions: ActionForwarding;
  leaderWatch: LeaderSilenceWatch;
}

/** Messages only the leader sends. */
const FROM_LEADER = new Set<SyncMessage['type']>(['leader', 'snapshot', 'connection', 'events', 'response']);

/**
 * Hands a message from another tab to the part it is for, by this tab's role: a follower
 * applies the leader's events and connection (once it has the leader's snapshot), adopts
 * its snapshot, and takes its answers; a leader answers pings, snapshot requests and
 * forwarded actions. Every message from the leader also tells the follower's silence watch
 * that the leader is there (and whether it carried the leader's connection).
 *
 * @example
 * ```ts
 * channel.addEventListener('message', ({ data }) => isSyncMessage(data) && routeSyncMessage(parts, data));
 * ```
 */
export function routeSyncMessage(parts: SyncParts, m: SyncMessage): void {
  const { link, mirror, snapshots, actions } = parts;
  const role = link.role();
  const follower = role === 'follower';
  const leader = role === 'leader';
  switch (m.type) {
    case 'events':
      if (follower && snapshots.synced) link.controller.apply(m.events);
      break;
    case 'snapshot':
      if (follower) snapshots.adopt(m);
      break;
    case 'connection':
      if (follower && snapshots.synced) link.controller.setConnection(m.connection);
      break;
    case 'ping':
      if (leader) mirror.sendConnection();
      break;
    case 'snapshot-request':
      if (leader) snapshots.send(m.from);
      break;
    case 'request':
      if (leader) actions.serve(m);
      break;
    case 'response':
      actions.answered(m);
      break;
    case 'leader':
      if (!follower) break;
      actions.resend();
      if (!snapshots.synced) snapshots.request();
      break;
  }
  if (link.role() === 'follower' && FROM_LEADER.has(m.type)) {
    const toThisTab = m.type === 'snapshot' && m.connection !== undefined && (m.to === undefined || m.to === link.tabId);
    parts.leaderWatch.heard(m.type === 'connection' || toThisTab);
  }
}
