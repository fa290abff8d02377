import type { Timers } from '../Timers';

/** Internal: the dead-connection detector of {@link connectSSE}. */
export interface IdleTimer {
  /** (Re)starts the countdown: call on every chunk received. */
  arm(): void;
  disarm(): void;
  /** The consumer holds a message: an expiry now only restarts the countdown at `release`. */
  hold(): void;
  release(): void;
  /** Whether the countdown expired (and `onIdle` ran). */
  readonly fired: boolean;
}

/** Calls `onIdle` once no `arm()` came for `ms` (0 disables), outside `hold()`/`release()`. */
export function createIdleTimer(timers: Timers, ms: number, onIdle: () => void): IdleTimer {
  let handle: unknown;
  let holding = false;
  let expiredWhileHolding = false;
  let fired = false;
  const disarm = (): void => {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
  };
  const arm = (): void => {
    if (ms <= 0) return;
    disarm();
    handle = timers.setTimeout(() => {
      handle = undefined;
      if (holding) {
        expiredWhileHolding = true;
        return;
      }
      fired = true;
      onIdle();
    }, ms);
  };
  return {
    arm,
    disarm,
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      if (expiredWhileHolding) {
        expiredWhileHolding = false;
        arm();
      }
    },
    get fired() {
      return fired;
    },
  };
}
