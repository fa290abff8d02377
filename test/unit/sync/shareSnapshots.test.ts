/** Snapshots alone: what a leader sends, and how a follower adopts one. */
import type { ChatSnapshot } from '../../../src/core/session/ChatController';
import { shareSnapshots, snapshotOf } from '../../../src/core/sync/shareSnapshots';
import type { SyncMessage } from '../../../src/core/sync/SyncMessage';
import { fakeLink } from './fakeLink';

type Snapshot = Extract<SyncMessage, { type: 'snapshot' }>;

function leaderSnapshot(): ChatSnapshot {
  const { controller } = fakeLink();
  controller.apply([
    { type: 'user-message', messageId: 'u1', text: 'Hi', seq: 1 },
    { type: 'session', messageId: 'a1', streamId: 's1', seq: 2 },
    { type: 'text-delta', delta: 'Hello', seq: 3 },
  ]);
  return snapshotOf(controller.getState());
}

const message = (snapshot: ChatSnapshot, extra: Partial<Snapshot> = {}): Snapshot => ({
  kind: 'chatwire-sync',
  type: 'snapshot',
  from: 'leader',
  snapshot,
  ...extra,
});

describe('shareSnapshots', () => {
  it('the leader sends its conversation without its connection, and the connection beside it, after flushing', () => {
    const { link, controller, posted } = fakeLink('leader');
    const order: string[] = [];
    const snapshots = shareSnapshots(link, () => order.push('flush'));
    controller.apply([{ type: 'user-message', messageId: 'u1', text: 'Hi', seq: 1 }]);
    controller.setConnection('open');
    snapshots.send();
    snapshots.send('tab-2');
    expect(order).toEqual(['flush', 'flush']);
    expect(posted).toHaveLength(2);
    expect(posted[0]).toMatchObject({ type: 'snapshot', connection: 'open', snapshot: { lastSeq: 1, conversationId: 'c1' } });
    expect(posted[0]).not.toHaveProperty('to');
    expect(posted[1]).toMatchObject({ type: 'snapshot', to: 'tab-2' });
    expect((posted[0] as Snapshot).snapshot).not.toHaveProperty('connection');
  });

  it('a follower resumes by asking for a snapshot, adopts the one meant for it, and is synced from then on', async () => {
    const { link, controller, posted } = fakeLink('follower');
    const snapshots = shareSnapshots(link, () => undefined);
    expect(snapshots.synced).toBe(false);
    const resumed = snapshots.whenSynced();
    expect(posted).toEqual([{ type: 'snapshot-request' }]);
    const snapshot = leaderSnapshot();
    expect(snapshots.adopt(message(snapshot, { to: 'another-tab' }))).toBe(false);
    expect(snapshots.synced).toBe(false);
    expect(snapshots.adopt(message(snapshot, { to: 'me', connection: 'open' }))).toBe(true);
    await expect(resumed).resolves.toBe(true);
    expect(snapshots.synced).toBe(true);
    expect(controller.getState()).toMatchObject({ lastSeq: 3, connection: 'open', activeMessageId: 'a1' });
    // Synced: a resume has nothing to do, and asks nothing.
    await expect(snapshots.whenSynced()).resolves.toBe(false);
    expect(posted).toHaveLength(1);
  });

  it('a leader is synced; resumes still waiting are handed over to the caller', async () => {
    const { link } = fakeLink('follower');
    const snapshots = shareSnapshots(link, () => undefined);
    const waiting = [snapshots.whenSynced(), snapshots.whenSynced()];
    expect(snapshots.lead()).toBe(false);
    expect(snapshots.lead()).toBe(true);
    const waiters = snapshots.takeWaiters();
    expect(waiters).toHaveLength(2);
    waiters.forEach((w, i) => w(i === 0));
    await expect(Promise.all(waiting)).resolves.toEqual([true, false]);
    expect(snapshots.takeWaiters()).toEqual([]);
  });
});
