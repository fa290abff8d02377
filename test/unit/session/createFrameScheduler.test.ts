import { createFrameScheduler } from '../../../src/core/session/createFrameScheduler';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createFrameScheduler', () => {
  it('without requestAnimationFrame, runs the latest task once after 16 ms', () => {
    const frame = createFrameScheduler();
    const runs: number[] = [];
    for (let i = 0; i < 100; i++) frame.schedule(() => runs.push(i));
    vi.advanceTimersByTime(15);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([99]);
    vi.advanceTimersByTime(100);
    expect(runs).toEqual([99]);
  });

  it('the fallback runs on injected timers', () => {
    const pending: { cb: () => void; ms: number }[] = [];
    const cleared: unknown[] = [];
    const frame = createFrameScheduler({
      fallbackMs: 40,
      timers: { setTimeout: (cb, ms) => pending.push({ cb, ms }), clearTimeout: (handle) => cleared.push(handle) },
    });
    const runs: string[] = [];
    frame.schedule(() => runs.push('a'));
    frame.schedule(() => runs.push('b'));
    expect(pending.map((p) => p.ms)).toEqual([40]);
    vi.advanceTimersByTime(1_000); // the global timers are not used
    expect(runs).toEqual([]);
    pending[0]?.cb();
    expect(runs).toEqual(['b']);
    frame.schedule(() => runs.push('c'));
    frame.cancel();
    expect(cleared).toEqual([2]);
  });

  it('uses requestAnimationFrame when present, looked up at schedule time', () => {
    const callbacks: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => callbacks.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    try {
      const frame = createFrameScheduler();
      const runs: string[] = [];
      frame.schedule(() => runs.push('a'));
      frame.schedule(() => runs.push('b'));
      expect(callbacks).toHaveLength(1);
      callbacks[0]?.();
      expect(runs).toEqual(['b']);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('falls back to the timer while the document is hidden (no frames in background tabs)', () => {
    const callbacks: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => callbacks.push(cb));
    vi.stubGlobal('document', { visibilityState: 'hidden' });
    try {
      const frame = createFrameScheduler();
      let ran = 0;
      frame.schedule(() => ran++);
      expect(callbacks).toHaveLength(0);
      vi.advanceTimersByTime(16);
      expect(ran).toBe(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('flush runs the pending task now; cancel drops it', () => {
    const frame = createFrameScheduler({ fallbackMs: 50 });
    const runs: string[] = [];
    frame.schedule(() => runs.push('a'));
    frame.flush();
    expect(runs).toEqual(['a']);
    vi.advanceTimersByTime(100);
    expect(runs).toEqual(['a']);
    frame.schedule(() => runs.push('b'));
    frame.cancel();
    vi.advanceTimersByTime(100);
    expect(runs).toEqual(['a']);
    frame.flush();
    expect(runs).toEqual(['a']);
  });

  it('a task may schedule the next frame', () => {
    const frame = createFrameScheduler();
    const runs: number[] = [];
    const step = (n: number) => () => {
      runs.push(n);
      if (n < 3) frame.schedule(step(n + 1));
    };
    frame.schedule(step(1));
    vi.advanceTimersByTime(16 * 5);
    expect(runs).toEqual([1, 2, 3]);
  });

  it('takes an injected frame source', () => {
    const queued: (() => void)[] = [];
    const frame = createFrameScheduler({ requestFrame: (cb) => queued.push(cb), cancelFrame: () => undefined });
    let ran = 0;
    frame.schedule(() => ran++);
    expect(ran).toBe(0);
    queued.shift()?.();
    expect(ran).toBe(1);
  });
});
