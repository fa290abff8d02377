import type { ChatEvent } from '../../core/events';
import { StoreError } from '../store/StoreError';

/** Told once how an append went: `(null, seq)` when written, `(error, 0)` when not. */
export type AppendDone = (error: unknown, seq: number) => void;

/** One append waiting for its seq. */
interface Waiting {
  json: string;
  /** The event `json` encodes (the store's own subscribers take its echo as this object). */
  event: ChatEvent;
  done: AppendDone;
}

interface Queue {
  waiting: Waiting[];
  /** A write of this conversation is in flight (the next one waits for it: order). */
  writing: boolean;
}

/** One conversation's share of a write: its events, in call order. */
export interface AppendBatch {
  conversationId: string;
  jsons: string[];
  /** The events `jsons` encode (same places). */
  events: ChatEvent[];
}

/** How a write tells the outcome of its batch `i` (each batch once). */
export interface BatchSettler {
  /** Batch `i` was written; its first event got seq `first`. */
  written(i: number, first: number): void;
  /** Batch `i` was not written (or may not have been). */
  failed(i: number, error: unknown): void;
}

/** Events of one conversation per write at most. */
const MAX_BATCH = 512;
/** Events of all conversations per write at most (the rest go in the next one). */
const MAX_WRITE = 8192;

/**
 * Coalesces appends across conversations: every append queued during one turn of the
 * event loop (or while its conversation's previous write is in flight) goes out in one
 * write with those of every other conversation that has events waiting, at the end of
 * that turn (`setImmediate`). Per conversation one write at a time, in call order, so seqs
 * follow call order; each caller's promise resolves with its own seq (its batch's first
 * seq + its place). A failed batch fails every append of that conversation queued behind
 * it too, so no event is written after a lost one; other conversations are not touched.
 */
export class AppendBatcher {
  private readonly queues = new Map<string, Queue>();
  private queued = 0;
  private scheduled = false;

  constructor(
    /** Writes the batches (each in order) and tells `settle` each one's outcome (no promise per batch). */
    private readonly write: (batches: readonly AppendBatch[], settle: BatchSettler) => void,
    private readonly maxQueued: number,
  ) {}

  /** Queues `event`, encoded as `json`, for `conversationId`; `done` is told the outcome (at once when too many wait). */
  enqueue(conversationId: string, json: string, event: ChatEvent, done: AppendDone): void {
    if (this.queued >= this.maxQueued) {
      return tell(done, new StoreError('store_unavailable', `The Redis store has ${this.queued} appends waiting (maxQueuedAppends ${this.maxQueued}): Redis is not keeping up.`), 0);
    }
    let queue = this.queues.get(conversationId);
    if (!queue) {
      queue = { waiting: [], writing: false };
      this.queues.set(conversationId, queue);
    }
    queue.waiting.push({ json, event, done });
    this.queued++;
    if (!queue.writing) this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const ids: string[] = [];
    const writing: Queue[] = [];
    const taken: Waiting[][] = [];
    const batches: AppendBatch[] = [];
    let events = 0;
    for (const [conversationId, queue] of this.queues) {
      if (queue.writing || queue.waiting.length === 0) continue;
      if (events >= MAX_WRITE) {
        this.schedule();
        break;
      }
      const batch = queue.waiting.splice(0, MAX_BATCH);
      queue.writing = true;
      events += batch.length;
      ids.push(conversationId);
      writing.push(queue);
      taken.push(batch);
      const jsons: string[] = [];
      const objects: ChatEvent[] = [];
      for (const w of batch) {
        jsons.push(w.json);
        objects.push(w.event);
      }
      batches.push({ conversationId, jsons, events: objects });
    }
    if (batches.length === 0) return;
    this.queued -= events;
    const settled: boolean[] = [];
    const once = (i: number): Queue | undefined => {
      if (settled[i]) return undefined;
      settled[i] = true;
      return writing[i];
    };
    const settle: BatchSettler = {
      written: (i, first) => {
        const queue = once(i);
        if (!queue) return;
        const batch = taken[i] as Waiting[];
        for (let k = 0; k < batch.length; k++) tell((batch[k] as Waiting).done, null, first + k);
        this.release(ids[i] as string, queue);
      },
      failed: (i, error) => {
        const queue = once(i);
        if (!queue) return;
        // What was queued behind a failed write fails too: no later event after a lost one.
        const behind = queue.waiting.splice(0);
        this.queued -= behind.length;
        for (const w of taken[i] as Waiting[]) tell(w.done, error, 0);
        for (const w of behind) tell(w.done, error, 0);
        this.release(ids[i] as string, queue);
      },
    };
    try {
      this.write(batches, settle);
    } catch (error) {
      for (let i = 0; i < batches.length; i++) settle.failed(i, error);
    }
  }

  /** The conversation's write is over: the next one may go (or its queue goes). */
  private release(conversationId: string, queue: Queue): void {
    queue.writing = false;
    if (queue.waiting.length > 0) this.schedule();
    else if (this.queues.get(conversationId) === queue) this.queues.delete(conversationId);
  }
}

/** Calls `done`; one that throws does not stop the others of its batch (nor the batcher). */
function tell(done: AppendDone, error: unknown, seq: number): void {
  try {
    done(error, seq);
  } catch {
    // The caller's own failure: the append's outcome was told.
  }
}
