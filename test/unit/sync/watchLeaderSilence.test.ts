/** A follower's watch over a silent leader, on injected timers (no global timer is touched). */
import type { Timers } from '../../../src/core/Timers';
import { SYNC_SILENCE_MS } from '../../../src/core/sync/syncSilenceMs';
import { watchLeaderSilence } from '../../../src/core/sync/watchLeaderSilence';

/** Timers that run only when the test advances the clock. */
function manualTimers() {
  let now = 0;
  let next = 0;
  const pending = new Map<number, { at: number; run: () => void }>();
  const timers: Timers = {
    setTimeout: (run, ms) => {
      pending.set(++next, { at: now + ms, run });
      return next;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const advance = (ms: number): void => {
    const end = now + ms;
    for (;;) {
      const due = [...pending].filter(([, t]) => t.at <= end).sort((x, y) => x[1].at - y[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].run();
    }
    now = end;
  };
  return { timers, advance, pending: () => pending.size };
}

function tab(live = true) {
  const calls: string[] = [];
  const state = { live };
  return { calls, state, tab: { live: () => state.live, ping: () => calls.push('ping'), silent: () => calls.push('silent') } };
}

describe('watchLeaderSilence', () => {
  it('pings after one silence, shows closed after a second, and pings again when the leader speaks', () => {
    const clock = manualTimers();
    const t = tab();
    const watch = watchLeaderSilence(t.tab, clock.timers);
    watch.heard(true);
    clock.advance(SYNC_SILENCE_MS - 1);
    expect(t.calls).toEqual([]);
    clock.advance(1);
    expect(t.calls).toEqual(['ping']);
    clock.advance(SYNC_SILENCE_MS);
    expect(t.calls).toEqual(['ping', 'silent']);
    clock.advance(10 * SYNC_SILENCE_MS);
    expect(t.calls).toEqual(['ping', 'silent']); // nothing armed while stale
    // The leader speaks (events, no connection): ask for its connection.
    watch.heard(false);
    expect(t.calls).toEqual(['ping', 'silent', 'ping']);
  });

  it('each word from the leader restarts the wait; a stopped or idle watch arms nothing', () => {
    const clock = manualTimers();
    const t = tab();
    const watch = watchLeaderSilence(t.tab, clock.timers);
    for (let i = 0; i < 5; i++) {
      watch.heard(false);
      clock.advance(SYNC_SILENCE_MS - 1);
    }
    expect(t.calls).toEqual([]);
    watch.stop();
    expect(clock.pending()).toBe(0);
    t.state.live = false;
    watch.heard(false);
    expect(clock.pending()).toBe(0);
    clock.advance(3 * SYNC_SILENCE_MS);
    expect(t.calls).toEqual([]);
  });
});
