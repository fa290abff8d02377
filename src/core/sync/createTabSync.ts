import type { ChatEvent } from '../events';
import { SYNC_ACTIVE_PHASES as ACTIVE_PHASES } from './SYNC_ACTIVE_PHASES';
import type { ChatInput } from '../session/ChatAction';
import type { ChatController, ChatSnapshot, ResumeOptions, SendOptions } from '../session/ChatController';
import type { ChatState } from '../session/ChatState';
import type { ConnectionState } from '../session/types';
import type { ResolvedMultiTab } from './resolveMultiTab';
import type { TabRole } from './MultiTabOptions';
import { isSyncMessage, type ForwardedAction, type SyncMessage } from './SyncMessage';
import type { SYNC_SILENCE_MS } from './SYNC_SILENCE_MS';
import { watchLeaderSilence } from './watchLeaderSilence';

/** Settings of {@link createTabSync}. */
export interface TabSyncOptions extends ResolvedMultiTab {
  /** Channel and lock name, `chatwire:<endpoint>:<conversationId>`. */
  name: string;
  /** This tab's id on the channel. Default a random id. */
  tabId?: string;
}

/** One conversation's sync in one tab; see {@link createTabSync}. */
export interface TabSync {
  /** This tab's part. */
  readonly role: TabRole;
  send(text: string, options?: SendOptions): Promise<void>;
  stop(): Promise<void>;
  retry(): Promise<void>;
  resume(options?: ResumeOptions): Promise<boolean>;
  /** Leaves the channel and releases the lock (another tab takes over). */
  dispose(): void;
}

interface Pending {
  message: Extract<SyncMessage, { type: 'request' }>;
  resolve: () => void;
  reject: (error: Error) => void;
}

const ACTIONS = new Set<ChatInput['type']>(['submit', 'stop', 'hydrate', 'replay-batch', 'reset']);
/** Connection states in which a stream is (about to be) read: a follower showing one expects to hear from the leader. */
const LIVE = new Set<ConnectionState>(['connecting', 'open', 'reconnecting', 'replaying']);
/** Messages only the leader sends. */
const FROM_LEADER = new Set<SyncMessage['type']>(['leader', 'snapshot', 'connection', 'events', 'response']);

