/**
 * Multi-tab sync: several stores ("tabs") on one in-memory BroadcastChannel hub and lock
 * manager, against the real server companion in process (its handler is each tab's fetch,
 * wrapped to record that tab's requests). Real timers; every wait is bounded.
 */
import type { ChatEvent } from '../../../src/core/events';
import { createChatStore } from '../../../src/core/store/createChatStore';
import { resolveMultiTab } from '../../../src/core/sync/resolveMultiTab';
import type { TabRole } from '../../../src/core/sync/MultiTabOptions';
import { createMockModel } from '../../../src/server/models/mock';
import { memoryStorage } from '../session/fakeChatFetch';
import { textOf } from '../session/harness';
import { createMemoryChannels, createMemoryLocks } from './memoryTabs';
import { active, answer, closeWorlds, fakeLeader, history, lastText, phase, shape, streams, until, world } from './world';

afterEach(closeWorlds);

describe('multi-tab sync', () => {
  it('a tab alone posts neither its events nor a snapshot of its conversation; once another tab is heard, it posts both', async () => {
    const w = await world();
    const count = (type: string) => w.channels.log.filter((l) => (l.data as { type?: string }).type === type).length;
    const snapshots = () => count('snapshot');
    const a = w.openTab();
    await until(() => a.role === 'leader', 'A to lead');
    await a.ready;
    await a.store.getState().send('Alone here');
    await until(() => phase(a) === 'complete', 'A to complete');
    // Leading and streaming alone: nobody to hand the answer's events or the whole conversation to.
    expect(a.events.length).toBeGreaterThan(3);
    expect(count('events')).toBe(0);
    expect(snapshots()).toBe(0);

    const b = w.openTab();
    await until(() => b.role === 'follower', 'B to follow');
    await b.ready;
    const joined = snapshots();
    expect(joined).toBeGreaterThan(0); // the answers to B's requests
    await a.store.getState().send('Now with company');
    await until(() => phase(a) === 'complete' && phase(b) === 'complete', 'both to complete');
    expect(snapshots()).toBeGreaterThan(joined);
    expect(count('events')).toBeGreaterThan(0);
    expect(shape(b.store.getState().messages)).toEqual(shape(a.store.getState().messages));
  });

  it('elects one leader per conversation; when it closes, the first follower in line takes over', async () => {
    const w = await world();
    const a = w.openTab();
    await until(() => a.role === 'leader', 'tab A to lead');
    const b = w.openTab();
    const c = w.openTab();
    await until(() => b.role === 'follower' && c.role === 'follower', 'B and C to follow');
    expect(a.roles).toEqual(['leader']);

    a.close();
    await until(() => b.role === 'leader', 'B to take over');
    expect(c.role).toBe('follower');
    expect(b.roles).toEqual(['follower', 'leader']);
  });

  it('a follower shows the answer live, as it streams, over the leader’s one connection', async () => {
    const w = await world();
    const a = w.openTab();
    await until(() => a.role === 'leader', 'A to lead');
    await a.ready;
    const b = w.openTab();
    await until(() => b.role === 'follower', 'B to follow');
    await b.ready;

    const sent = a.store.getState().send('Write something long about tides');
    await until(() => answer(b).length > 20, 'B to show the first tokens');
    expect(active(a)).toBe(true); // B saw it while the answer was still streaming
    await sent;
    await until(() => phase(b) === 'complete', 'B to complete');

    expect(phase(a)).toBe('complete');
    expect(shape(b.store.getState().messages)).toEqual(shape(a.store.getState().messages));
    expect(b.store.getState().lastSeq).toBe(a.store.getState().lastSeq);
    expect(b.requests).toEqual([]);
    // A follower that has the conversation has nothing to resume: it gets the rest live.
    expect(await b.store.getState().resume()).toBe(false);
    expect(b.requests).toEqual([]);
    // The mount-time resume (nothing in flight: 204), then the one stream of the answer.
    expect(streams(a).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/chat/${w.conversationId}/stream`, 'POST /api/chat']);
  });

  it('a prompt sent in a follower tab is sent by the leader and shows in both', async () => {
    const w = await world();
    const a = w.openTab();
    await until(() => a.role === 'leader', 'A to lead');
    await a.ready;
    const b = w.openTab();
    await until(() => b.role === 'follower', 'B to follow');

    await b.ready;
    const before = b.store.getState().messages;
    expect(before).toHaveLength(2);
    await b.store.getState().send('What is the weather in Oslo and Rome?');
    // The leader's snapshot after the prompt: the earlier messages keep their identity (no re-render).
    await until(() => b.store.getState().messages.length === 4, 'B to show the prompt');
    expect(b.store.getState().messages[0]).toBe(before[0]);
    expect(b.store.getState().messages[1]).toBe(before[1]);
    expect(b.requests).toEqual([]);
    await until(() => phase(a) === 'complete' && phase(b) === 'complete', 'both to complete');

    const posts = a.requests.filter((r) => r.method === 'POST' && r.path === '/api/chat');
    expect(posts).toHaveLength(1);
    expect((posts[0]?.body as { message: { text: string } }).message.text).toBe('What is the weather in Oslo and Rome?');
    expect(shape(b.store.getState().messages)).toEqual(shape(a.store.getState().messages));
    const h = await history(w.serverFetch, w.conversationId);
    expect(shape(b.store.getState().messages)).toEqual(shape(h));
  });

  it('Stop in a follower tab stops the answer on the server, and both tabs show it stopped', async () => {
    const w = await world();
    const a = w.openTab();
    await until(() => a.role === 'leader', 'A to lead');
    await a.ready;
    const b = w.openTab();
    await until(() => b.role === 'follower', 'B to follow');

    void a.store.getState().send('Write something long about glaciers');
    await until(() => answer(b).length > 20, 'B to show the first tokens');
    await b.store.getState().stop();
    await until(() => phase(a) === 'cancelled' && phase(b) === 'cancelled', 'both tabs to show the stop');
    await until(() => w.model.aborts === 1, 'the model to be aborted');

    expect(a.requests.filter((r) => r.path.endsWith('/cancel'))).toHaveLength(1);
    expect(b.requests).toEqual([]);
    expect(answer(b)).toBe(answer(a));
    expect(answer(a).length).toBeGreaterThan(20);
  });

  it('a tab that joins mid-answer shows the in-flight answer at once, then follows it', async () => {
    const w = await world();
    const a = w.openTab();
    await until(() => a.role === 'leader', 'A to lead');
    await a.ready;
    const sent = a.store.getState().send('Write something long about volcanoes');
    await until(() => answer(a).length > 60, 'A to stream a while');

    const c = w.openTab();
    const resumed = await c.ready;
    expect(resumed).toBe(true);
    const shown = answer(c);
    expect(shown.length).toBeGreaterThan(60);
    // The leader's controller state (its store publishes at most once per frame).
    const leaderNow = textOf([...a.store.getState().controller.getState().messages].reverse().find((m) => m.role === 'assistant'));
    expect(leaderNow.startsWith(shown)).toBe(true);
    expect(active(c)).toBe(true);

    await sent;
    await until(() => phase(c) === 'complete', 'C to complete');
    expect(shape(c.store.getState().messages)).toEqual(shape(a.store.getState().messages));
    expect(c.requests).toEqual([]);
  });

  it('when the leader tab closes mid-answer, a follower resumes after its lastSeq and completes it without loss or duplicates', async () => {
    const w = await world();
    const a = w.openTab();
    await until(() => a.role === 'leader', 'A to lead');
    await a.ready;
    const b = w.openTab();
    const c = w.openTab();
    await until(() => b.role === 'follower' && c.role === 'follower', 'B and C to follow');
    await Promise.all([b.ready, c.ready]);

    void a.store.getState().send('Write something long about rivers');
    await until(() => answer(b).length > 40, 'B to show some of the answer');
    a.close();
    const seqAtHandover = b.store.getState().lastSeq;
    await until(() => b.role === 'leader', 'B to take over');
    await until(() => phase(b) === 'complete' && phase(c) === 'complete', 'B and C to complete');

    const resumes = b.requests.filter((r) => r.path.endsWith('/stream'));
    expect(resumes).toHaveLength(1);
    expect(Number(resumes[0]?.lastEventId)).toBeGreaterThanOrEqual(seqAtHandover);
    expect(b.requests.filter((r) => r.path.endsWith('/messages'))).toEqual([]);
    expect(c.requests).toEqual([]);

    const h = await history(w.serverFetch, w.conversationId);
    expect(shape(b.store.getState().messages)).toEqual(shape(h));
    expect(shape(c.store.getState().messages)).toEqual(shape(h));
    const seqs = b.events.map((e) => e.seq).filter((s): s is number => s !== undefined);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('without a resume route, the tab taking over ends the lost answer in a retryable error instead of waiting forever', async () => {
    const w = await world();
    const a = w.openTab({ resumeEndpoint: null });
    await until(() => a.role === 'leader', 'A to lead');
    await a.ready;
    const b = w.openTab({ resumeEndpoint: null });
    await b.ready;
    void a.store.getState().send('Write something long about ponds');
    // Without a resume route there is no mount-time history either: the answer is the only one.
    await until(() => lastText(b).length > 20, 'B to show some of the answer');
    a.close();
    await until(() => phase(b) === 'error', 'B to end the answer in error');
    expect(b.store.getState().error).toMatchObject({ code: 'stream_lost', retryable: true });
    expect(lastText(b).length).toBeGreaterThan(20);
    expect(b.requests.filter((r) => r.path.endsWith('/stream'))).toEqual([]);
  });

  it('a prompt sent while the leader is leaving is sent once, by the tab that takes over', async () => {
    const w = await world();
    const a = w.openTab();
    await until(() => a.role === 'leader', 'A to lead');
    await a.ready;
    const b = w.openTab();
    await until(() => b.role === 'follower', 'B to follow');

    a.close();
    const sent = b.store.getState().send('hello again');
    await until(() => b.role === 'leader', 'B to take over');
    await sent;
    await until(() => phase(b) === 'complete', 'B to complete');
    expect(b.requests.filter((r) => r.method === 'POST' && r.path === '/api/chat')).toHaveLength(1);
    expect(a.requests.filter((r) => r.method === 'POST' && r.path === '/api/chat')).toHaveLength(0);
    expect(w.model.calls).toBe(2); // the conversation's first exchange, and this one
  });

  it('a conversation started in a tab is shared once the server names it', async () => {
    const w = await world();
    const a = w.openTab({ conversationId: null });
    const sent = a.store.getState().send('Write something long about deserts');
    await until(() => a.role === 'leader', 'A to lead once the id is known');
    const id = a.store.getState().conversationId ?? '';
    const b = w.openTab({ conversationId: id });
    await b.ready;
    await sent;
    await until(() => phase(b) === 'complete', 'B to complete');
    expect(shape(b.store.getState().messages)).toEqual(shape(a.store.getState().messages));
    expect(b.requests).toEqual([]);
  });

  it('by default (multiTab unset), a new conversation is shared once the server names it: the second tab makes no request', async () => {
    const w = await world();
    // What a browser has: BroadcastChannel and navigator.locks (here the in-memory ones).
    vi.stubGlobal('navigator', { locks: w.locks });
    vi.stubGlobal(
      'BroadcastChannel',
      function MemoryBroadcastChannel(name: string) {
        return w.channels.channel(name);
      },
    );
    try {
      const a = w.openTab({ conversationId: null, defaultMultiTab: true });
      const sent = a.store.getState().send('Write something long about lakes');
      const name = () => `chatwire:/api/chat:${a.store.getState().conversationId}`;
      await until(() => a.store.getState().conversationId !== null && w.locks.held(name()), 'A to lead once the id is known');
      const b = w.openTab({ conversationId: a.store.getState().conversationId, defaultMultiTab: true });
      await b.ready;
      await sent;
      await until(() => phase(b) === 'complete', 'B to complete');
      expect(shape(b.store.getState().messages)).toEqual(shape(a.store.getState().messages));
      expect(lastText(b).length).toBeGreaterThan(200);
      expect(b.requests).toEqual([]);
      expect(streams(a)).toHaveLength(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('events mirrored twice are applied once (seq dedupe)', async () => {
    const w = await world();
    // Another "tab" takes the lock first and speaks the protocol by hand.
    const { channel: fake, release: releaseFake } = await fakeLeader(w);
    const b2 = w.openTab();
    await until(() => b2.role === 'follower', 'the tab to follow');
    fake.postMessage({
      kind: 'chatwire-sync',
      type: 'snapshot',
      from: 'fake',
      snapshot: { ...b2.store.getState().controller.getState(), connection: undefined, lastSeq: 10 },
    });
    const events: ChatEvent[] = [
      { type: 'user-message', messageId: 'u9', text: 'Hi', seq: 11 },
      { type: 'session', messageId: 'a9', streamId: 's9', seq: 12 },
      { type: 'text-delta', delta: 'Hello', seq: 13 },
    ];
    fake.postMessage({ kind: 'chatwire-sync', type: 'events', from: 'fake', events });
    fake.postMessage({ kind: 'chatwire-sync', type: 'events', from: 'fake', events });
    fake.postMessage({ kind: 'chatwire-sync', type: 'events', from: 'fake', events: [{ type: 'text-delta', delta: ' there', seq: 14 }] });
    await until(() => b2.store.getState().lastSeq === 14, 'the events to arrive');
    expect(lastText(b2)).toBe('Hello there');
    expect(b2.events.map((e) => e.seq)).toEqual([11, 12, 13, 14]);
    fake.close();
    releaseFake();
  });
});

describe('resolveMultiTab', () => {
  it('is off when asked, or when the runtime lacks BroadcastChannel or Web Locks (each tab then has its own connection)', () => {
    const { channel } = createMemoryChannels();
    const locks = createMemoryLocks();
    expect(resolveMultiTab(false)).toBeNull();
    expect(resolveMultiTab({ locks, channel })).not.toBeNull();
    // Node 20 has BroadcastChannel but no navigator.locks.
    expect(typeof BroadcastChannel).toBe('function');
    expect(resolveMultiTab(undefined)).toBeNull();
    expect(resolveMultiTab(true)).toBeNull();
    expect(resolveMultiTab({ channel })).toBeNull();
    // With both APIs, sync is on unless turned off.
    const g = globalThis as { navigator?: unknown };
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true });
    try {
      expect((g.navigator as { locks: unknown }).locks).toBe(locks);
      expect(resolveMultiTab(undefined)?.locks).toBe(locks);
      expect(resolveMultiTab(true)?.locks).toBe(locks);
      expect(resolveMultiTab({ channel })?.channel).toBe(channel);
      expect(resolveMultiTab(false)).toBeNull();
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete g.navigator;
    }
  });

  it('with multiTab off, two tabs of one conversation each load and stream on their own', async () => {
    const w = await world();
    const make = () =>
      createChatStore({
        fetch: w.serverFetch,
        storage: memoryStorage(),
        conversationId: w.conversationId,
        multiTab: false,
      });
    const a = make();
    const b = make();
    await Promise.all([a.getState().resume(), b.getState().resume()]);
    expect(a.getState().messages).toHaveLength(2);
    expect(b.getState().messages).toHaveLength(2);
  });
});

describe('when Web Locks fail', () => {
  it('the tab keeps its own connection (role off): it loads the conversation and streams itself', async () => {
    const w = await world(createMockModel({ delayMs: 0 }));
    const roles: TabRole[] = [];
    const errors: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
    try {
      const store = createChatStore({
        fetch: w.serverFetch,
        storage: memoryStorage(),
        conversationId: w.conversationId,
        multiTab: {
          channel: w.channels.channel,
          locks: {
            request: () => Promise.reject(new DOMException('Locks are not allowed here.', 'SecurityError')),
          },
          onRoleChange: (r) => roles.push(r),
        },
      });
      store.getState().controller.attach();
      await store.getState().resume(); // its own history request, then its own (empty) resume
      expect(store.getState().messages).toHaveLength(2);
      expect(roles).toEqual(['off']);
      await store.getState().send('hello again');
      expect(store.getState().phase).toBe('complete');
      expect(store.getState().messages).toHaveLength(4);
      expect(textOf(store.getState().messages[3])).toContain('mock model');
      expect(String(errors[0])).toContain('keeps its own connection');
      store.getState().controller.dispose();
    } finally {
      spy.mockRestore();
    }
  });
});
