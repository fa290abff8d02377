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

/** Events per script call at most. */
const MAX_BATCH = 512;

/**
 * Coalesces appends: every append of one conversation queued while that conversation's
 * previous write is in flight (or during the same tick) goes out in one script call, and
 * the calls of all conversations go out together (pipelined on the connection). Per
 * conversation one call at a time, in call order, so seqs follow call order; each
 * caller's promise resolves with its own seq (the batch's first seq + its place). A failed
 * write fails every append queued behind it too, so no event is written after a lost one.
 */
export class AppendBatcher {
  private readonly queues = new Map<string, Queue>();
  private queued = 0;
  private scheduled = false;

  constructor(
    /** Writes `jsons` in order; resolves with the first one's seq. */
    private readonly write: (conversationId: string, jsons: string[]) => Promise<number>,
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
      if (!queue.writing && !this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    for (const [conversationId, queue] of this.queues) {
      if (!queue.writing && queue.waiting.length > 0) this.send(conversationId, queue);
    }
  }

  private send(conversationId: string, queue: Queue): void {
    const batch = queue.waiting.splice(0, MAX_BATCH);
    this.queued -= batch.length;
    queue.writing = true;
    this.write(conversationId, batch.map((w) => w.json)).then(
      (first) => batch.forEach((w, i) => w.resolve(first + i)),
      (error: unknown) => {
        // What was queued behind a failed write fails too: no later event after a lost one.
        const behind = queue.waiting.splice(0);
        this.queued -= behind.length;
        for (const w of [...batch, ...behind]) w.reject(error);
      },
    ).finally(() => {
      queue.writing = false;
      if (queue.waiting.length > 0) this.send(conversationId, queue);
      else if (this.queues.get(conversationId) === queue) this.queues.delete(conversationId);
    });
  }
}
