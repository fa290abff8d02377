/**
 * Follower tabs show the leader's connection state: its changes, in the snapshot a joining
 * tab gets, across a takeover, and what a follower shows when the leader goes silent.
 * Real server companion in process; the silence tests drive time with fake timers.
 */
import type { ConnectionState } from '../../../src/core/session/types';
import type { SyncMessage } from '../../../src/core/sync/SyncMessage';
import { SYNC_SILENCE_MS } from '../../../src/core/sync/syncSilenceMs';
import { createMockModel } from '../../../src/server/models/mock';
import { answer, closeWorlds, fakeLeader, phase, until, world } from './world';

afterEach(async () => {
  vi.useRealTimers();
  await closeWorlds();
});

const connection = (tab: { store: { getState(): { connection: ConnectionState } } }) => tab.store.getState().connection;
/** The sync messages of `type` posted on the hub so far. */
const posted = (log: { data: unknown }[], type: SyncMessage['type']) => log.map((l) => l.data as SyncMessage).filter((m) => m.type === type);
/** The part of `states` from the first `from` on. */
const after = (states: ConnectionState[], from: ConnectionState) => states.slice(Math.max(0, states.indexOf(from)));

describe('a follower tab shows the leader’s connection', () => {
  it('when the leader’s stream drops, the follower shows reconnecting, then the replay, then closed at the end', async () => {
    const w = await world(createMockModel({ delayMs: 3 }), { faults: { allowRequestHeader: true } });
    // The server cuts the leader's answer stream after 30 events; the leader resumes it.
    const a = w.openTab({ headers: { 'x-chatwire-fault-drop-after': '30' } });
    await until(() => a.role === 'leader', 'A to lead');
    await a.ready;
    const b = w.openTab();
    await until(() => b.role === 'follower', 'B to follow');
    await b.ready;
    const [leaderBefore, followerBefore] = [a.connections.length, b.connections.length];
    const leaderRequests = a.requests.length;

    await a.store.getState().send('Write something long about tides');
    await until(() => phase(b) === 'complete', 'B to complete');
    await until(() => connection(b) === 'closed', 'B to show the stream closed');

    // The leader reconnected on its own (a resume after its last event id): replaying, then
    // `open` unless the answer ended within the replay, then closed at the end.
    expect(a.requests.slice(leaderRequests).filter((r) => r.path.endsWith('/stream') && r.lastEventId)).toHaveLength(1);
    const leader = a.connections.slice(leaderBefore);
    expect(leader.slice(0, 4)).toEqual(['connecting', 'open', 'reconnecting', 'replaying']);
    expect(leader.slice(4, -1)).toEqual(leader.length > 5 ? ['open'] : []);
    expect(leader.at(-1)).toBe('closed');
    // The follower showed the same states, over no connection of its own.
    expect(b.connections.slice(followerBefore)).toEqual(leader);
    expect(b.requests).toEqual([]);
    expect(answer(b)).toBe(answer(a));
  });

  it('a tab that joins mid-answer gets the leader’s connection with the snapshot', async () => {
    const w = await world();
    const a = w.openTab();
    await until(() => a.role === 'leader', 'A to lead');
    await a.ready;
    const sent = a.store.getState().send('Write something long about volcanoes');
    await until(() => answer(a).length > 60 && connection(a) === 'open', 'A to stream a while');
    const connectionMessages = posted(w.channels.log, 'connection').length;

    const c = w.openTab();
    expect(await c.ready).toBe(true);
    // Right when the snapshot is adopted: no connection change was posted since C opened.
    expect(connection(c)).toBe('open');
    expect(posted(w.channels.log, 'connection')).toHaveLength(connectionMessages);
    expect(posted(w.channels.log, 'snapshot').at(-1)).toMatchObject({ connection: 'open' });

    await sent;
    await until(() => connection(c) === 'closed', 'C to show the end of the stream');
    expect(c.requests).toEqual([]);
  });

  it('on takeover the new leader’s own controller drives its connection, and the other followers show it', async () => {
    const w = await world();
    const a = w.openTab();
    await until(() => a.role === 'leader', 'A to lead');
    await a.ready;
    const b = w.openTab();
    const c = w.openTab();
    await until(() => b.role === 'follower' && c.role === 'follower', 'B and C to follow');
    await Promise.all([b.ready, c.ready]);

    void a.store.getState().send('Write something long about rivers');
    await until(() => answer(b).length > 40 && connection(b) === 'open' && connection(c) === 'open', 'B and C to show A’s open stream');
    const [bFrom, cFrom] = [b.connections.length, c.connections.length];
    a.close();
    await until(() => b.role === 'leader', 'B to take over');
    await until(() => phase(b) === 'complete' && phase(c) === 'complete', 'B and C to complete');
    await until(() => connection(b) === 'closed' && connection(c) === 'closed', 'B and C to show the stream closed');

    // B dropped A's connection, opened its own resume (replayed what it missed, then
    // `open` unless the answer ended within the replay), closed at the end.
    const taken = b.connections.slice(bFrom);
    expect(taken.slice(0, 3)).toEqual(['closed', 'connecting', 'replaying']);
    expect(taken.slice(3, -1)).toEqual(taken.length > 4 ? ['open'] : []);
    expect(taken.at(-1)).toBe('closed');
    expect(b.requests.filter((r) => r.path.endsWith('/stream'))).toHaveLength(1);
    // C showed B's connection, over none of its own.
    expect(after(c.connections.slice(cFrom), 'connecting')).toEqual(taken.slice(1));
    expect(c.requests).toEqual([]);
  });
});

