/** The leader election alone, on the in-memory lock manager. */
import { electLeader, type ElectionHandlers } from '../../../src/core/sync/electLeader';
import type { LockManagerLike } from '../../../src/core/sync/LockManagerLike';
import { createMemoryLocks } from './memoryTabs';

const NAME = 'chatwire:/api/chat:c1';
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function recorder() {
  const calls: string[] = [];
  const handlers: ElectionHandlers = {
    lead: (takeover) => calls.push(takeover ? 'lead (takeover)' : 'lead'),
    follow: () => calls.push('follow'),
    fail: (e) => calls.push(`fail: ${(e as Error).message}`),
  };
  return { calls, handlers };
}

describe('electLeader', () => {
  it('the first tab leads and holds the lock; the next follows, and leads when the first stops', async () => {
    const locks = createMemoryLocks();
    const a = recorder();
    const b = recorder();
    const c = recorder();
    const first = electLeader(locks, NAME, a.handlers);
    await settle();
    const second = electLeader(locks, NAME, b.handlers);
    const third = electLeader(locks, NAME, c.handlers);
    await settle();
    expect([a.calls, b.calls, c.calls]).toEqual([['lead'], ['follow'], ['follow']]);
    expect(locks.held(NAME)).toBe(true);
    expect(locks.queued(NAME)).toBe(2);

    first.stop();
    await settle();
    // The first in line takes over; the other keeps waiting.
    expect([b.calls, c.calls]).toEqual([['follow', 'lead (takeover)'], ['follow']]);
    second.stop();
    await settle();
    expect(c.calls).toEqual(['follow', 'lead (takeover)']);
    third.stop();
    await settle();
    expect(locks.held(NAME)).toBe(false);
  });

  it('a follower that stops leaves the line without failing; stop is idempotent', async () => {
    const locks = createMemoryLocks();
    const a = recorder();
    const b = recorder();
    const first = electLeader(locks, NAME, a.handlers);
    await settle();
    const second = electLeader(locks, NAME, b.handlers);
    await settle();
    second.stop();
    second.stop();
    await settle();
    expect(locks.queued(NAME)).toBe(0);
    first.stop();
    await settle();
    expect(b.calls).toEqual(['follow']);
    expect(locks.held(NAME)).toBe(false);
  });

  it('a tab stopped while it takes the lead gives the lock back at once', async () => {
    const memory = createMemoryLocks();
    // Grants in a later microtask, as browsers do (the in-memory one calls back at once).
    const locks: LockManagerLike = { request: (name, options, callback) => Promise.resolve().then(() => memory.request(name, options, callback)) };
    const calls: string[] = [];
    const election = electLeader(locks, NAME, {
      lead: () => {
        calls.push('lead');
        election.stop();
      },
      follow: () => undefined,
      fail: () => undefined,
    });
    await settle();
    expect(calls).toEqual(['lead']);
    expect(memory.held(NAME)).toBe(false);
  });

  it('a lock manager that rejects, or throws, fails the election once', async () => {
    const rejecting: LockManagerLike = { request: () => Promise.reject(new Error('locks are blocked')) };
    const throwing: LockManagerLike = {
      request: () => {
        throw new Error('no locks here');
      },
    };
    const a = recorder();
    const b = recorder();
    electLeader(rejecting, NAME, a.handlers);
    electLeader(throwing, NAME, b.handlers);
    await settle();
    expect(a.calls).toEqual(['fail: locks are blocked']);
    expect(b.calls).toEqual(['fail: no locks here']);
  });

  it('a queued request that the lock manager rejects fails a follower, unless it stopped', async () => {
    const locks = createMemoryLocks();
    // Grants `ifAvailable` as "held by another", then rejects the queued request.
    const flaky: LockManagerLike = {
      request: (name, options, callback) =>
        options.ifAvailable ? Promise.resolve(callback(null)) : Promise.reject(new Error('the queue broke')),
    };
    const a = recorder();
    electLeader(flaky, NAME, a.handlers);
    await settle();
    expect(a.calls).toEqual(['follow', 'fail: the queue broke']);
    expect(locks.held(NAME)).toBe(false);
  });
});
