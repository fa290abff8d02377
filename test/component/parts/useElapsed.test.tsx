import { act, render, screen } from '@testing-library/react';
import type { Timers } from '../../../src/core/Timers';
import { ELAPSED_TICK_MS, useElapsed } from '../../../src/components/useElapsed';

/** Timers that run only when the test says so. */
function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const timers: Timers = {
    setTimeout: (callback, ms) => (pending.set(++next, { callback, ms }), next),
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const fire = (): void => {
    const due = [...pending.entries()];
    pending.clear();
    for (const [, { callback }] of due) callback();
  };
  return { timers, pending, fire };
}

function Clock({ end, running, now, timers }: { end?: number; running: boolean; now: () => number; timers: Timers }) {
  const ms = useElapsed(1_000, end, running, now, timers);
  return <output>{ms === undefined ? 'none' : String(ms)}</output>;
}

describe('useElapsed', () => {
  it('ticks on the timers it is given while running, and stops them when it ends or unmounts', () => {
    const { timers, pending, fire } = manualTimers();
    let clock = 1_250;
    const now = () => clock;
    const view = render(<Clock running now={now} timers={timers} />);
    expect(screen.getByRole('status')).toHaveTextContent('250');
    expect([...pending.values()].map((t) => t.ms)).toEqual([ELAPSED_TICK_MS]);

    clock = 1_600;
    act(() => fire());
    expect(screen.getByRole('status')).toHaveTextContent('600');
    expect(pending.size).toBe(1); // the next tick is scheduled

    view.rerender(<Clock end={1_700} running={false} now={now} timers={timers} />);
    expect(screen.getByRole('status')).toHaveTextContent('700');
    expect(pending.size).toBe(0);

    view.rerender(<Clock running now={now} timers={timers} />);
    expect(pending.size).toBe(1);
    view.unmount();
    expect(pending.size).toBe(0);
  });
});
