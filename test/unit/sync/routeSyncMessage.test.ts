/** Which part of a tab's sync a message from another tab reaches, by the tab's role. */
import type { ChatEvent } from '../../../src/core/events';
import { forwardActions } from '../../../src/core/sync/forwardActions';
import { mirrorEvents } from '../../../src/core/sync/mirrorEvents';
import { routeSyncMessage, type SyncParts } from '../../../src/core/sync/routeSyncMessage';
import { shareSnapshots, snapshotOf } from '../../../src/core/sync/shareSnapshots';
import type { SyncMessage } from '../../../src/core/sync/SyncMessage';
import type { OutgoingSyncMessage } from '../../../src/core/sync/TabLink';
import { fakeLink } from './fakeLink';

function tab(role: 'leader' | 'follower') {
  const fake = fakeLink(role);
  const heard: boolean[] = [];
  const mirror = mirrorEvents(fake.link, () => undefined);
  const snapshots = shareSnapshots(fake.link, mirror.flush);
  const actions = forwardActions(fake.link, mirror.flush);
  const parts: SyncParts = {
    link: fake.link,
    mirror,
    snapshots,
    actions,
    leaderWatch: { heard: (c) => void heard.push(c), stop: () => undefined },
  };
  const receive = (m: OutgoingSyncMessage) => routeSyncMessage(parts, { kind: 'chatwire-sync', from: 'other', ...m } as SyncMessage);
  return { ...fake, heard, snapshots, actions, receive };
}

const events: ChatEvent[] = [
  { type: 'user-message', messageId: 'u1', text: 'Hi', seq: 1 },
  { type: 'session', messageId: 'a1', streamId: 's1', seq: 2 },
];

describe('routeSyncMessage', () => {
  it('a follower drops mirrored events and connections until it has a snapshot, then applies them', () => {
    const t = tab('follower');
    t.receive({ type: 'events', events });
    t.receive({ type: 'connection', connection: 'open' });
    expect(t.controller.getState()).toMatchObject({ lastSeq: 0, connection: 'idle' });
    t.receive({ type: 'snapshot', snapshot: snapshotOf(t.controller.getState()), to: 'me', connection: 'connecting' });
    t.receive({ type: 'events', events });
    t.receive({ type: 'connection', connection: 'open' });
    expect(t.controller.getState()).toMatchObject({ lastSeq: 2, connection: 'open' });
    // Each message from the leader told the watch; those that set the connection say so.
    expect(t.heard).toEqual([false, true, true, false, true]);
  });

  it('a follower re-sends its requests to a new leader, and asks it for a snapshot when it has none', () => {
    const t = tab('follower');
    void t.actions.forward('stop');
    t.receive({ type: 'leader' });
    expect(t.types()).toEqual(['request', 'request', 'snapshot-request']);
  });

  it('a leader answers pings with its connection, snapshot requests with a snapshot to that tab, and ignores what leaders send', () => {
    const t = tab('leader');
    t.controller.setConnection('open');
    t.posted.length = 0; // the mirror posted that change
    t.receive({ type: 'ping' });
    t.receive({ type: 'snapshot-request' });
    t.receive({ type: 'events', events });
    t.receive({ type: 'leader' });
    expect(t.posted).toEqual([
      { type: 'connection', connection: 'open' },
      expect.objectContaining({ type: 'snapshot', to: 'other', connection: 'open' }),
    ]);
    expect(t.controller.getState().lastSeq).toBe(0);
    expect(t.heard).toEqual([]);
  });
});
