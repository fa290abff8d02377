import { createMemoryStore } from '../../../src/server/store/createMemoryStore';
import type { StoredEvent } from '../../../src/server/types';

const delta = (d: string) => ({ type: 'text-delta' as const, delta: d });
const init = (conversationId: string, streamId: string, userId = 'u1') => ({
  conversationId,
  streamId,
  messageId: `${streamId}-m`,
  userId,
  startedAt: 0,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createMemoryStore', () => {
  it('assigns consecutive seqs from 1, drops a seq given by the caller, and reads strictly after a seq', async () => {
    const store = createMemoryStore();
    expect(await store.createConversation('c1', 'u1')).toBe(true);
    expect(await store.createConversation('c1', 'u2')).toBe(false);
    expect(await store.getOwner('c1')).toBe('u1');
    expect(await store.getOwner('nope')).toBeNull();
    expect(await store.append('c1', delta('a'))).toBe(1);
    expect(await store.append('c1', { ...delta('b'), seq: 99 })).toBe(2);
    expect(await store.append('c1', delta('c'))).toBe(3);
    expect(await store.readAfter('c1', 1)).toEqual([
      { seq: 2, event: delta('b') },
      { seq: 3, event: delta('c') },
    ]);
    expect(await store.readAfter('c1', 0, 1)).toEqual([{ seq: 1, event: delta('a') }]);
    expect(await store.lastSeq('c1')).toBe(3);
    await expect(store.append('missing', delta('x'))).rejects.toThrow(/no conversation "missing"/);
  });

  it('subscribe replays after the seq, then delivers live appends once each, in order, until stopped', async () => {
    const store = createMemoryStore();
    await store.createConversation('c1', 'u1');
    for (const d of ['a', 'b', 'c']) await store.append('c1', delta(d));
    const seen: StoredEvent[] = [];
    const stop = await store.subscribe('c1', 1, { onEvent: (e) => seen.push(e) });
    await store.append('c1', delta('d'));
    expect(seen.map((e) => e.seq)).toEqual([2, 3, 4]);
    stop();
    await store.append('c1', delta('e'));
    expect(seen).toHaveLength(3);
  });

  it('a subscriber that throws does not break the log or other subscribers', async () => {
    const store = createMemoryStore();
    await store.createConversation('c1', 'u1');
    const seen: number[] = [];
    await store.subscribe('c1', 0, {
      onEvent: () => {
        throw new Error('boom');
      },
    });
    await store.subscribe('c1', 0, { onEvent: (e) => seen.push(e.seq) });
    expect(await store.append('c1', delta('a'))).toBe(1);
    expect(seen).toEqual([1]);
  });

  it('keeps at most maxEventsPerLog events, oldest dropped, seqs never reused', async () => {
    const store = createMemoryStore({ maxEventsPerLog: 3 });
    await store.createConversation('c1', 'u1');
    for (let i = 0; i < 5; i++) await store.append('c1', delta(String(i)));
    expect((await store.readAfter('c1', 0)).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect((await store.readAfter('c1', 3)).map((e) => e.seq)).toEqual([4, 5]);
    expect(await store.append('c1', delta('x'))).toBe(6);
  });

  it("evicts the user's own least recently active idle conversation past maxConversationsPerUser, never one in flight", async () => {
    const store = createMemoryStore({ maxConversationsPerUser: 2 });
    await store.createConversation('old', 'u1');
    await store.createConversation('busy', 'u1');
    await store.createConversation('theirs', 'u2');
    await store.beginStream(init('old', 's-old'));
    await store.createConversation('newer', 'u1'); // 'old' is in flight: 'busy' (idle) goes
    expect(await store.getOwner('old')).toBe('u1');
    expect(await store.getOwner('busy')).toBeNull();
    expect(await store.getOwner('theirs')).toBe('u2');
    expect(store.size('u1')).toBe(2);
    await store.beginStream(init('newer', 's-new'));
    await expect(store.createConversation('third', 'u1')).rejects.toThrow(/all 2 conversations of this user have a generation in flight/);
    expect(await store.beginStream(init('third', 's3'), { create: true })).toMatchObject({ ok: false, reason: 'user-limit' });
    expect(await store.getOwner('third')).toBeNull();
  });

  it("one user's activity never evicts another user's conversation: the global bound refuses instead (row 2)", async () => {
    const store = createMemoryStore({ maxConversations: 1000, maxConversationsPerUser: 100 });
    await store.createConversation('victim', 'alice');
    await store.appendMessages('victim', [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'mine' }] }]);
    // The attack of issue 10: one user creating 1,001 conversations.
    for (let i = 0; i < 1001; i++) {
      expect((await store.beginStream(init(`m${i}`, `s${i}`, 'mallory'), { create: true })).ok).toBe(true);
      await store.endStream(`m${i}`, `s${i}`);
    }
    expect(store.size('mallory')).toBe(0); // never written: ended starts leave nothing
    for (let i = 0; i < 1001; i++) {
      await store.createConversation(`n${i}`, 'mallory');
      await store.append(`n${i}`, delta('x'));
    }
    expect(store.size('mallory')).toBe(100);
    expect(await store.getOwner('victim')).toBe('alice');
    expect(await store.getMessages('victim')).toHaveLength(1);
    // Many users filling the store: the next one is refused, nobody is evicted.
    const full = createMemoryStore({ maxConversations: 3 });
    for (const user of ['a', 'b', 'c']) await full.createConversation(`c-${user}`, user);
    expect(await full.beginStream(init('c-d', 's-d', 'd'), { create: true })).toMatchObject({ ok: false, reason: 'store-full', message: expect.stringMatching(/maximum of 3 conversations/) });
    for (const user of ['a', 'b', 'c']) expect(await full.getOwner(`c-${user}`)).toBe(user);
  });

  it('drops conversations idle past conversationTtlMs when room is needed', async () => {
    vi.useFakeTimers();
    const store = createMemoryStore({ maxConversations: 2, conversationTtlMs: 60_000 });
    await store.createConversation('a', 'u1');
    vi.advanceTimersByTime(30_000);
    await store.createConversation('b', 'u2');
    vi.advanceTimersByTime(40_000); // 'a' idle for 70 s, 'b' for 40 s
    expect(await store.createConversation('c', 'u3')).toBe(true);
    expect(await store.getOwner('a')).toBeNull();
    expect(await store.getOwner('b')).toBe('u2');
  });

  it('tells subscribers of an evicted conversation that their subscription ended', async () => {
    const store = createMemoryStore({ maxConversationsPerUser: 1 });
    await store.createConversation('a', 'u1');
    const errors: Error[] = [];
    await store.subscribe('a', 0, { onEvent: () => undefined, onError: (e) => errors.push(e) });
    await store.createConversation('b', 'u1');
    expect(errors[0]?.message).toMatch(/"a" is gone .* evicted/);
    expect((errors[0] as { code?: string }).code).toBe('conversation_gone');
  });

  it('drops the log retainMs after the generation ended, keeps lastSeq and history, and cancels expiry when a new one starts', async () => {
    vi.useFakeTimers();
    const store = createMemoryStore({ retainMs: 1000 });
    await store.createConversation('c1', 'u1');
    await store.beginStream(init('c1', 's1'));
    await store.append('c1', delta('a'));
    await store.appendMessages('c1', [{ id: 'm', role: 'user', parts: [] }]);
    await store.endStream('c1', 's1');
    vi.advanceTimersByTime(999);
    expect(await store.readAfter('c1', 0)).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(await store.readAfter('c1', 0)).toEqual([]);
    expect(await store.lastSeq('c1')).toBe(1);
    expect(await store.getMessages('c1')).toHaveLength(1);
    expect(await store.append('c1', delta('b'))).toBe(2);

    await store.endStream('c1', 'not-active'); // no-op
    await store.beginStream(init('c1', 's2'));
    await store.endStream('c1', 's2');
    await store.beginStream(init('c1', 's3')); // in flight again before the expiry
    vi.advanceTimersByTime(5000);
    expect((await store.readAfter('c1', 0)).map((e) => e.seq)).toEqual([2]);
  });

  it('beginStream sets startSeq, refuses a busy conversation and a user at the limit, and counts per user', async () => {
    const store = createMemoryStore();
    for (const c of ['c1', 'c2', 'c3']) await store.createConversation(c, 'u1');
    await store.append('c1', delta('a'));
    const first = await store.beginStream(init('c1', 's1'), { maxPerUser: 2 });
    expect(first).toMatchObject({ ok: true, stream: { streamId: 's1', startSeq: 2 } });
    expect(await store.beginStream(init('c1', 's9'), { maxPerUser: 2 })).toMatchObject({ ok: false, reason: 'conversation-busy', active: { streamId: 's1' } });
    expect((await store.beginStream(init('c2', 's2'), { maxPerUser: 2 })).ok).toBe(true);
    expect(await store.beginStream(init('c3', 's3'), { maxPerUser: 2 })).toEqual({ ok: false, reason: 'user-limit', active: 2 });
    expect(await store.countActiveStreams('u1')).toBe(2);
    expect((await store.getActiveStream('c1'))?.streamId).toBe('s1');
    await store.endStream('c1', 's1');
    expect(await store.getActiveStream('c1')).toBeNull();
    expect(await store.countActiveStreams('u1')).toBe(1);
    expect((await store.beginStream(init('c3', 's3'), { maxPerUser: 2 })).ok).toBe(true);
  });

  it('keeps the latest maxMessagesPerConversation messages, replaces by id, and limits reads to the last N', async () => {
    const store = createMemoryStore({ maxMessagesPerConversation: 3 });
    await store.createConversation('c1', 'u1');
    const m = (id: string, text = id) => ({ id, role: 'user' as const, parts: [{ type: 'text' as const, text }] });
    await store.appendMessages('c1', [m('1'), m('2'), m('3'), m('4')]);
    await store.appendMessages('c1', [m('3', 'three')]);
    const all = await store.getMessages('c1');
    expect(all.map((x) => x.id)).toEqual(['2', '3', '4']);
    expect(all[1]?.parts[0]).toEqual({ type: 'text', text: 'three' });
    expect((await store.getMessages('c1', 2)).map((x) => x.id)).toEqual(['3', '4']);
  });

  it('delivers cancel to the listeners of that stream id only, until they stop listening', async () => {
    const store = createMemoryStore();
    const got: Array<string | undefined> = [];
    const stop = await store.onCancel('s1', (reason) => got.push(reason));
    await store.onCancel('s2', () => got.push('wrong stream'));
    await store.publishCancel('s1', 'user');
    stop();
    await store.publishCancel('s1', 'again');
    expect(got).toEqual(['user']);
  });

  it('rejects bounds that are not positive integers', () => {
    expect(() => createMemoryStore({ maxConversations: 0 })).toThrow(/maxConversations must be a positive integer, received 0/);
  });
});
