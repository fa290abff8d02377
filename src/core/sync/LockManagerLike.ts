/** The options of a Web Locks request that multi-tab sync uses. */
export interface LockRequestOptions {
  /** Grant the lock only if it is free now; else call back with `null`. */
  ifAvailable?: boolean;
  /** Aborts a request still waiting in the queue. */
  signal?: AbortSignal;
}

/**
 * What multi-tab sync needs of `navigator.locks` (the Web Locks API): an exclusive lock held
 * until the callback's promise settles. The DOM `LockManager` fits; tests pass an
 * in-memory one.
 */
export interface LockManagerLike {
  request<T>(name: string, options: LockRequestOptions, callback: (lock: unknown) => T | Promise<T>): Promise<T>;
}
