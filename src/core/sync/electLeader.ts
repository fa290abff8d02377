import type { LockManagerLike } from './LockManagerLike';

/** What {@link electLeader} tells the tab. */
export interface ElectionHandlers {
  /** This tab holds the lock; `takeover` when it waited in line behind another leader. */
  lead(takeover: boolean): void;
  /** Another tab holds the lock: this one follows, and waits in line to take over. */
  follow(): void;
  /** The lock manager failed (a request rejected or threw): this tab cannot take part. */
  fail(error: unknown): void;
}

/** A tab's place in the election; see {@link electLeader}. */
export interface Election {
  /** Leaves the line, or releases the lock (the next tab in line takes over). */
  stop(): void;
}

/**
 * The leader election of one conversation over Web Locks: the tab that gets the exclusive
 * lock `name` (asked `ifAvailable` first) leads and holds it until {@link Election.stop};
 * any other follows and waits in the lock's queue, so when the leader's tab closes (its
 * lock is released) the first tab in line leads (`lead(true)`). A lock manager that
 * rejects or throws calls `fail` (once, never after `stop`).
 *
 * @example
 * ```ts
 * const election = electLeader(navigator.locks, name, {
 *   lead: (takeover) => console.log('leading', takeover),
 *   follow: () => console.log('following'),
 *   fail: (e) => console.error(e),
 * });
 * election.stop(); // on dispose
 * ```
 */
export function electLeader(locks: LockManagerLike, name: string, handlers: ElectionHandlers): Election {
  const queue = new AbortController();
  let stopped = false;
  let failed = false;
  let release: (() => void) | null = null;

  const fail = (error: unknown): void => {
    if (stopped || failed) return;
    failed = true;
    handlers.fail(error);
  };
  /** Runs with the lock granted: leads, then holds the lock until stopped. */
  const hold = (takeover: boolean): Promise<void> | undefined => {
    if (stopped) return undefined;
    handlers.lead(takeover);
    if (stopped) return undefined; // stopped while taking the lead: give the lock back now
    return new Promise<void>((resolve) => {
      release = resolve;
    });
  };
  const waitInLine = (): void => {
    locks
      .request(name, { signal: queue.signal }, () => hold(true))
      .catch((e: unknown) => {
        if (!queue.signal.aborted) fail(e);
      });
  };

  try {
    locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (stopped) return undefined;
        if (lock) return hold(false);
        handlers.follow();
        if (!stopped) waitInLine();
        return undefined;
      })
      .catch(fail);
  } catch (e) {
    fail(e); // a lock manager that throws instead of rejecting
  }

  return {
    stop() {
      if (stopped) return;
      stopped = true;
      queue.abort();
      release?.();
      release = null;
    },
  };
}
