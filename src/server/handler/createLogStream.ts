import type { ChatEvent } from '../../core/events';
import { encodeChatEvent } from '../../core/protocols/encodeChatEvent';
import type { ConversationStore } from '../store/ConversationStore';
import type { StoredEvent } from '../types';

/** Options of {@link createLogStream}. */
export interface LogStreamOptions {
  store: ConversationStore;
  conversationId: string;
  /** Replay strictly after this seq, then follow live. */
  afterSeq: number;
  /**
   * When to end the response: after a terminal event (`done`, `cancelled`, fatal `error`)
   * whose seq is at least `terminalFrom` (a generation in flight), after the event with
   * seq `seq` or later (replaying a finished log), or never (`null`, follow mode).
   */
  closeAt: { terminalFrom: number } | { seq: number } | null;
  /** A `: ping` comment after this many ms without anything sent. */
  heartbeatMs: number;
  /**
   * The log's last seq when the subscription began: once everything up to it is written
   * (at once when `afterSeq` is already there), a `: live` comment follows, so a resuming
   * client knows the replay is over and what comes next is live. Omitted: no marker.
   */
  liveAfter?: number;
  /** Fault: error the stream (drop the connection) after this many events. */
  dropAfterEvents?: number;
  /** The request's signal: aborting it ends the stream. */
  signal?: AbortSignal;
  /** Called once when the stream starts listening and once when it stops. */
  onAttach?: () => void;
  onDetach?: () => void;
}

/** Whether an event ends a generation. */
export function isTerminal(event: ChatEvent): boolean {
  return event.type === 'done' || event.type === 'cancelled' || (event.type === 'error' && event.fatal !== false);
}

/**
 * An SSE body (chatwire protocol) that is one subscriber of a conversation's log: it
 * replays after `afterSeq`, then follows live. Pull-based: events wait in the log, not in
 * the socket, while the client is slow. A client that goes away only ends this
 * subscription, never the generation.
 */
export function createLogStream(options: LogStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pending: StoredEvent[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let unsubscribe: (() => void) | undefined;
  let finished = false;
  let attached = false;
  let sent = 0;
  let lastSent = options.afterSeq;
  let live = options.liveAfter === undefined;
  /** `: live` once the replay up to `liveAfter` has been written, else nothing. */
  const liveMarker = (): string => {
    if (live || lastSent < (options.liveAfter as number)) return '';
    live = true;
    return ': live\n\n';
  };

  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const finish = (): void => {
    if (finished) return;
    finished = true;
    unsubscribe?.();
    options.signal?.removeEventListener('abort', onAbort);
    if (attached) options.onDetach?.();
    notify();
  };
  const onAbort = (): void => finish();

  return new ReadableStream<Uint8Array>(
    {
      async start() {
        if (options.signal?.aborted) return finish();
        options.signal?.addEventListener('abort', onAbort, { once: true });
        attached = true;
        options.onAttach?.();
        try {
          const stop = await options.store.subscribe(options.conversationId, options.afterSeq, {
            onEvent: (stored) => {
              pending.push(stored);
              notify();
            },
            onError: (error) => {
              failure = error;
              notify();
            },
          });
          if (finished) stop();
          else unsubscribe = stop;
        } catch (error) {
          failure = error instanceof Error ? error : new Error(String(error));
        }
      },

      async pull(controller) {
        const marker = liveMarker();
        if (marker) return controller.enqueue(encoder.encode(marker));
        while (!finished && pending.length === 0 && !failure) {
          const idle = await waitForEvent(options.heartbeatMs);
          if (idle && !finished && pending.length === 0 && !failure) {
            controller.enqueue(encoder.encode(': ping\n\n'));
            return;
          }
        }
        if (finished) return controller.close();
        if (failure && pending.length === 0) {
          finish();
          return controller.error(failure);
        }
        if (options.dropAfterEvents !== undefined && sent >= options.dropAfterEvents) {
          finish();
          return controller.error(new Error(`chatwire fault injection: connection dropped after ${sent} events.`));
        }
        let text = '';
        let close = false;
        while (pending.length > 0) {
          if (options.dropAfterEvents !== undefined && sent >= options.dropAfterEvents) break;
          const stored = pending.shift() as StoredEvent;
          if (stored.seq <= lastSent) continue;
          lastSent = stored.seq;
          text += encodeChatEvent(stored.event, stored.seq) + liveMarker();
          sent++;
          if (shouldClose(options.closeAt, stored)) {
            close = true;
            break;
          }
        }
        if (text) controller.enqueue(encoder.encode(text));
        if (close) {
          finish();
          controller.close();
        }
      },

      cancel() {
        finish();
      },
    },
    { highWaterMark: 1 },
  );

  function waitForEvent(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve(true);
      }, ms);
      wake = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });
  }
}

function shouldClose(closeAt: LogStreamOptions['closeAt'], stored: StoredEvent): boolean {
  if (closeAt === null) return false;
  if ('seq' in closeAt) return stored.seq >= closeAt.seq;
  return stored.seq >= closeAt.terminalFrom && isTerminal(stored.event);
}
