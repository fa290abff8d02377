import type { ChatOptions } from '../../../src/core/session/ChatOptions';
import { createChatStore, type ChatStore, type ChatStoreState } from '../../../src/core/store/createChatStore';
import type { ChatMessage } from '../../../src/core/session/types';
import type { ChatState } from '../../../src/core/session/ChatState';
import { createFrameScheduler } from '../../../src/core/session/createFrameScheduler';
import { createSession } from '../../../src/core/session/createSession';
import { createFakeFetch, memoryStorage, type RecordedRequest } from './fakeChatFetch';

/** A store on a fake fetch, with deterministic ids, fast backoff and no idle timer. */
export function setup(route: (r: RecordedRequest) => Response | Promise<Response>, extra: ChatOptions = {}) {
  const { fetch, requests } = createFakeFetch(route);
  const storage = memoryStorage();
  let n = 0;
  const options: ChatOptions = {
    fetch,
    storage,
    generateId: () => `id${++n}`,
    transport: { backoff: { initialMs: 100, jitter: 'none' }, idleTimeoutMs: 0 },
    ...extra,
  };
  const store = createChatStore(options);
  const seen: ChatStoreState[] = [];
  store.subscribe((s) => seen.push(s));
  return { store, requests, storage, options, seen };
}

/** Lets microtasks and timers up to `ms` run. */
export const tick = (ms = 0): Promise<void> => vi.advanceTimersByTimeAsync(ms).then(() => undefined);

/** The concatenated text parts of a message. */
export function textOf(message: ChatMessage | undefined): string {
  return (message?.parts ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('');
}

/** The message with `id`, or the last assistant message. */
export function assistantOf(store: ChatStore, id?: string): ChatMessage | undefined {
  const ms = store.getState().messages;
  return id ? ms.find((m) => m.id === id) : [...ms].reverse().find((m) => m.role === 'assistant');
}

/**
 * A bare session (the units' shared state) on a fake fetch, with frames run by the test
 * (`frame()`), deterministic ids, fast backoff and no idle timer; `published` records each
 * publish. `create` is `createSession` of a fresh module graph in tests of lazy loading.
 */
export function sessionSetup(
  route: (r: RecordedRequest) => Response | Promise<Response>,
  extra: ChatOptions = {},
  create: typeof createSession = createSession,
) {
  const { fetch, requests } = createFakeFetch(route);
  const storage = memoryStorage();
  const frames: (() => void)[] = [];
  const scheduler = createFrameScheduler({ requestFrame: (cb) => frames.push(cb), cancelFrame: () => undefined });
  const published: ChatState[] = [];
  const session = create(
    {
      fetch,
      storage,
      scheduler,
      now: () => 1_000,
      transport: { backoff: { initialMs: 100, jitter: 'none' }, idleTimeoutMs: 0 },
      ...extra,
    },
    (state) => published.push(state),
  );
  const frame = (): void => {
    for (const cb of frames.splice(0)) cb();
  };
  return { session, requests, storage, published, frame };
}
