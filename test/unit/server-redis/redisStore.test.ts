import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../src/core/session/types';
import { createRedisStore } from '../../../src/server/redis/createRedisStore';
import { appendQueuedOf } from '../../../src/server/store/appendQueued';
import type { RedisStoreOptions } from '../../../src/server/redis/RedisStoreOptions';
import type { StoredEvent } from '../../../src/server/types';
import { frameOf } from '../../../src/server/store/eventFrames';
import { encodeChatEvent } from '../../../src/core/protocols/encodeChatEvent';
import { redisSuite } from '../../support/redisSuite';
import { delta, eventually, freshPrefix, init, sleep, startFlakyProxy } from './helpers';

const server = redisSuite({ admin: true });

/** Two stores on one prefix, as two replicas, each with its own connections. */
function replicas(options: Partial<RedisStoreOptions> = {}) {
  const keyPrefix = options.keyPrefix ?? freshPrefix();
  const a = server.store({ ...options, keyPrefix });
  const b = server.store({ ...options, keyPrefix });
  return { a, b, keyPrefix };
}

describe('createRedisStore: log', () => {
  it('assigns consecutive seqs from 1, drops a seq given by the caller, and reads strictly after a seq', async () => {
    const { a, b } = replicas();
    expect(await a.createConversation('c1', 'u1')).toBe(true);
    expect(await b.createConversation('c1', 'u2')).toBe(false);
    expect(await b.getOwner('c1')).toBe('u1');
    expect(await b.getOwner('nope')).toBeNull();
    expect(await a.append('c1', delta('a'))).toBe(1);
    expect(await b.append('c1', { ...delta('b'), seq: 99 })).toBe(2);
    expect(await a.append('c1', delta('c'))).toBe(3);
    expect(await b.readAfter('c1', 1)).toEqual([
      { seq: 2, event: delta('b') },
      { seq: 3, event: delta('c') },
    ]);
    expect(await b.readAfter('c1', 0, 1)).toEqual([{ seq: 1, event: delta('a') }]);
    expect(await b.readAfter('c1', 3)).toEqual([]);
    expect(await a.lastSeq('c1')).toBe(3);
    expect(await a.lastSeq('nope')).toBe(0);
    expect(await a.readAfter('nope', 0)).toEqual([]);
  });

  it('keeps keys under the prefix: owner, seq counter, stream log with ids <seq>-0', async () => {
    const { a, keyPrefix } = replicas();
    await a.createConversation('c1', 'u1');
    await a.append('c1', delta('x'));
    expect((await server.admin.keys(`${keyPrefix}*`)).sort()).toEqual([`${keyPrefix}conv:{c1}:log`, `${keyPrefix}conv:{c1}:owner`, `${keyPrefix}conv:{c1}:seq`]);
    expect(await server.admin.type(`${keyPrefix}conv:{c1}:log`)).toBe('stream');
    // The last entry of a batch carries its token (`t`), so a batch sent again is not written twice.
    expect(await server.admin.xrange(`${keyPrefix}conv:{c1}:log`, '-', '+')).toEqual([['1-0', ['e', '{"type":"text-delta","delta":"x"}', 't', expect.stringMatching(/^[\w-]+:1$/)]]]);
  });

  it('subscribe replays after the seq, then delivers appends from another replica once each, in order, until stopped', async () => {
    const { a, b } = replicas();
    await a.createConversation('c1', 'u1');
    for (const text of ['a', 'b', 'c']) await a.append('c1', delta(text));
    const seen: StoredEvent[] = [];
    const stop = await b.subscribe('c1', 1, { onEvent: (event) => seen.push(event) });
    expect(seen.map((event) => event.seq)).toEqual([2, 3]);
    await a.append('c1', delta('d'));
    await eventually(() => seen.length === 3, 'the live event');
    expect(seen).toEqual([
      { seq: 2, event: delta('b') },
      { seq: 3, event: delta('c') },
      { seq: 4, event: delta('d') },
    ]);
    stop();
    await a.append('c1', delta('e'));
    const marker: number[] = [];
    const stopMarker = await b.subscribe('c1', 4, { onEvent: (event) => marker.push(event.seq) });
    expect(marker).toEqual([5]);
    stopMarker();
    expect(seen).toHaveLength(3);
  });

  it("gives its own subscribers the objects it appended (the echo of its own batch is matched by its text, not parsed) and parses another replica's", async () => {
    const { a, b } = replicas();
    await a.createConversation('c1', 'u1');
    const seen: StoredEvent[] = [];
    const stop = await a.subscribe('c1', 0, { onEvent: (event) => seen.push(event) });
    const mine = { ...delta('mine "quoted"'), at: 1 };
    await a.append('c1', mine);
    const theirs = delta('theirs');
    await b.append('c1', theirs);
    const both = [delta('two'), delta('in one batch')];
    const queued = appendQueuedOf(a)!;
    await Promise.all(both.map((event) => new Promise((resolve) => queued('c1', event, resolve))));
    await eventually(() => seen.length === 4, 'four events');
    await sleep(30);
    expect(seen.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    expect(seen[0]?.event).toBe(mine);
    expect(seen[1]?.event).not.toBe(theirs);
    expect(seen[1]?.event).toEqual(theirs);
    expect(seen[2]?.event).toBe(both[0]);
    expect(seen[3]?.event).toBe(both[1]);
    // Framed from the text written, as a parsed event would be.
    expect(seen.map((stored) => frameOf(stored))).toEqual(seen.map((stored) => encodeChatEvent(JSON.parse(JSON.stringify(stored.event)), stored.seq)));
    stop();
  });

  it('loses and duplicates nothing when subscribing while another replica appends', async () => {
    const { a, b } = replicas();
    await a.createConversation('c1', 'u1');
    const total = 300;
    const writing = (async () => {
      for (let i = 1; i <= total; i++) await a.append('c1', delta(String(i)));
    })();
    await sleep(5);
    const seen: number[] = [];
    const stop = await b.subscribe('c1', 0, { onEvent: (event) => seen.push(event.seq) });
    await writing;
    await eventually(() => seen.length >= total, `${total} events`);
    stop();
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('a subscriber that throws does not stop its own delivery or the others', async () => {
    const { a } = replicas();
    await a.createConversation('c1', 'u1');
    const thrower: number[] = [];
    const other: number[] = [];
    const stop1 = await a.subscribe('c1', 0, {
      onEvent: (event) => {
        thrower.push(event.seq);
        throw new Error('boom');
      },
    });
    const stop2 = await a.subscribe('c1', 0, { onEvent: (event) => other.push(event.seq) });
    await a.append('c1', delta('a'));
    await a.append('c1', delta('b'));
    await eventually(() => other.length === 2 && thrower.length === 2, 'both subscribers');
    stop1();
    stop2();
  });

  it('catches up after the pub/sub connection drops: every event once, in order', async () => {
    const { a, b } = replicas();
    await a.createConversation('c1', 'u1');
    const seen: number[] = [];
    const stop = await b.subscribe('c1', 0, { onEvent: (event) => seen.push(event.seq) });
    await a.append('c1', delta('1'));
    await eventually(() => seen.length === 1, 'the first event');
    expect(await server.admin.client('KILL', 'TYPE', 'pubsub')).toBeGreaterThan(0);
    for (let i = 2; i <= 20; i++) await a.append('c1', delta(String(i)));
    await eventually(() => seen.length >= 20, 'the events appended while reconnecting');
    await a.append('c1', delta('21'));
    await eventually(() => seen.length >= 21, 'a live event after the reconnect');
    stop();
    expect(seen).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  });

  it('catches up after both connections drop, when pub/sub is back before the command connection: no error, every event once', async () => {
    const { a, keyPrefix } = replicas();
    // B's command connection comes back after 400 ms, its pub/sub connection after 10 ms.
    const own = new Redis(server.url, { connectionName: 'flapping', retryStrategy: () => 400 });
    own.on('error', () => undefined);
    const duplicate = own.duplicate.bind(own);
    own.duplicate = (override) => duplicate({ ...override, retryStrategy: () => 10 });
    const b = createRedisStore({ redis: own, keyPrefix, unavailableAfterMs: 5000 });
    server.cleanup(async () => own.disconnect(), () => b.close());
    await a.createConversation('c1', 'u1');
    await a.append('c1', delta('1'));
    const seen: number[] = [];
    const errors: Error[] = [];
    const stop = await b.subscribe('c1', 0, { onEvent: (event) => seen.push(event.seq), onError: (error) => errors.push(error) });
    await eventually(() => seen.length === 1, 'the first event');
    const flapping = String(await server.admin.client('LIST')).split('\n').filter((line) => line.includes('name=flapping'));
    expect(flapping).toHaveLength(2);
    for (const line of flapping) await server.admin.client('KILL', 'ID', /id=(\d+)/.exec(line)![1]!);
    for (let i = 2; i <= 10; i++) await a.append('c1', delta(String(i)));
    await eventually(() => seen.length >= 10, 'the events appended while B reconnected');
    await a.append('c1', delta('11'));
    await eventually(() => seen.length >= 11, 'a live event after the reconnect');
    stop();
    expect(errors).toEqual([]);
    expect(seen).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
  });

  it("writes an append once when Redis ran it but its answer was lost in a dropped connection (the client sends it again)", async () => {
    const proxy = await startFlakyProxy(server.port);
    const keyPrefix = freshPrefix();
    const store = createRedisStore({ url: proxy.url, keyPrefix, unavailableAfterMs: 5000 });
    server.cleanup(() => proxy.close(), () => store.close());
    await store.createConversation('c1', 'u1');
    expect(await store.append('c1', delta('1'))).toBe(1);
    proxy.swallowReplies = true;
    const second = store.append('c1', delta('2'));
    await eventually(async () => (await server.admin.get(`${keyPrefix}conv:{c1}:seq`)) === '2', 'Redis to run the append');
    proxy.swallowReplies = false;
    proxy.cut(); // the answer never came: ioredis sends the command again once it has reconnected
    expect(await second).toBe(2);
    expect(await store.append('c1', delta('3'))).toBe(3);
    const log = await store.readAfter('c1', 0);
    expect(log.map((e) => [e.seq, (e.event as { delta: string }).delta])).toEqual([[1, '1'], [2, '2'], [3, '3']]);
  });

  it('batches appends made without waiting: seqs follow call order, in far fewer script calls than events (issue 10, row 12)', async () => {
    const { a, b } = replicas();
    await a.createConversation('c1', 'u1');
    await a.createConversation('c2', 'u1');
    const calls = async (): Promise<number> => Number(/cmdstat_evalsha:calls=(\d+)/.exec(String(await server.admin.info('commandstats')))?.[1] ?? 0);
    const before = await calls();
    const seqs = await Promise.all(Array.from({ length: 1000 }, (_, i) => a.append(i % 2 === 0 ? 'c1' : 'c2', delta(String(i)))));
    const scripts = (await calls()) - before;
    expect(seqs).toEqual(Array.from({ length: 1000 }, (_, i) => Math.floor(i / 2) + 1));
    expect(scripts).toBeLessThanOrEqual(10); // 500 per conversation, at most 512 per call
    for (const [id, first] of [['c1', 0], ['c2', 1]] as const) {
      const log = await b.readAfter(id, 0);
      expect(log.map((e) => (e.event as { delta: string }).delta)).toEqual(Array.from({ length: 500 }, (_, i) => String(first + 2 * i)));
    }
  });

  it('offers generations an append without a promise per event: seqs in call order, each told once, an unencodable event told its error', async () => {
    const { a, b } = replicas();
    await a.createConversation('c1', 'u1');
    const append = appendQueuedOf(a);
    expect(append).toBeTypeOf('function');
    const told: [unknown, number][] = [];
    await new Promise<void>((resolve) => {
      for (let i = 0; i < 100; i++) append?.('c1', delta(String(i)), (error, seq) => told.push([error, seq]) === 101 && resolve());
      const cyclic: Record<string, unknown> = { type: 'text-delta' };
      cyclic.self = cyclic;
      append?.('c1', cyclic as never, (error, seq) => told.push([error, seq]) === 101 && resolve());
    });
    expect(told.slice(0, 1)).toEqual([[expect.any(TypeError), 0]]); // told at once, before any write
    expect(told.slice(1)).toEqual(Array.from({ length: 100 }, (_, i) => [null, i + 1]));
    expect((await b.readAfter('c1', 0)).map((e) => (e.event as { delta: string }).delta)).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
  });

  it('writes the appends of many conversations in one script call; a conversation that is gone fails alone (issue 10, Scale)', async () => {
    const { a, b, keyPrefix } = replicas();
    const ids = Array.from({ length: 50 }, (_, i) => `m${i}`);
    for (const id of ids) await a.createConversation(id, 'u1');
    await server.admin.del(`${keyPrefix}conv:{m7}:owner`); // m7 is gone (expired, or Redis lost it)
    const calls = async (): Promise<number> => Number(/cmdstat_evalsha:calls=(\d+)/.exec(String(await server.admin.info('commandstats')))?.[1] ?? 0);
    const before = await calls();
    const outcomes = await Promise.allSettled(ids.flatMap((id) => [a.append(id, delta(`${id}.1`)), a.append(id, delta(`${id}.2`))]));
    expect(await calls()).toBe(before + 1);
    outcomes.forEach((outcome, i) => {
      if (Math.floor(i / 2) === 7) {
        expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'store_unavailable', message: expect.stringContaining('"m7" is gone') } });
      } else {
        expect(outcome).toEqual({ status: 'fulfilled', value: (i % 2) + 1 });
      }
    });
    for (const id of ids.filter((id) => id !== 'm7')) {
      expect((await b.readAfter(id, 0)).map((e) => (e.event as { delta: string }).delta)).toEqual([`${id}.1`, `${id}.2`]);
    }
    expect(await server.admin.exists(`${keyPrefix}conv:{m7}:log`)).toBe(0);
  });

  it('trims the log near maxEventsPerLog (MAXLEN ~) and never reuses a seq', async () => {
    const { a, keyPrefix } = replicas({ maxEventsPerLog: 100 });
    await a.createConversation('c1', 'u1');
    for (let i = 1; i <= 1000; i++) await a.append('c1', delta(String(i)));
    const length = await server.admin.xlen(`${keyPrefix}conv:{c1}:log`);
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThanOrEqual(300);
    const kept = await a.readAfter('c1', 0);
    expect(kept.length).toBe(length);
    expect(kept[0]!.seq).toBe(1001 - length);
    expect(kept.at(-1)!.seq).toBe(1000);
    expect(await a.append('c1', delta('next'))).toBe(1001);
  });
});

