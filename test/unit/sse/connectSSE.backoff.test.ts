import { isChatwireError } from '../../../src/core/errors';
import { backoffDelay } from '../../../src/core/sse/backoffDelay';
import { connectSSE } from '../../../src/core/sse/connectSSE';
import { failure, instantTimers } from './support';

function sseResponse(text: string): Response {
  return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
}

/** A fetch that plays a script: an Error rejects, a string answers an SSE body. */
function scripted(script: (string | Error)[]): typeof fetch & { calls: number } {
  const f = (async () => {
    const step = script[f.calls++];
    if (step === undefined) throw new Error('script exhausted');
    if (step instanceof Error) throw step;
    return sseResponse(step);
  }) as unknown as typeof fetch & { calls: number };
  f.calls = 0;
  return f;
}

describe('backoffDelay', () => {
  it('doubles from 1 s and caps at 30 s without jitter', () => {
    const delays = Array.from({ length: 8 }, (_, i) => backoffDelay(i + 1, { jitter: 'none' }));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('keeps equal jitter between half and all of the delay', () => {
    expect(backoffDelay(3, {}, () => 0)).toBe(2000);
    expect(backoffDelay(3, {}, () => 0.5)).toBe(3000);
    expect(backoffDelay(3, {}, () => 0.9999)).toBe(4000);
  });

  it('spreads full jitter between 0 and the delay', () => {
    expect(backoffDelay(2, { jitter: 'full' }, () => 0)).toBe(0);
    expect(backoffDelay(2, { jitter: 'full' }, () => 0.25)).toBe(500);
  });

  it('uses the server retry as the base', () => {
    expect(backoffDelay(1, { jitter: 'none' }, Math.random, 250)).toBe(250);
    expect(backoffDelay(3, { jitter: 'none' }, Math.random, 250)).toBe(1000);
  });
});

describe('connectSSE: backoff', () => {
  it('waits about 1 s, 2 s, 4 s ... capped at 30 s, then gives up with reconnect_exhausted', async () => {
    const timers = instantTimers();
    const fetchImpl = scripted(Array.from({ length: 9 }, () => new TypeError('fetch failed')));
    const delays: number[] = [];
    const error = await failure(
      (async () => {
        for await (const _ of connectSSE({
          url: 'http://127.0.0.1:9/s',
          fetch: fetchImpl,
          timers,
          random: () => 0.5,
          idleTimeoutMs: 0,
          onReconnecting: (i) => delays.push(i.delayMs),
        }))
          void _;
      })(),
    );
    // equal jitter with random 0.5: three quarters of 1 s, 2 s, 4 s, ...
    expect(delays).toEqual([750, 1500, 3000, 6000, 12000, 22500, 22500, 22500]);
    expect(timers.asked).toEqual(delays);
    expect(fetchImpl.calls).toBe(9);
    expect(isChatwireError(error) && error.code).toBe('reconnect_exhausted');
    expect((error as Error).message).toContain('8 attempts');
    expect((error as Error).message).toContain('fetch failed');
  });

  it('resets the attempt count after a connection delivered a message', async () => {
    const fail = new TypeError('fetch failed');
    const fetchImpl = scripted([fail, fail, 'id: 1\ndata: a\n\n', fail, 'id: 2\ndata: b\n\n', 'event: done\ndata: {}\n\n']);
    const delays: number[] = [];
    const attempts: number[] = [];
    const out = [];
    for await (const m of connectSSE({
      url: 'http://127.0.0.1:9/s',
      fetch: fetchImpl,
      timers: instantTimers(),
      backoff: { jitter: 'none' },
      idleTimeoutMs: 0,
      onReconnecting: (i) => {
        delays.push(i.delayMs);
        attempts.push(i.attempt);
      },
    }))
      out.push(m.data);
    expect(out).toEqual(['a', 'b', '{}']);
    expect(attempts).toEqual([1, 2, 1, 2, 1]);
    expect(delays).toEqual([1000, 2000, 1000, 2000, 1000]);
  });

  it('honours the server retry: field as the base delay', async () => {
    const fetchImpl = scripted(['retry: 5000\nid: 1\ndata: a\n\n', 'id: 2\ndata: b\n\n', 'event: done\ndata: {}\n\n']);
    const delays: number[] = [];
    for await (const _ of connectSSE({
      url: 'http://127.0.0.1:9/s',
      fetch: fetchImpl,
      timers: instantTimers(),
      backoff: { jitter: 'none' },
      idleTimeoutMs: 0,
      onReconnecting: (i) => delays.push(i.delayMs),
    }))
      void _;
    expect(delays).toEqual([5000, 5000]);
  });

  it('learns retry from a retry-only block', async () => {
    const fetchImpl = scripted(['retry: 300\n\nid: 1\ndata: a\n\n', 'event: done\ndata: {}\n\n']);
    const delays: number[] = [];
    for await (const _ of connectSSE({
      url: 'http://127.0.0.1:9/s',
      fetch: fetchImpl,
      timers: instantTimers(),
      backoff: { jitter: 'none' },
      idleTimeoutMs: 0,
      onReconnecting: (i) => delays.push(i.delayMs),
    }))
      void _;
    expect(delays).toEqual([300]);
  });
});
