import type { Cluster, Redis } from 'ioredis';
import { REFRESH, REFRESH_USER, runScript } from './luaScripts';
import type { RedisKeys } from './redisKeys';

interface Lease {
  conversationId: string;
  userId: string;
}

/**
 * Renews, every `leaseMs / 3`, the leases of the generations this replica runs (the
 * conversation's active record and the user's entry in their streams set). If the replica
 * dies the renewals stop and Redis expires both: nothing leaks for longer than `leaseMs`.
 * The timer runs only while there are leases and never keeps the process alive.
 */
export class LeaseKeeper {
  private readonly leases = new Map<string, Lease>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly client: () => Promise<Redis | Cluster>,
    private readonly keys: RedisKeys,
    private readonly leaseMs: number,
  ) {}

  hold(streamId: string, lease: Lease): void {
    this.leases.set(streamId, lease);
    if (this.timer) return;
    this.timer = setInterval(() => void this.renew(), Math.floor(this.leaseMs / 3));
    this.timer.unref?.();
  }

  /** Stops renewing; returns the lease when this replica held it. */
  release(streamId: string): Lease | undefined {
    const lease = this.leases.get(streamId);
    this.leases.delete(streamId);
    return lease;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.leases.clear();
  }

  private async renew(): Promise<void> {
    const redis = await this.client().catch(() => null);
    if (!redis) return; // the store is down or closed: the next tick tries again
    await Promise.all(
      [...this.leases].map(async ([streamId, lease]) => {
        // A failed renewal is retried next tick; 0 means the lease is gone (ended elsewhere, or expired).
        const alive = await runScript(redis, REFRESH, [this.keys.active(lease.conversationId)], [streamId, this.leaseMs]).catch(() => 1);
        if (alive === 0) {
          this.leases.delete(streamId);
          return;
        }
        await runScript(redis, REFRESH_USER, [this.keys.userStreams(lease.userId)], [streamId, this.leaseMs]).catch(() => undefined);
      }),
    );
    if (this.leases.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
