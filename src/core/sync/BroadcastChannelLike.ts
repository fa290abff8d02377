/**
 * What multi-tab sync needs of a `BroadcastChannel`: the DOM one fits, tests pass an
 * in-memory one. Messages are structured-cloned plain data.
 */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/** Opens the channel of one name (default `name => new BroadcastChannel(name)`). */
export type BroadcastChannelFactory = (name: string) => BroadcastChannelLike;
