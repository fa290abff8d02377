import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../../src/core/events';
import { AppendBatcher, type AppendBatch, type BatchSettler } from '../../../src/server/redis/AppendBatcher';

/** A batcher over a fake write that records each write and lets the test settle it. */
function batcher(maxQueued = 1000) {
  const writes: { batches: readonly AppendBatch[]; settle: BatchSettler }[] = [];
  const b = new AppendBatcher((batches, settle) => writes.push({ batches, settle }), maxQueued);
  return { b, writes };
}

/** The event a test's `json` stands for. */
const ev = (json: string): ChatEvent => ({ type: 'text-delta', delta: json });

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('AppendBatcher.enqueue (the promise-free append)', () => {
  it('tells each caller its own seq, in call order, once; one write carries every conversation', async () => {
    const { b, writes } = batcher();
    const told: [string, unknown, number][] = [];
    for (const [id, json] of [['c1', 'a'], ['c2', 'x'], ['c1', 'b']] as const) b.enqueue(id, json, ev(json), (error, seq) => told.push([json, error, seq]));
    await turn();
    expect(writes).toHaveLength(1);
    expect(writes[0]?.batches).toEqual([{ conversationId: 'c1', jsons: ['a', 'b'], events: [ev('a'), ev('b')] }, { conversationId: 'c2', jsons: ['x'], events: [ev('x')] }]);
    writes[0]?.settle.written(0, 7);
    writes[0]?.settle.written(1, 1);
    writes[0]?.settle.written(0, 99); // a second outcome of the same batch is ignored
    expect(told).toEqual([['a', null, 7], ['b', null, 8], ['x', null, 1]]);
  });

  it('fails a batch and everything of its conversation queued behind it, not the others; a callback that throws stops nothing', async () => {
    const { b, writes } = batcher();
    const told: [string, unknown, number][] = [];
    const record = (json: string) => (error: unknown, seq: number) => {
      told.push([json, error, seq]);
      if (json === 'a') throw new Error('the caller failed');
    };
    b.enqueue('c1', 'a', ev('a'), record('a'));
    b.enqueue('c1', 'b', ev('b'), record('b'));
    b.enqueue('c2', 'x', ev('x'), record('x'));
    await turn();
    b.enqueue('c1', 'c', ev('c'), record('c')); // behind the write in flight
    const lost = new Error('connection lost');
    writes[0]?.settle.failed(0, lost);
    writes[0]?.settle.written(1, 4);
    expect(told).toEqual([['a', lost, 0], ['b', lost, 0], ['c', lost, 0], ['x', null, 4]]);
    await turn();
    expect(writes).toHaveLength(1); // nothing of c1 is written after the lost batch
  });

  it('tells store_unavailable at once when maxQueued appends wait', () => {
    const { b } = batcher(2);
    const told: unknown[] = [];
    b.enqueue('c1', 'a', ev('a'), () => undefined);
    b.enqueue('c1', 'b', ev('b'), () => undefined);
    b.enqueue('c1', 'c', ev('c'), (error) => told.push(error));
    expect(told).toEqual([expect.objectContaining({ code: 'store_unavailable', message: expect.stringContaining('maxQueuedAppends 2') })]);
  });
});
