import { StoreError } from '../store/StoreError';

/** One append waiting for its seq. */
interface Waiting {
  json: string;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
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
    /** Writes the batches (each in order); per batch, a promise of its first event's seq. */
    private readonly write: (batches: readonly AppendBatch[]) => Promise<number>[],
    private readonly maxQueued: number,
  ) {}

  append(conversationId: string, json: string): Promise<number> {
    if (this.queued >= this.maxQueued) {
      return Promise.reject(
        new StoreError('store_unavailable', `The Redis store has ${this.queued} appends waiting (maxQueuedAppends ${this.maxQueued}): Redis is not keeping up.`),
      );
    }
    return new Promise<number>((resolve, reject) => {
      let queue = this.queues.get(conversationId);
      if (!queue) {
        queue = { waiting: [], writing: false };
        this.queues.set(conversationId, queue);
      }
      queue.waiting.push({ json, resolve, reject });
      this.queued++;
      if (!queue.writing) this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const ids: string[] = [];
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
      taken.push(batch);
      batches.push({ conversationId, jsons: batch.map((w) => w.json) });
    }
    if (batches.length === 0) return;
    this.queued -= events;
    const written = this.write(batches);
    for (let i = 0; i < batches.length; i++) this.settle(ids[i] as string, taken[i] as Waiting[], written[i] as Promise<number>);
  }

  private settle(conversationId: string, batch: Waiting[], written: Promise<number>): void {
    const queue = this.queues.get(conversationId) as Queue;
    written.then(
      (first) => {
        for (let i = 0; i < batch.length; i++) (batch[i] as Waiting).resolve(first + i);
      },
      (error: unknown) => {
        // What was queued behind a failed write fails too: no later event after a lost one.
        const behind = queue.waiting.splice(0);
        this.queued -= behind.length;
        for (const w of batch) w.reject(error);
        for (const w of behind) w.reject(error);
      },
    ).finally(() => {
      queue.writing = false;
      if (queue.waiting.length > 0) this.schedule();
      else if (this.queues.get(conversationId) === queue) this.queues.delete(conversationId);
    });
  }
}
