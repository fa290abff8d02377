import { isChatwireError } from '../errors';
import { connectSSE } from '../sse/connectSSE';
import { backoffDelay } from '../sse/backoffDelay';
import { electLeader, type Election } from '../sync/electLeader';
import type { ResolvedMultiTab } from '../sync/resolveMultiTab';
import type { Timers } from '../Timers';
import { CONVERSATION_EVENT_TYPES, type ConversationListEvent, type ConversationSummary } from './ConversationSummary';

/** One event of the user's list log with its seq. */
export interface StoredListEvent {
  seq: number;
  event: ConversationListEvent;
}

/** What {@link followUserEvents} needs. */
export interface FollowUserEventsOptions {
  url: string;
  /** Web Lock and `BroadcastChannel` name shared by this browser's tabs. */
  channelName: string;
  /** `null`: this tab follows on its own. */
  multiTab: ResolvedMultiTab | null;
  request: { fetch?: typeof globalThis.fetch; headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>); credentials?: RequestCredentials };
  timers: Timers;
  maxBackoffMs: number;
  /** The seq of the list as loaded (follow after it); negative while unknown. */
  lastSeq(): number;
  onEvent(stored: StoredListEvent): void;
  /** The events after the seq are gone: reload the list (resolves when reloaded). */
  onReset(): Promise<void> | void;
  onLive(live: 'connecting' | 'open' | 'closed'): void;
  /** 401, 403, 404 or 501: following stops. */
  onFinalError(error: unknown): void;
  /** This tab connects: load the list first (resolves when loaded or failed). */
  beforeConnect(): Promise<void>;
  /** The list this tab has, for a tab that opens (`null` until loaded). */
  snapshot(): ListSnapshot | null;
  /** Another tab's list, for this tab that just opened (ignored once it has its own). */
  onSnapshot(snapshot: ListSnapshot): void;
  /** A follower tab that got no snapshot from its leader in time loads the list itself. */
  onNoSnapshot(): void;
}

/** A tab's list as another tab adopts it. */
export interface ListSnapshot {
  conversations: readonly ConversationSummary[];
  lastSeq: number;
  nextCursor: string | null;
}

/** How long a tab that opens waits for its leader's list before loading it itself, in ms. */
const SNAPSHOT_WAIT_MS = 1_000;

type ListSyncMessage =
  | { type: 'list-event'; seq: number; event: ConversationListEvent }
  | { type: 'list-live'; live: 'connecting' | 'open' | 'closed' }
  | { type: 'list-snapshot-request' }
  | { type: 'list-snapshot'; snapshot: ListSnapshot };

const FINAL = new Set([401, 403, 404, 501]);
const TYPES = new Set<string>(CONVERSATION_EVENT_TYPES);

/**
 * Follows the user's conversation-list changes (`GET {endpoint}/conversations/events`)
 * over one connection per browser: the tab holding the Web Lock `channelName` connects
 * (after the list's seq, reconnecting with backoff, reloading the list on `reset`) and
 * mirrors each event on the `BroadcastChannel`; the other tabs apply the mirrored events
 * (the store's seq check applies each once) and take over when that tab closes. Returns
 * the function that stops it.
 */
// Over 80 lines: the tab link (channel messages, snapshot hand-over), the election and the reconnect loop share one closure (stopped, leading, timers).
export function followUserEvents(options: FollowUserEventsOptions): () => void {
  const { timers } = options;
  let stopped = false;
  let abort: AbortController | null = null;
  let wait: unknown;
  const channel = options.multiTab?.channel(options.channelName) ?? null;
  const post = (message: ListSyncMessage): void => {
    try {
      channel?.postMessage(message);
    } catch {
      // A closed channel: the other tabs reload on their own gap check.
    }
  };
  const live = (state: 'connecting' | 'open' | 'closed'): void => {
    options.onLive(state);
    post({ type: 'list-live', live: state });
  };
  channel?.addEventListener('message', ({ data }) => {
    const message = data as ListSyncMessage | null;
    if (stopped || !message || typeof message !== 'object') return;
    if (message.type === 'list-event' && typeof message.seq === 'number') options.onEvent({ seq: message.seq, event: message.event });
    if (message.type === 'list-live') options.onLive(message.live);
    if (message.type === 'list-snapshot-request' && leading) {
      const snapshot = options.snapshot();
      if (snapshot) post({ type: 'list-snapshot', snapshot });
    }
    if (message.type === 'list-snapshot' && !leading) {
      timers.clearTimeout(snapshotTimer);
      options.onSnapshot(message.snapshot);
    }
  });
  let leading = false;
  let snapshotTimer: unknown;

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => (wait = timers.setTimeout(resolve, ms)));

  const connect = async (): Promise<void> => {
    leading = true;
    timers.clearTimeout(snapshotTimer);
    await options.beforeConnect();
    let failures = 0;
    while (!stopped) {
      abort = new AbortController();
      live('connecting');
      let reset = false;
      try {
        const connection = connectSSE({
          url: options.url,
          fetch: options.request.fetch ? (input, init) => (options.request.fetch as typeof globalThis.fetch)(input, init) : undefined,
          headers: options.request.headers,
          credentials: options.request.credentials,
          lastEventId: String(Math.max(0, options.lastSeq())),
          maxRetries: 0,
          timers,
          signal: abort.signal,
          onOpen: () => {
            failures = 0;
            live('open');
          },
        });
        for await (const message of connection) {
          if (stopped) return;
          if (message.event === 'reset') {
            reset = true;
            break;
          }
          if (!TYPES.has(message.event) || !/^\d+$/.test(message.id)) continue;
          const stored: StoredListEvent = { seq: Number(message.id), event: { type: message.event, ...(JSON.parse(message.data) as object) } as ConversationListEvent };
          options.onEvent(stored);
          post({ type: 'list-event', seq: stored.seq, event: stored.event });
        }
      } catch (e) {
        if (stopped) return;
        if (isChatwireError(e) && e.status !== undefined && FINAL.has(e.status)) {
          options.onFinalError(e);
          post({ type: 'list-live', live: 'closed' });
          return;
        }
      }
      if (stopped) return;
      live('closed');
      if (reset) {
        await options.onReset();
        continue;
      }
      failures++;
      await sleep(backoffDelay(failures, { initialMs: 500, maxMs: options.maxBackoffMs }));
    }
  };

  let election: Election | null = null;
  if (options.multiTab && channel) {
    election = electLeader(options.multiTab.locks, options.channelName, {
      lead: () => void connect(),
      follow: () => {
        // Opening a tab costs the server nothing: its list comes from the leader.
        post({ type: 'list-snapshot-request' });
        snapshotTimer = timers.setTimeout(() => options.onNoSnapshot(), SNAPSHOT_WAIT_MS);
      },
      fail: () => void connect(),
    });
  } else {
    void connect();
  }

  return () => {
    stopped = true;
    abort?.abort();
    timers.clearTimeout(wait);
    timers.clearTimeout(snapshotTimer);
    election?.stop();
    channel?.close();
  };
}
