import type { ChatEvent } from '../../core/events';
import { toError } from '../../core/messageOf';
import { encodeChatEvent } from '../../core/protocols/encodeChatEvent';
import { frameOf } from '../store/eventFrames';
import { isTerminalEvent } from '../../core/session/phases';
import type { ConversationStore } from '../store/ConversationStore';
import type { StoredEvent } from '../types';
import { StoreError } from '../store/StoreError';
import { HttpError } from './HttpError';
import { offerText, type TextOut } from './textPull';

/** Options of {@link createLogStream}. */
export interface LogStreamOptions {
  /**
   * Reads and subscriptions: the store itself, not the routes' guarded one. A stream in
   * flight waits out a slow store (a paused Redis); it ends with `store_unavailable` when
   * the store fails, or when its subscription breaks while it waits for a read.
   */
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
  /**
   * Encoded events held for a client that reads slower than the log grows, in bytes. Past
   * it they are dropped and read again from the store, by seq, as the client catches up.
   */
  maxBufferedBytes: number;
  /** Fault: error the stream (drop the connection) after this many events. */
  dropAfterEvents?: number;
  /** The request's signal: aborting it ends the stream. */
  signal?: AbortSignal;
  /** Called once when the stream starts listening and once when it stops. */
  onAttach?: () => void;
  onDetach?: () => void;
  /** Called exactly once when the stream has ended, however it ended. */
  onEnd?: () => void;
}


/** Events read from the store per catch-up read. */
const PAGE = 256;

interface Frame {
  seq: number;
  text: string;
  close: boolean;
}

const utf8 = new TextEncoder();

/**
 * An SSE body (chatwire protocol) that is one subscriber of a conversation's log: it
 * replays after `afterSeq`, then follows live. A client that goes away only ends this
 * subscription, never the generation.
 *
 * Bounded: it holds at most `maxBufferedBytes` of encoded events for a slow client; past
 * that it drops them and, as the client reads, reads on from the store after the last seq
 * it wrote. When the store no longer has the next seq (trimmed by `maxEventsPerLog`, or
 * expired) it writes a `reset` event and ends: the client reloads the history and resumes
 * from there, never across a silent gap. When the store fails (its subscription breaks, a
 * read fails) it writes an `error` with code `store_unavailable` (empty `id:`: it is not
 * part of the log) and ends.
 */