function randomId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `t-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function snapshotOf(state: ChatState): ChatSnapshot {
  const { connection: _connection, ...snapshot } = state;
  return snapshot;
}

/**
 * Shares one conversation between the tabs of an origin. The tab holding the Web Lock
 * `name` (held for its life) is the leader: it owns the connection and mirrors every
 * event it applies (with `seq`) on the `BroadcastChannel` `name`, and a snapshot after
 * each local action (submit, stop, hydrate, reset). Followers adopt the leader's snapshot
 * when they join, then apply its events (`seq` dedupe makes repeats harmless), and forward
 * `send`, `stop` and `retry` to it. Followers show the leader's `connection` (sent when it
 * changes, with each snapshot, and on a follower's ping); a follower that hears nothing from
 * a leader with a live connection for twice {@link SYNC_SILENCE_MS} shows `closed`. When the
 * leader leaves, the lock passes to another tab, which resumes the stream after its
 * `lastSeq` (its own controller drives `connection` from then on).
 *
 * @example
 * ```ts
 * const sync = createTabSync(controller, {
 *   name: `chatwire:/api/chat:${conversationId}`,
 *   channel: (name) => new BroadcastChannel(name),
 *   locks: navigator.locks,
 * });
 * await sync.send('Hello'); // from any tab; the leader's connection streams it
 * ```
 */
export function createTabSync(controller: ChatController, options: TabSyncOptions): TabSync {
  const tabId = options.tabId ?? randomId();
  const channel = options.channel(options.name);
  const queueAbort = new AbortController();
  const pending = new Map<string, Pending>();
  /** Calls made before the election answered. */
  const undecided: Array<() => void> = [];
  let resumeWaiters: Array<(resumed: boolean) => void> = [];
  let role: TabRole = 'pending';
  /** A follower that adopted a leader's snapshot (before that, mirrored events are dropped: the snapshot holds them). */
  let synced = false;
  let disposed = false;
  let release: (() => void) | null = null;
  let outbox: ChatEvent[] = [];
  let flushQueued = false;

  const post = (message: SyncMessage): void => {
    if (disposed || role === 'off') return;
    try {
      channel.postMessage(message);
    } catch (e) {
      console.error(`chatwire: could not post a ${message.type} message to the other tabs on "${options.name}":`, e);
    }
  };
  const flush = (): void => {
    flushQueued = false;
    const events = outbox;
    outbox = [];
    if (events.length > 0 && role === 'leader') post({ kind: 'chatwire-sync', type: 'events', from: tabId, events });
  };
  const sendSnapshot = (to?: string): void => {
    flush();
    const state = controller.getState();
    const message: SyncMessage = { kind: 'chatwire-sync', type: 'snapshot', from: tabId, snapshot: snapshotOf(state), connection: state.connection };
    if (to !== undefined) message.to = to;
    post(message);
  };

  const sendConnection = (): void => {
    flush(); // the events before the change first
    post({ kind: 'chatwire-sync', type: 'connection', from: tabId, connection: controller.getState().connection });
  };

  const leaderWatch = watchLeaderSilence({
    live: () => !disposed && role === 'follower' && synced && LIVE.has(controller.getState().connection),
    ping: () => post({ kind: 'chatwire-sync', type: 'ping', from: tabId }),
    silent: () => controller.setConnection('closed'),
  });
  /** A follower leaving its role: the leader's connection it showed is not this tab's. */
  const dropMirroredConnection = (): void => {
    leaderWatch.stop();
    if (role === 'follower' && LIVE.has(controller.getState().connection)) controller.setConnection('closed');
  };

  const unobserve = controller.observe((input) => {
    if (role !== 'leader') return;
    if (input.type === 'connection') {
      sendConnection();
      return;
    }
    if (ACTIONS.has(input.type)) {
      sendSnapshot();
      return;
    }
    outbox.push(input as ChatEvent);
    if (!flushQueued) {
      flushQueued = true;
      queueMicrotask(flush);
    }
  });

  const setRole = (next: TabRole): void => {
    role = next;
    options.onRoleChange?.(next);
    for (const run of undecided.splice(0)) run();
  };

  const perform = (action: ForwardedAction, text?: string, body?: Record<string, unknown>): Promise<void> => {
    if (action === 'send') return controller.send(text ?? '', body ? { body } : undefined);
    return action === 'stop' ? controller.stop() : controller.retry();
  };

  const byRole = <T>(local: () => Promise<T>, remote: () => Promise<T>): Promise<T> => {
    if (role === 'pending') {
      return new Promise<T>((resolve, reject) => undecided.push(() => void byRole(local, remote).then(resolve, reject)));
    }
    return role === 'follower' ? remote() : local();
  };

  const forward = (action: ForwardedAction, text?: string, body?: Record<string, unknown>): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (disposed) {
        reject(new Error(`chatwire: cannot ${action}: this tab's sync of "${options.name}" was disposed. Create a new store.`));
        return;
      }
      const message: Pending['message'] = { kind: 'chatwire-sync', type: 'request', from: tabId, id: randomId(), action };
      if (text !== undefined) message.text = text;
      if (body !== undefined) message.body = body;
      pending.set(message.id, { message, resolve, reject });
      post(message);
    });

  const hold = (): Promise<void> =>
    new Promise<void>((resolve) => {
      release = resolve;
    });

  const becomeLeader = (takeover: boolean): void => {
    dropMirroredConnection();
    const wasSynced = synced;
    synced = true;
    setRole('leader');
    post({ kind: 'chatwire-sync', type: 'leader', from: tabId });
    // Followers may be waiting for a snapshot: give them ours.
    sendSnapshot();
    const state = controller.getState();
    let resumed: Promise<boolean> | null = null;
    if (takeover && (wasSynced || ACTIVE_PHASES.has(state.phase))) {
      // Pick up the old leader's stream after what this tab already applied. Also when this
      // tab looks idle: the old leader may have sent a prompt whose snapshot is still on its
      // way (a 204 answers when nothing is in flight).
      resumed = controller.resume(state.lastSeq > 0 ? { history: false } : undefined);
      const messageId = state.activeMessageId;
      void resumed.then((ok) => {
        const now = controller.getState();
        if (ok || disposed || !ACTIVE_PHASES.has(now.phase) || now.activeMessageId !== messageId) return;
        // No resume route (another wire format, or `resumeEndpoint: null`): the answer cannot be picked up.
        controller.apply([
          {
            type: 'error',
            code: 'stream_lost',
            retryable: true,
            message: `The tab that was streaming this answer closed, and this tab could not resume the stream (no resume route for this conversation). The partial answer is kept; retry to ask again.`,
          },
        ]);
      });
    }
    for (const waiter of resumeWaiters.splice(0)) {
      if (resumed) void resumed.then(waiter);
      else void controller.resume().then(waiter);
    }
    for (const [id, p] of [...pending]) {
      pending.delete(id);
      void perform(p.message.action, p.message.text, p.message.body);
      p.resolve();
    }
  };

  const onRequest = (message: Extract<SyncMessage, { type: 'request' }>): void => {
    let error: string | undefined;
    try {
      void perform(message.action, message.text, message.body).catch((e: unknown) => {
        console.error(`chatwire: the ${message.action} forwarded by another tab failed:`, e);
      });
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    flush();
    const response: SyncMessage = { kind: 'chatwire-sync', type: 'response', from: tabId, to: message.from, id: message.id };
    if (error !== undefined) response.error = error;
    post(response);
  };

  const onMessage = (m: SyncMessage): void => {
    switch (m.type) {
      case 'events':
        if (role === 'follower' && synced) controller.apply(m.events);
        return;
      case 'snapshot':
        if (role !== 'follower' || (m.to !== undefined && m.to !== tabId)) return;
        controller.adopt(m.snapshot);
        if (m.connection !== undefined) controller.setConnection(m.connection);
        synced = true;
        for (const waiter of resumeWaiters.splice(0)) waiter(m.snapshot.messages.length > 0);
        return;
      case 'connection':
        if (role === 'follower' && synced) controller.setConnection(m.connection);
        return;
      case 'ping':
        if (role === 'leader') sendConnection();
        return;
      case 'snapshot-request':
        if (role === 'leader') sendSnapshot(m.from);
        return;
      case 'request':
        if (role === 'leader') onRequest(m);
        return;
      case 'response': {
        const p = m.to === tabId ? pending.get(m.id) : undefined;
        if (!p) return;
        pending.delete(m.id);
        if (m.error === undefined) p.resolve();
        else p.reject(new Error(`chatwire: the leader tab could not ${p.message.action}: ${m.error}`));
        return;
      }
      case 'leader':
        if (role !== 'follower') return;
        for (const p of pending.values()) post(p.message);
        if (!synced) post({ kind: 'chatwire-sync', type: 'snapshot-request', from: tabId });
        return;
    }
  };

  channel.addEventListener('message', (event) => {
    const m = event.data;
    if (disposed || !isSyncMessage(m) || m.from === tabId) return;
    onMessage(m);
    if (role === 'follower' && FROM_LEADER.has(m.type)) {
      leaderWatch.heard(m.type === 'connection' || (m.type === 'snapshot' && m.connection !== undefined && (m.to === undefined || m.to === tabId)));
    }
  });

  const goSolo = (e: unknown): void => {
    if (disposed) return;
    console.error(`chatwire: the Web Lock "${options.name}" failed, so this tab keeps its own connection:`, e);
    dropMirroredConnection();
    setRole('off');
    channel.close();
    for (const waiter of resumeWaiters.splice(0)) void controller.resume().then(waiter);
    for (const [id, p] of [...pending]) {
      pending.delete(id);
      void perform(p.message.action, p.message.text, p.message.body);
      p.resolve();
    }
  };

  const elect = (): Promise<void> =>
    options.locks.request(options.name, { ifAvailable: true }, (lock) => {
      if (disposed) return undefined;
      if (lock) {
        becomeLeader(false);
        return hold();
      }
      setRole('follower');
      post({ kind: 'chatwire-sync', type: 'snapshot-request', from: tabId });
      // Wait in line: when the leader's tab closes, this one may take over.
      options.locks
        .request(options.name, { signal: queueAbort.signal }, () => {
          if (disposed) return undefined;
          becomeLeader(true);
          return hold();
        })
        .catch((e: unknown) => {
          if (!queueAbort.signal.aborted) goSolo(e);
        });
      return undefined;
    });
  try {
    elect().catch(goSolo);
  } catch (e) {
    goSolo(e); // a lock manager that throws instead of rejecting
  }

  return {
    get role() {
      return role;
    },
    send: (text, sendOptions) =>
      byRole(
        () => controller.send(text, sendOptions),
        () => forward('send', text, sendOptions?.body),
      ),
    stop: () =>
      byRole(
        () => controller.stop(),
        () => forward('stop'),
      ),
    retry: () =>
      byRole(
        () => controller.retry(),
        () => forward('retry'),
      ),
    resume: (resumeOptions) =>
      byRole(
        () => controller.resume(resumeOptions),
        () =>
          new Promise<boolean>((resolve) => {
            // A follower that has the leader's conversation gets the rest live: nothing to resume.
            if (synced) return resolve(false);
            resumeWaiters.push(resolve);
            post({ kind: 'chatwire-sync', type: 'snapshot-request', from: tabId });
          }),
      ),
    dispose() {
      if (disposed) return;
      flush();
      disposed = true;
      leaderWatch.stop();
      unobserve();
      queueAbort.abort();
      release?.();
      channel.close();
      for (const waiter of resumeWaiters.splice(0)) waiter(false);
      resumeWaiters = [];
      for (const p of pending.values()) {
        p.reject(new Error(`chatwire: this tab's sync of "${options.name}" was disposed before the leader tab took the ${p.message.action}.`));
      }
      pending.clear();
    },
  };
}
