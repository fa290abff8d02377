import type { ConversationStore } from '../store/ConversationStore';
import { StoreError } from '../store/StoreError';
import { HttpError } from './HttpError';
import { guardIndex } from './guardConversationIndex';

/** Options of {@link guardStore}. */
export interface StoreGuardOptions {
  /** A call that has not settled after this many ms answers 503. */
  timeoutMs: number;
  /** The `Retry-After` of the 503, in seconds. */
  retryAfterSeconds: number;
}

/**
 * The store as the routes use it: every call settles within `timeoutMs`, and any failure
 * becomes 503 `store_unavailable` with `Retry-After` (the cause is logged, at most once per
 * 10 s, never sent to the client). A call that completes after its deadline is undone
 * where it left something behind: a late `beginStream` is ended (an empty conversation
 * it created goes with it), a late `subscribe` or `onCancel` is stopped.
 */
export function guardStore(store: ConversationStore, options: StoreGuardOptions): ConversationStore {
  const { timeoutMs, retryAfterSeconds } = options;
  const log = rateLimitedLog();
  const unavailable = (why: string): HttpError =>
    new HttpError(
      503,
      'store_unavailable',
      `The conversation store is unavailable (${why}); retry in ${retryAfterSeconds} s.`,
      undefined,
      { 'Retry-After': String(retryAfterSeconds) },
    );

  const call = <T>(name: string, run: () => Promise<T>, undo?: (late: T) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        log(`chatwire: the store's ${name}() did not answer within ${timeoutMs} ms; answering 503.`);
        reject(unavailable(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      let pending: Promise<T>;
      try {
        pending = run();
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending.then(
        (value) => {
          if (late) return undo?.(value);
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          if (late) return;
          clearTimeout(timer);
          if (error instanceof HttpError) return reject(error);
          if (error instanceof StoreError && error.code === 'store_unavailable') {
            log(`chatwire: the store's ${name}() failed; answering 503: ${error.message}`);
            return reject(unavailable(error.message.replace(/\.$/, '')));
          }
          log(`chatwire: the store's ${name}() failed; answering 503:`, error);
          reject(unavailable('it failed'));
        },
      );
    });

  const guarded: ConversationStore = {
    createConversation: (id, owner) => call('createConversation', () => store.createConversation(id, owner)),
    getOwner: (id) => call('getOwner', () => store.getOwner(id)),
    append: (id, event) => call('append', () => store.append(id, event)),
    ...(store.appendOnce && {
      appendOnce: (id, key, event) => call('appendOnce', () => (store.appendOnce as NonNullable<ConversationStore['appendOnce']>)(id, key, event)),
    }),
    ...(store.readOnce && {
      readOnce: (id, key) => call('readOnce', () => (store.readOnce as NonNullable<ConversationStore['readOnce']>)(id, key)),
    }),
    ...(store.setSelection && {
      setSelection: (id, selection) => call('setSelection', () => (store.setSelection as NonNullable<ConversationStore['setSelection']>)(id, selection)),
    }),
    ...(store.getSelection && {
      getSelection: (id) => call('getSelection', () => (store.getSelection as NonNullable<ConversationStore['getSelection']>)(id)),
    }),
    readAfter: (id, after, limit) => call('readAfter', () => store.readAfter(id, after, limit)),
    lastSeq: (id) => call('lastSeq', () => store.lastSeq(id)),
    subscribe: (id, after, listener) => call('subscribe', () => store.subscribe(id, after, listener), (stop) => stop()),
    appendMessages: (id, messages) => call('appendMessages', () => store.appendMessages(id, messages)),
    getMessages: (id, limit) => call('getMessages', () => store.getMessages(id, limit)),
    beginStream: (init, begin) =>
      call('beginStream', () => store.beginStream(init, begin), (result) => {
        if (result.ok) void store.endStream(init.conversationId, init.streamId).catch(() => undefined);
      }),
    getActiveStream: (id) => call('getActiveStream', () => store.getActiveStream(id)),
    endStream: (id, streamId) => call('endStream', () => store.endStream(id, streamId)),
    countActiveStreams: (userId) => call('countActiveStreams', () => store.countActiveStreams(userId)),
    publishCancel: (streamId, reason) => call('publishCancel', () => store.publishCancel(streamId, reason)),
    onCancel: (streamId, listener) => call('onCancel', () => store.onCancel(streamId, listener), (stop) => stop()),
  };
  guardIndex(store, guarded, call);
  return guarded;
}

/** console.error, at most once per 10 s; the calls in between are counted in the next line. */
function rateLimitedLog(): (...args: unknown[]) => void {
  let last = -Infinity;
  let skipped = 0;
  return (...args) => {
    const now = Date.now();
    if (now - last < 10_000) {
      skipped++;
      return;
    }
    last = now;
    const more = skipped > 0 ? ` (${skipped} more store failures since the last report)` : '';
    skipped = 0;
    console.error(...(more ? [...args, more] : args));
  };
}