// Over 80 lines: one ReadableStream whose pull, cancel and subscription callbacks share the cursor, the byte budget and the end state; each step (replay, live, catch-up read, reset, store failure) is a named inner function.
export function createLogStream(options: LogStreamOptions): ReadableStream<Uint8Array> {
  const encoder = utf8;
  const { store, conversationId } = options;
  let pending: Frame[] = [];
  let pendingBytes = 0;
  let failure: Error | undefined;
  /** Resolves when the subscription breaks: a read in progress is not waited for then. */
  let broken!: () => void;
  const brokenOff = new Promise<'broken'>((resolve) => (broken = () => resolve('broken')));
  let wake: (() => void) | undefined;
  /**
   * The output a pull is parked on, waiting for the next event, when it takes writes
   * between pulls (`TextOut.full`): a live event is written to it at once, without waking
   * the pull (the usual live case: no queue, no promise per event and connection).
   */
  let parked: TextOut | undefined;
  /** A direct write filled the output: the parked pull returns, so its adapter waits for `drain`. */
  let yieldForDrain = false;
  let unsubscribe: (() => void) | undefined;
  let finished = false;
  let attached = false;
  let sent = 0;
  /** Seq of the last event written out, and of the last one queued (>= written). */
  let lastSent = options.afterSeq;
  let lastQueued = options.afterSeq;
  /** Live events are not queued: the next ones are read from the store (after an overflow or a gap). */
  let fromStore = false;
  /** The highest seq that arrived live while `fromStore` (and so was not queued). */
  let missedUpTo = 0;
  let live = options.liveAfter === undefined;
  /** `: live` once the replay up to `liveAfter` has been written, else nothing. */
  const liveMarker = (): string => {
    if (live || lastSent < (options.liveAfter as number)) return '';
    live = true;
    return ': live\n\n';
  };

  /**
   * One heartbeat timer per stream, re-armed only when it fires (not per event): a `: ping`
   * is due when nothing was written for `heartbeatMs`.
   */
  let lastWriteAt = Date.now();
  let pingDue = false;
  let heartbeat: ReturnType<typeof setTimeout> | undefined;
  const armHeartbeat = (delay: number): void => {
    heartbeat = setTimeout(() => {
      const quiet = Date.now() - lastWriteAt;
      if (quiet >= options.heartbeatMs) {
        pingDue = true;
        notify();
        armHeartbeat(options.heartbeatMs);
      } else armHeartbeat(options.heartbeatMs - quiet);
    }, delay);
    (heartbeat as { unref?: () => void }).unref?.();
  };
  armHeartbeat(options.heartbeatMs);

  const notify = (): void => {
    parked = undefined;
    const w = wake;
    wake = undefined;
    w?.();
  };
  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(heartbeat);
    unsubscribe?.();
    options.signal?.removeEventListener('abort', onAbort);
    if (attached) options.onDetach?.();
    options.onEnd?.();
    notify();
  };
  const onAbort = (): void => finish();

  const queue = (stored: StoredEvent): void => {
    const text = frameOf(stored);
    pending.push({ seq: stored.seq, text, close: shouldClose(options.closeAt, stored) });
    pendingBytes += text.length;
    lastQueued = stored.seq;
  };

  const onEvent = (stored: StoredEvent): void => {
    if (finished || stored.seq <= lastQueued) return;
    if (fromStore) {
      missedUpTo = Math.max(missedUpTo, stored.seq);
      return;
    }
    if (stored.seq !== lastQueued + 1) {
      // A gap: read it from the store (it may be there; if it was trimmed, that says so).
      fromStore = true;
    } else if (parked && live && pending.length === 0 && options.dropAfterEvents === undefined) {
      return writeNow(parked, stored);
    } else {
      queue(stored);
      if (pendingBytes > options.maxBufferedBytes) {
        // The client is slow: let go of what it has not taken; the store has it.
        pending = [];
        pendingBytes = 0;
        lastQueued = lastSent;
        fromStore = true;
      }
    }
    notify();
  };

  /** Writes the next event to the parked output, as `step` would have after waking (nothing is queued before it). */
  const writeNow = (out: TextOut, stored: StoredEvent): void => {
    lastQueued = stored.seq;
    lastSent = stored.seq;
    sent++;
    write(out, frameOf(stored));
    if (shouldClose(options.closeAt, stored)) finish(); // the woken pull closes the output
    else if ((out.full as () => boolean)()) {
      yieldForDrain = true;
      notify();
    }
  };

  /** Reads the next page after `lastQueued` from the store; a gap there means events are gone. */
  const readFromStore = async (): Promise<'reset' | 'ok'> => {
    let page = await store.readAfter(conversationId, lastQueued, PAGE);
    if (page.length === 0) {
      // Nothing after the cursor: caught up, unless the counter says events were appended
      // (read again: what the counter counts was appended before this second read).
      if ((await store.lastSeq(conversationId)) <= lastQueued) {
        if (missedUpTo <= lastQueued) fromStore = false;
        return 'ok';
      }
      page = await store.readAfter(conversationId, lastQueued, PAGE);
    }
    if (finished) return 'ok';
    if (page.length === 0) return 'reset';
    for (const stored of page) {
      if (stored.seq !== lastQueued + 1) return 'reset';
      queue(stored);
      // Held to the bound: the rest is read when the client has taken these.
      if (pendingBytes > options.maxBufferedBytes) return 'ok';
    }
    if (page.length < PAGE && missedUpTo <= lastQueued) fromStore = false;
    return 'ok';
  };

  const start = async (): Promise<void> => {
    if (options.signal?.aborted) return finish();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    attached = true;
    options.onAttach?.();
    try {
      const stop = await store.subscribe(conversationId, options.afterSeq, {
        onEvent,
        onError: (error) => {
          failure = error;
          broken();
          notify();
        },
      });
      if (finished) stop();
      else unsubscribe = stop;
      // Events the log had at the request that the replay did not bring: check the store.
      if (options.liveAfter !== undefined && lastQueued < options.liveAfter) fromStore = true;
    } catch (error) {
      failure = toError(error);
    }
  };

  /** Writes the next chunk to `out` (waiting until there is one), or ends it. */
  const step = async (out: TextOut): Promise<void> => {
    // Loops until it has something to write: a pull that enqueues nothing is not called again.
    for (let emptyReads = 0; ; ) {
      const marker = liveMarker();
      if (marker) return write(out, marker);
      while (!finished && pending.length === 0 && !failure && !fromStore && !yieldForDrain) {
        if (pingDue) return write(out, ': ping\n\n');
        if (out.full) parked = out; // until a wake-up (notify) clears it
        await new Promise<void>((resolve) => (wake = resolve));
      }
      if (finished) return out.close();
      if (yieldForDrain) {
        yieldForDrain = false;
        return;
      }
      if (pending.length > 0 || failure || !fromStore) break;
      let outcome: 'reset' | 'ok' | 'broken';
      try {
        outcome = await Promise.race([readFromStore(), brokenOff]);
      } catch (error) {
        outcome = 'ok';
        failure = toError(error);
      }
      if (finished) return out.close();
      // Events announced live that the store does not have (read again, a few times): it lost them.
      if (outcome === 'ok' && pending.length === 0 && !failure && fromStore && ++emptyReads >= 3) outcome = 'reset';
      if (outcome === 'reset') {
        const last = await store.lastSeq(conversationId).catch(() => lastQueued);
        out.enqueue(resetFrame(lastSent, last));
        finish();
        return out.close();
      }
    }
    if (failure && pending.length === 0) {
      out.enqueue(storeErrorFrame(failure));
      finish();
      return out.close();
    }
    if (options.dropAfterEvents !== undefined && sent >= options.dropAfterEvents) {
      finish();
      return out.error(new Error(`chatwire fault injection: connection dropped after ${sent} events.`));
    }
    let text = '';
    let close = false;
    let taken = 0;
    for (const frame of pending) {
      if (options.dropAfterEvents !== undefined && sent >= options.dropAfterEvents) break;
      taken++;
      lastSent = frame.seq;
      pendingBytes -= frame.text.length;
      text += frame.text + liveMarker();
      sent++;
      if (frame.close) {
        close = true;
        break;
      }
    }
    pending = taken === pending.length ? [] : pending.slice(taken);
    if (text) write(out, text);
    if (close) {
      finish();
      out.close();
    }
  };

  const started = start();
  let web: TextOut | undefined;
  // highWaterMark 0: nothing is pulled before a read, so a Node adapter can take the text
  // instead (textPullOf) and the web stream stays untouched.
  const stream = new ReadableStream<Uint8Array>(
    {
      start: () => started,
      pull(controller) {
        web ??= {
          enqueue: (chunk) => controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk),
          close: () => controller.close(),
          error: (error) => controller.error(error),
        };
        return step(web);
      },
      cancel() {
        finish();
      },
    },
    { highWaterMark: 0 },
  );
  offerText(stream, async (out) => {
    await started;
    return step(out);
  });
  return stream;

  /** Writes `chunk` and restarts the heartbeat's count. */
  function write(out: TextOut, chunk: string | Uint8Array): void {
    lastWriteAt = Date.now();
    pingDue = false;
    out.enqueue(chunk);
  }
}

