import { createNetworkError } from '../errors';

const STREAM: TextDecodeOptions = { stream: true };

/**
 * Internal base of {@link readSSE} and {@link readLines}: reads a byte stream, decodes it
 * as streaming UTF-8 (a character split across chunks is decoded once; one leading BOM is
 * dropped by `TextDecoder`), hands each decoded chunk to `process`, and serves the items
 * it queued one by one. Items are produced per chunk, so the async-iterator cost is one
 * resolved promise per item, not one `await reader.read()`.
 *
 * Aborting `signal` or calling `return()` cancels the reader; iteration then ends quietly.
 */
export abstract class BatchReader<T> implements AsyncIterableIterator<T> {
  /** Items of the current chunk; replaced (not truncated) when served, so push through `this.queue`. */
  protected queue: T[] = [];
  private head = 0;
  private finished = false;
  private failure: unknown = undefined;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly signal: AbortSignal | undefined;
  private readonly onChunk: ((byteLength: number) => void) | undefined;
  private readonly onAbort = (): void => {
    void this.release();
  };

  protected constructor(
    body: ReadableStream<Uint8Array>,
    signal: AbortSignal | undefined,
    onChunk: ((byteLength: number) => void) | undefined,
  ) {
    this.reader = body.getReader();
    this.signal = signal;
    this.onChunk = onChunk;
    if (signal) {
      if (signal.aborted) void this.release();
      else signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  /** Handles one decoded chunk, pushing finished items to `queue`. May throw. */
  protected abstract process(text: string): void;

  /** Called once at the end of the body, after the decoder was flushed. */
  protected abstract end(): void;

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.queue.length) {
      const value = this.queue[this.head++] as T;
      return Promise.resolve({ done: false, value });
    }
    return this.fill();
  }

  async return(): Promise<IteratorResult<T>> {
    await this.release();
    return { done: true, value: undefined };
  }

  /** The item `next()` returned most recently, if any. */
  protected lastDelivered(): T | undefined {
    return this.head > 0 ? this.queue[this.head - 1] : this.previous;
  }

  private previous: T | undefined = undefined;

  private async fill(): Promise<IteratorResult<T>> {
    if (this.head > 0) this.previous = this.queue[this.head - 1];
    if (this.queue.length > 0) this.queue = [];
    this.head = 0;
    for (;;) {
      if (this.failure !== undefined) {
        const failure = this.failure;
        this.failure = undefined;
        await this.release();
        throw failure;
      }
      if (this.finished) return { done: true, value: undefined };
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await this.reader.read();
      } catch (error) {
        if (this.finished || this.signal?.aborted) return this.stop();
        this.failure = createNetworkError(error, undefined, 'The response body broke off mid-stream');
        continue;
      }
      if (this.finished) return { done: true, value: undefined };
      try {
        if (result.done) {
          const tail = this.decoder.decode();
          if (tail) this.process(tail);
          this.end();
          this.detach();
          this.finished = true;
        } else {
          this.onChunk?.(result.value.byteLength);
          const text = this.decoder.decode(result.value, STREAM);
          if (text) this.process(text);
        }
      } catch (error) {
        // messages completed before the failure are still delivered, then it is thrown
        this.failure = error;
      }
      if (this.queue.length > 0) {
        const value = this.queue[this.head++] as T;
        return { done: false, value };
      }
    }
  }

  private stop(): IteratorResult<T> {
    this.finished = true;
    this.detach();
    return { done: true, value: undefined };
  }

  private detach(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
  }

  private async release(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (this.head > 0) this.previous = this.queue[this.head - 1];
    this.queue = [];
    this.head = 0;
    this.detach();
    try {
      await this.reader.cancel();
    } catch {
      // the stream already errored; nothing left to release
    }
    try {
      this.reader.releaseLock();
    } catch {
      // a read is still settling; cancel() already ended the stream
    }
  }
}
