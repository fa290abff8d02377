import fc from 'fast-check';
import { isChatwireError } from '../../../src/core/errors';
import { readSSE } from '../../../src/core/sse/readSSE';
import { bodyOf, bytes, collect, msg } from './streams';

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** A body of `chunk` repeated up to `max` times, counting pulls and noting cancel. */
function endless(chunk: string, max: number) {
  const state = { pulls: 0, cancelled: false };
  const data = bytes(chunk);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulls++;
      if (state.pulls > max) controller.close();
      else controller.enqueue(data);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}

describe('readSSE: limits', () => {
  it('throws event_too_large naming the limit when one event grows past maxEventSize', async () => {
    const lines = Array.from({ length: 20 }, () => `data: ${'x'.repeat(100)}\n`);
    const error = await failure(collect(lines, { maxEventSize: 1000 }));
    expect(isChatwireError(error) && error.code).toBe('event_too_large');
    expect((error as Error).message).toContain('1000 bytes');
  });

  it('accepts events just under the limit, many times over', async () => {
    const one = `data: ${'x'.repeat(900)}\n\n`;
    const out = await collect(Array.from({ length: 50 }, () => one), { maxEventSize: 1000 });
    expect(out).toHaveLength(50);
  });

  it('stops reading a giant line without newline soon after the limit', async () => {
    const { body, state } = endless('y'.repeat(1024), 100_000);
    const error = await failure(
      (async () => {
        for await (const _ of readSSE(body, { maxEventSize: 64 * 1024 })) void _;
      })(),
    );
    expect(isChatwireError(error) && error.code).toBe('event_too_large');
    expect(state.pulls).toBeLessThanOrEqual(64 + 3);
    expect(state.cancelled).toBe(true);
  });

  it('defaults the limit to 1 MiB', async () => {
    const { body, state } = endless(`data: ${'z'.repeat(1024)}\n`, 100_000);
    const error = await failure(
      (async () => {
        for await (const _ of readSSE(body)) void _;
      })(),
    );
    expect((error as Error).message).toContain('1048576 bytes');
    expect(state.pulls).toBeLessThan(1030);
  });
});

describe('readSSE: cancellation and liveness', () => {
  it('ends quietly and cancels the body when the signal aborts mid-stream', async () => {
    const { body, state } = endless('data: tick\n\n', 1000);
    const controller = new AbortController();
    const out = [];
    for await (const m of readSSE(body, { signal: controller.signal })) {
      out.push(m);
      if (out.length === 3) controller.abort();
    }
    expect(out).toEqual([msg('tick'), msg('tick'), msg('tick')]);
    expect(state.cancelled).toBe(true);
    expect(state.pulls).toBeLessThan(10);
  });

  it('reads nothing when the signal is already aborted', async () => {
    const { body, state } = endless('data: tick\n\n', 10);
    expect(await collect([], { signal: AbortSignal.abort() })).toEqual([]);
    const out = [];
    for await (const m of readSSE(body, { signal: AbortSignal.abort() })) out.push(m);
    expect(out).toEqual([]);
    expect(state.cancelled).toBe(true);
  });

  it('cancels the body when the consumer breaks out', async () => {
    const { body, state } = endless('data: tick\n\n', 1000);
    for await (const m of readSSE(body)) {
      expect(m.data).toBe('tick');
      break;
    }
    expect(state.cancelled).toBe(true);
  });

  it('unlocks the body after cancelling', async () => {
    const { body } = endless('data: tick\n\n', 1000);
    const it = readSSE(body);
    await it.next();
    await it.return();
    expect(body.locked).toBe(false);
  });

  it('calls onChunk for every chunk, comments included', async () => {
    const sizes: number[] = [];
    await collect([': ping\n', '\n', 'data: x\n\n'], { onChunk: (n) => sizes.push(n) });
    expect(sizes).toEqual([7, 1, 9]);
  });

  it('throws network_error when the body errors mid-stream, after the messages before it', async () => {
    let n = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (n++ === 0) controller.enqueue(bytes('data: a\n\n'));
        else controller.error(new TypeError('terminated'));
      },
    });
    const out: unknown[] = [];
    const error = await failure(
      (async () => {
        for await (const m of readSSE(body)) out.push(m);
      })(),
    );
    expect(out).toEqual([msg('a')]);
    expect(isChatwireError(error) && error.code).toBe('network_error');
    expect((error as Error).message).toContain('terminated');
  });
});

describe('readSSE: any chunking gives the same messages', () => {
  const corpus =
    '\uFEFFid: 1\r\nevent: a\r\ndata: héllo 🎉\r\n\r\n: ping\rdata: x\rdata\r\rretry: 20\nid\ndata: y\n\n' +
    'event: b\ndata:  z\r\n\r\nid: 7\r\ndata: 日本\n\ndata: tail';
  const data = bytes(corpus);

  it('matches the whole-body parse for random cut points', async () => {
    const whole = await collect([data]);
    expect(whole.map((m) => m.data)).toEqual(['héllo 🎉', 'x\n', 'y', ' z', '日本']);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: data.length - 1 }), { maxLength: 12 }), async (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), data.length];
        const chunks = points.slice(1).map((end, i) => data.slice(points[i], end));
        expect(await collect(chunks)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});

describe('readSSE via bodyOf helper', () => {
  it('yields nothing for an empty body', async () => {
    expect(await collect([])).toEqual([]);
    const it = readSSE(bodyOf([]));
    expect((await it.next()).done).toBe(true);
    expect((await it.next()).done).toBe(true);
  });
});

describe('readSSE: limit within one chunk', () => {
  it('rejects an oversized event that starts and ends inside a single chunk', async () => {
    const out: unknown[] = [];
    const error = await failure(
      (async () => {
        for await (const m of readSSE(bodyOf([`data: ok\n\ndata: ${'x'.repeat(5000)}\n\n`]), { maxEventSize: 1024 }))
          out.push(m);
      })(),
    );
    expect(isChatwireError(error) && error.code).toBe('event_too_large');
    // what was complete before the oversized event is still delivered
    expect(out).toEqual([msg('ok')]);
  });
});