function shouldClose(closeAt: LogStreamOptions['closeAt'], stored: StoredEvent): boolean {
  if (closeAt === null) return false;
  if ('seq' in closeAt) return stored.seq >= closeAt.seq;
  return stored.seq >= closeAt.terminalFrom && isTerminalEvent(stored.event);
}

/**
 * `reset`: the events after `afterSeq` are no longer in the log (up to `lastSeq` now). Not
 * part of the log (no `id`): the client reloads the history, then resumes from its `lastSeq`.
 */
function resetFrame(afterSeq: number, lastSeq: number): string {
  return `event: reset\ndata: ${JSON.stringify({ reason: 'events_trimmed', afterSeq, lastSeq })}\n\n`;
}

/**
 * The `error` that ends a subscriber whose store failed; an empty `id:` keeps it out of the
 * log's seqs. Errors the chat server wrote itself keep their code and words; any other
 * (a driver's) is told as `store_unavailable` without its internals.
 */
function storeErrorFrame(failure: Error): string {
  const own = failure instanceof HttpError || failure instanceof StoreError;
  const code = own ? failure.code : 'store_unavailable';
  const message = own
    ? failure.message
    : 'The conversation store became unavailable, so this stream cannot go on. The answer may be incomplete: retry in a moment.';
  return encodeChatEvent({ type: 'error', code, message, retryable: true }, '');
}