describe('createRedisStore: history', () => {
  const message = (id: string, text: string): ChatMessage => ({ id, role: 'user', parts: [{ type: 'text', text }] });

  it('keeps the latest maxMessagesPerConversation messages, replaces by id, and limits reads to the last N', async () => {
    const { a, b } = replicas({ maxMessagesPerConversation: 3 });
    await a.createConversation('c1', 'u1');
    await a.appendMessages('c1', [message('m1', 'one'), message('m2', 'two')]);
    await b.appendMessages('c1', [message('m1', 'ONE'), message('m3', 'three')]);
    expect(await b.getMessages('c1')).toEqual([message('m1', 'ONE'), message('m2', 'two'), message('m3', 'three')]);
    await a.appendMessages('c1', [message('m4', 'four')]);
    expect((await b.getMessages('c1')).map((m) => m.id)).toEqual(['m2', 'm3', 'm4']);
    expect((await b.getMessages('c1', 2)).map((m) => m.id)).toEqual(['m3', 'm4']);
    expect(await b.getMessages('c1', 0)).toEqual([]);
    expect(await b.getMessages('nope')).toEqual([]);
  });
});

describe('createRedisStore: streams in flight', () => {
  it('beginStream sets startSeq and refuses a busy conversation and a user at the limit, across replicas', async () => {
    const { a, b } = replicas();
    await a.createConversation('c1', 'u1');
    await a.append('c1', delta('old'));
    const first = await a.beginStream(init('c1', 's1'), { maxPerUser: 2 });
    expect(first).toEqual({ ok: true, stream: { ...init('c1', 's1'), startSeq: 2 } });
    expect(await b.getActiveStream('c1')).toEqual({ ...init('c1', 's1'), startSeq: 2 });
    expect(await b.beginStream(init('c1', 's9'), { maxPerUser: 2 })).toEqual({
      ok: false,
      reason: 'conversation-busy',
      active: { ...init('c1', 's1'), startSeq: 2 },
    });
    expect((await b.beginStream(init('c2', 's2'), { maxPerUser: 2, create: true })).ok).toBe(true);
    expect(await a.beginStream(init('c3', 's3'), { maxPerUser: 2, create: true })).toEqual({ ok: false, reason: 'user-limit', active: 2 });
    expect(await a.getOwner('c3')).toBeNull(); // a refused start creates nothing
    expect((await a.beginStream(init('c3', 's3', 'u2'), { maxPerUser: 2, create: true })).ok).toBe(true);
    expect(await a.countActiveStreams('u1')).toBe(2);
    expect(await b.countActiveStreams('u2')).toBe(1);

    await b.endStream('c1', 's-other'); // not the one in flight: nothing happens
    expect(await a.getActiveStream('c1')).not.toBeNull();
    await b.endStream('c1', 's1'); // ended by another replica than the one that began it
    expect(await a.getActiveStream('c1')).toBeNull();
    expect(await a.countActiveStreams('u1')).toBe(1);
    expect((await a.beginStream(init('c3', 's4'), { maxPerUser: 2 })).ok).toBe(false); // c3 is busy with s3
    expect((await a.beginStream(init('c4', 's4'), { maxPerUser: 2, create: true })).ok).toBe(true);
    expect((await a.beginStream(init('c5', 's5'), { create: true })).ok).toBe(true); // no limit given
    expect(await a.countActiveStreams('u1')).toBe(3);
  });

  it('a replica that dies mid-stream leaks nothing: its lease runs out', async () => {
    const { b, keyPrefix } = replicas({ leaseMs: 1000 });
    const crashing = createRedisStore({ url: server.url, keyPrefix, leaseMs: 1000 });
    await crashing.createConversation('c1', 'u1');
    expect((await crashing.beginStream(init('c1', 's1'), { maxPerUser: 1 })).ok).toBe(true);
    expect(await b.countActiveStreams('u1')).toBe(1);
    await crashing.close(); // no endStream: the process is gone, and so are its lease renewals
    await eventually(async () => (await b.countActiveStreams('u1')) === 0, 'the lease to run out');
    await eventually(async () => (await b.getActiveStream('c1')) === null, 'the conversation to be free');
    expect((await b.beginStream(init('c1', 's2'), { maxPerUser: 1 })).ok).toBe(true);
  });

  it('the replica running a stream renews its lease for as long as it runs', async () => {
    const { a, b } = replicas({ leaseMs: 1500 });
    await a.createConversation('c1', 'u1');
    await a.beginStream(init('c1', 's1'));
    await sleep(3000); // two leases long: only renewals keep it
    expect(await b.countActiveStreams('u1')).toBe(1);
    expect((await b.getActiveStream('c1'))?.streamId).toBe('s1');
    await a.endStream('c1', 's1');
    expect(await b.countActiveStreams('u1')).toBe(0);
  });

  it('drops the log retainMs after the generation ended, keeps lastSeq and history, and keeps it while a new one runs', async () => {
    const { a, b, keyPrefix } = replicas({ retainMs: 1000 });
    await a.createConversation('c1', 'u1');
    await a.beginStream(init('c1', 's1'));
    await a.append('c1', delta('a'));
    await a.appendMessages('c1', [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'hi' }] }]);
    await a.endStream('c1', 's1');
    const ttl = await server.admin.pttl(`${keyPrefix}conv:{c1}:log`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1000);
    await eventually(async () => (await b.readAfter('c1', 0)).length === 0, 'the log to expire');
    expect(await b.lastSeq('c1')).toBe(1);
    expect(await b.getMessages('c1')).toHaveLength(1);
    expect(await b.getOwner('c1')).toBe('u1');

    await a.beginStream(init('c1', 's2'));
    expect(await a.append('c1', delta('b'))).toBe(2);
    await a.endStream('c1', 's2');
    await a.beginStream(init('c1', 's3')); // in flight again before the expiry
    expect(await server.admin.pttl(`${keyPrefix}conv:{c1}:log`)).toBeGreaterThan(1000);
    await sleep(1500);
    expect((await b.readAfter('c1', 0)).map((event) => event.seq)).toEqual([2]);
  });

  it('an append that makes the counter and the log gives them the conversation TTL; later appends keep it without looking it up', async () => {
    const { a, keyPrefix } = replicas({ conversationTtlMs: 60_000 });
    const stat = async (command: string): Promise<number> => Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(String(await server.admin.info('commandstats')))?.[1] ?? 0);
    await a.createConversation('c1', 'u1');
    await a.append('c1', delta('a'));
    for (const key of ['seq', 'log']) {
      const ttl = await server.admin.pttl(`${keyPrefix}conv:{c1}:${key}`);
      expect(ttl, key).toBeGreaterThan(50_000);
      expect(ttl, key).toBeLessThanOrEqual(60_000);
    }
    const [pttl, pexpire] = [await stat('pttl'), await stat('pexpire')];
    expect(pttl).toBeGreaterThan(0); // the stat is read (the lookups above count)
    for (let i = 0; i < 5; i++) await a.append('c1', delta(String(i)));
    expect([await stat('pttl'), await stat('pexpire')]).toEqual([pttl, pexpire]);
    expect(await server.admin.pttl(`${keyPrefix}conv:{c1}:log`)).toBeGreaterThan(50_000);
  });

  it('forgets an idle conversation after conversationTtlMs', async () => {
    const { a } = replicas({ conversationTtlMs: 1000 });
    await a.createConversation('c1', 'u1');
    await a.appendMessages('c1', [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'hi' }] }]);
    expect(await a.getOwner('c1')).toBe('u1');
    await eventually(async () => (await a.getOwner('c1')) === null, 'the conversation to expire');
    // Each key has its own TTL, renewed when it was written: the history goes within moments.
    await eventually(async () => (await a.getMessages('c1')).length === 0, 'the history to expire', 1000);
  });
});

