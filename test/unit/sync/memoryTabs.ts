import type { BroadcastChannelLike } from '../../../src/core/sync/BroadcastChannelLike';
import type { LockManagerLike, LockRequestOptions } from '../../../src/core/sync/LockManagerLike';

/**
 * In-memory BroadcastChannels of one "origin": a message reaches every other open channel of
 * the same name (not its sender), structured-cloned, in a later task, in posting order, like
 * the browser's. `log` records every message posted.
 */
export function createMemoryChannels() {
  const open = new Map<string, Set<MemoryChannel>>();
  const log: { name: string; data: unknown }[] = [];

  class MemoryChannel implements BroadcastChannelLike {
    private listeners: ((event: { data: unknown }) => void)[] = [];
    closed = false;
    constructor(readonly name: string) {
      let set = open.get(name);
      if (!set) open.set(name, (set = new Set()));
      set.add(this);
    }
    postMessage(message: unknown): void {
      if (this.closed) throw new Error(`postMessage on the closed channel "${this.name}"`);
      const data = structuredClone(message);
      log.push({ name: this.name, data });
      for (const target of open.get(this.name) ?? []) {
        if (target === this) continue;
        setTimeout(() => target.deliver(structuredClone(data)), 0);
      }
    }
    deliver(data: unknown): void {
      if (this.closed) return;
      for (const listener of this.listeners) listener({ data });
    }
    addEventListener(_type: 'message', listener: (event: { data: unknown }) => void): void {
      this.listeners.push(listener);
    }
    close(): void {
      this.closed = true;
      open.get(this.name)?.delete(this);
    }
  }

  return {
    channel: (name: string): BroadcastChannelLike => new MemoryChannel(name),
    log,
    /** Open channels of `name`. */
    openCount: (name: string) => open.get(name)?.size ?? 0,
  };
}

/**
 * An in-memory Web Locks manager: exclusive locks held until the callback's promise
 * settles, granted in request order; `ifAvailable` calls back with `null` when held;
 * an aborted queued request rejects with an `AbortError`.
 */
export function createMemoryLocks(): LockManagerLike & { held: (name: string) => boolean; queued: (name: string) => number } {
  const held = new Set<string>();
  const queues = new Map<string, Array<() => void>>();

  const grant = <T>(name: string, callback: (lock: unknown) => T | Promise<T>): Promise<T> => {
    held.add(name);
    const result = (async () => callback({ name, mode: 'exclusive' }))();
    const next = (): void => {
      held.delete(name);
      queues.get(name)?.shift()?.();
    };
    result.then(next, next);
    return result;
  };

  return {
    request<T>(name: string, options: LockRequestOptions, callback: (lock: unknown) => T | Promise<T>): Promise<T> {
      if (!held.has(name)) return grant(name, callback);
      if (options.ifAvailable) return (async () => callback(null))();
      return new Promise<T>((resolve, reject) => {
        const queue = queues.get(name) ?? [];
        queues.set(name, queue);
        const start = (): void => {
          options.signal?.removeEventListener('abort', onAbort);
          grant(name, callback).then(resolve, reject);
        };
        const onAbort = (): void => {
          const i = queue.indexOf(start);
          if (i >= 0) queue.splice(i, 1);
          reject(new DOMException('The lock request was aborted.', 'AbortError'));
        };
        options.signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(start);
      });
    },
    held: (name) => held.has(name),
    queued: (name) => queues.get(name)?.length ?? 0,
  };
}
