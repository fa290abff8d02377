import type { ChatEvent } from '../../core/events';
import type { ConversationStore } from '../store/ConversationStore';

/** How long a lost log subscription waits before it subscribes again, in ms. */
const RESUBSCRIBE_MS = 1_000;

/**
 * The first event of the conversation's log after `afterSeq` that `match` accepts (one
 * another replica wrote, such as a decision or a page's tool result), `'timeout'` after
 * `timeoutMs`, or `'aborted'` when `signal` fires first. A subscription that breaks (the
 * store went away) is made again after 1 s; its replay from `afterSeq` brings any event
 * written meanwhile, so none is missed.
 */
export function waitForLogEvent<T extends ChatEvent>(
  store: ConversationStore,
  conversationId: string,
  afterSeq: number,
  match: (event: ChatEvent) => event is T,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<T | 'timeout' | 'aborted'> {
  return new Promise((resolve) => {
    let stop: (() => void) | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const finish = (outcome: T | 'timeout' | 'aborted'): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(retry);
      signal.removeEventListener('abort', onAbort);
      stop?.();
      resolve(outcome);
    };
    const onAbort = (): void => finish('aborted');
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    const again = (): void => {
      stop = undefined;
      if (!settled) retry = setTimeout(subscribe, RESUBSCRIBE_MS);
    };
    const subscribe = (): void => {
      store
        .subscribe(conversationId, afterSeq, {
          onEvent: ({ event }) => {
            if (match(event)) finish(event);
          },
          onError: again,
        })
        .then((unsubscribe) => {
          if (settled) unsubscribe();
          else stop = unsubscribe;
        }, again);
    };
    if (signal.aborted) return finish('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    subscribe();
  });
}