describe('createRedisStore: cancel', () => {
  it('delivers a cancel published on one replica to the listeners of that stream id on another, until they stop', async () => {
    const { a, b } = replicas();
    const heard: (string | undefined)[] = [];
    const other: string[] = [];
    const stop = await a.onCancel('s1', (reason) => heard.push(reason));
    const stopOther = await a.onCancel('s2', () => other.push('s2'));
    await b.publishCancel('s1', 'user');
    await eventually(() => heard.length === 1, 'the cancel');
    expect(heard).toEqual(['user']);
    expect(other).toEqual([]);
    stop();
    stopOther();
  });

  it('a replica that starts listening just after the cancel was published still hears it', async () => {
    const { a, b } = replicas();
    await b.publishCancel('s1');
    const heard: (string | undefined)[] = [];
    await a.onCancel('s1', (reason) => heard.push(reason));
    expect(heard).toEqual([undefined]);
  });
});

describe('createRedisStore: connections and options', () => {
  const connections = async (): Promise<number> => String(await server.admin.client('LIST')).split('\n').filter(Boolean).length;

  it('close() ends live subscriptions and releases every connection it opened; a client passed in stays open', async () => {
    const before = await connections();
    const store = createRedisStore({ url: server.url, keyPrefix: freshPrefix() });
    const own = new Redis(server.url);
    const shared = createRedisStore({ redis: own, keyPrefix: freshPrefix() });
    await store.createConversation('c1', 'u1');
    const ended: Error[] = [];
    await store.subscribe('c1', 0, { onEvent: () => undefined, onError: (error) => ended.push(error) });
    await shared.onCancel('s1', () => undefined);
    expect(await connections()).toBe(before + 4);
    await store.close();
    expect(ended.map((error) => error.message)).toEqual(['The Redis store was closed (the server is shutting down); no more events will come.']);
    await shared.close();
    await eventually(async () => (await connections()) === before + 1, 'connections to close');
    expect(await own.ping()).toBe('PONG');
    await own.quit();
    await expect(store.getOwner('c1')).rejects.toThrow(/this store was closed; create a new one/);
  });

  it('loads its scripts at connect and again after a reconnect: a burst of starts runs no EVAL and meets no NOSCRIPT', async () => {
    const evals = async (): Promise<number> => Number(/cmdstat_eval:calls=(\d+)/.exec(String(await server.admin.info('commandstats')))?.[1] ?? 0);
    const burst = async (store: ReturnType<typeof server.store>, tag: string): Promise<void> => {
      const begun = await Promise.all(Array.from({ length: 20 }, (_, i) => store.beginStream(init(`${tag}${i}`, `s-${tag}${i}`, `u${i}`), { create: true })));
      expect(begun.every((b) => b.ok)).toBe(true);
    };
    await server.admin.script('FLUSH');
    const store = server.store();
    const before = await evals();
    await burst(store, 'a');
    expect(await evals()).toBe(before);
    // Redis forgot them (as after a restart) and the connection came back: loaded again.
    await server.admin.script('FLUSH');
    await server.admin.client('KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    await eventually(async () => (await store.getOwner('a0').catch(() => null)) === 'u0', 'the store to reconnect');
    await sleep(50);
    await burst(store, 'b');
    expect(await evals()).toBe(before);
  });

  it('a pub/sub connection that drops again while it resubscribes, then a close, leave no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    server.cleanup(async () => void process.off('unhandledRejection', onUnhandled));
    const own = new Redis(server.url);
    own.on('error', () => undefined);
    server.cleanup(async () => own.disconnect());
    // Catch the store's pub/sub connection (the duplicate of the client passed in).
    let subscriber: Redis | undefined;
    const duplicate = own.duplicate.bind(own);
    own.duplicate = (override) => (subscriber = duplicate(override));
    const store = createRedisStore({ redis: own, keyPrefix: freshPrefix(), unavailableAfterMs: 5000 });
    await store.createConversation('c1', 'u1');
    await store.subscribe('c1', 0, { onEvent: () => undefined });
    await store.onCancel('s1', () => undefined);
    const closing = new Promise<void>((resolve) => {
      // Right after the reconnect, before SUBSCRIBE is answered, the connection drops again
      // (Redis flapping) and the server shuts down: the re-SUBSCRIBE is rejected.
      subscriber!.once('ready', () => {
        subscriber!.stream.destroy();
        void store.close().then(resolve);
      });
    });
    expect(await server.admin.client('KILL', 'TYPE', 'pubsub')).toBeGreaterThan(0);
    await closing;
    await sleep(200);
    expect(unhandled).toEqual([]);
  });

  it('explains wrong options', () => {
    expect(() => createRedisStore({})).toThrow(/pass exactly one of \{ redis \}.*or \{ url \}.*received neither/);
    expect(() => createRedisStore({ url: 'redis://x', redis: server.admin })).toThrow(/received both/);
    expect(() => createRedisStore({ url: 'redis://x', leaseMs: 5 })).toThrow(/leaseMs must be an integer of at least 100, received 5/);
  });
});