describe('a follower whose leader goes silent', () => {
  it('pings it, shows closed when no answer comes, and shows its connection again once it speaks', async () => {
    const w = await world();
    // Another "tab" holds the lock and speaks the protocol by hand, then stops answering.
    const { channel: fake, release: releaseFake } = await fakeLeader(w);
    const b = w.openTab();
    await until(() => b.role === 'follower', 'the tab to follow');
    const pings = () => posted(w.channels.log, 'ping').length;

    vi.useFakeTimers();
    fake.postMessage({
      kind: 'chatwire-sync',
      type: 'snapshot',
      from: 'fake',
      snapshot: { ...b.store.getState().controller.getState(), connection: undefined, lastSeq: 10 },
      connection: 'open',
    });
    await vi.advanceTimersByTimeAsync(1);
    expect(connection(b)).toBe('open');
    expect(await b.ready).toBe(false);

    await vi.advanceTimersByTimeAsync(SYNC_SILENCE_MS - 10);
    expect(pings()).toBe(0);
    expect(connection(b)).toBe('open');
    await vi.advanceTimersByTimeAsync(10);
    expect(pings()).toBe(1); // silent for SYNC_SILENCE_MS: is the leader there?
    expect(connection(b)).toBe('open');
    await vi.advanceTimersByTimeAsync(SYNC_SILENCE_MS);
    expect(connection(b)).toBe('closed'); // no answer: not a stale `open` forever
    await vi.advanceTimersByTimeAsync(10 * SYNC_SILENCE_MS);
    expect(pings()).toBe(1); // nothing live to watch any more

    // The leader speaks again: the follower asks for its connection, and shows it.
    fake.postMessage({ kind: 'chatwire-sync', type: 'events', from: 'fake', events: [{ type: 'text-delta', delta: 'Hi', seq: 11 }] });
    await vi.advanceTimersByTimeAsync(1);
    expect(pings()).toBe(2);
    fake.postMessage({ kind: 'chatwire-sync', type: 'connection', from: 'fake', connection: 'reconnecting' });
    await vi.advanceTimersByTimeAsync(1);
    expect(connection(b)).toBe('reconnecting');
    // ... and not a stale `reconnecting` forever either.
    await vi.advanceTimersByTimeAsync(2 * SYNC_SILENCE_MS);
    expect(pings()).toBe(3);
    expect(connection(b)).toBe('closed');

    fake.close();
    releaseFake();
  });

  it('a leader that is there answers the ping, so a quiet stream stays open in the follower', async () => {
    // The tools take a minute: the leader's stream is open and quiet meanwhile.
    const w = await world(createMockModel({ delayMs: 3, toolDelayMs: 60_000 }));
    const a = w.openTab();
    await until(() => a.role === 'leader', 'A to lead');
    await a.ready;
    const b = w.openTab();
    await until(() => b.role === 'follower', 'B to follow');
    await b.ready;
    void a.store.getState().send('What is the weather in Oslo and Rome?');
    await until(() => phase(b) === 'executing' && connection(b) === 'open', 'B to show the tools running');

    vi.useFakeTimers();
    // Another follower's ping: the leader's answer re-arms B's silence timer, now on fake time.
    const other = w.channels.channel(`chatwire:/api/chat:${w.conversationId}`);
    other.postMessage({ kind: 'chatwire-sync', type: 'ping', from: 'other' });
    await vi.advanceTimersByTimeAsync(1);
    other.close();
    const pingsBefore = posted(w.channels.log, 'ping').length;
    for (let i = 0; i < 6; i++) await vi.advanceTimersByTimeAsync(SYNC_SILENCE_MS);
    expect(posted(w.channels.log, 'ping').length - pingsBefore).toBeGreaterThanOrEqual(3);
    expect(connection(b)).toBe('open');
    expect(phase(b)).toBe('executing');
    vi.useRealTimers();

    await a.store.getState().stop();
    await until(() => phase(b) === 'cancelled' && connection(b) === 'closed', 'B to show the stop');
  });
});
