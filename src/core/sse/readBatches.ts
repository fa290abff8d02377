import { createNetworkError } from '../errors';

const STREAM: TextDecodeOptions = { stream: true };

/** What {@link readBatches} hands the decoded text to: it pushes finished items. */
export interface BatchSplitter {
  /** Handles one decoded chunk, pushing finished items. May throw. */
  feed(text: string): void;
  /** Called once at the end of the body, after the decoder was flushed. May push, may throw. */
  end?(): void;
}

/** The async iterator {@link readBatches} returns. */
export interface BatchIterator<T> extends AsyncIterableIterator<T> {
  /** Cancels and releases the body; iteration then ends quietly. */
  return(): Promise<IteratorResult<T>>;
  /** The item `next()` returned most recently, if any. */
  last(): T | undefined;
}

/**
 * Internal base of `readSSE`, `readLines` and `decodeChatStream`: reads a byte stream,
 * decodes it as streaming UTF-8 (a character split across chunks is decoded once; one
 * leading BOM is dropped by `TextDecoder`), hands each decoded chunk to the splitter made by
 * `start`, and serves the items it pushed one by one. Items are produced per chunk, so the
 * async-iterator cost is one resolved promise per item, not one `await reader.read()`.
 * Items completed before a failure (`event_too_large`, a broken body) are delivered, then
 * it is thrown.
 *
 * Aborting `signal` or calling `return()` cancels the reader; iteration then ends quietly.
 */
// Over 80 lines: an iterator factory whose state (queue, decoder, reader) its named steps
// share: release, fill, feed, each under 30 lines.
export function readBatches<T>(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal | undefined,
  onChunk: ((byteLength: number) => void) | undefined,
  start: (push: (item: T) => void) => BatchSplitter,
): BatchIterator<T> {
  // Items of the current chunk; replaced (not truncated) when served.
  let queue: T[] = [];
  let head = 0;
  let finished = false;
  let failure: unknown;
  let previous: T | undefined;
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const splitter = start((item) => {
    queue.push(item);
  });
  const done = (): IteratorResult<T> => ({ done: true, value: undefined });
  const served = (): IteratorResult<T> => ({ done: false, value: queue[head++] as T });
  const onAbort = (): void => {
    void release();
  };
  const detach = (): void => signal?.removeEventListener('abort', onAbort);
  /** Forgets the served items, keeping the last one for `last()`. */
  const drop = (): void => {
    if (head > 0) previous = queue[head - 1];
    if (queue.length > 0) queue = [];
    head = 0;
  };

  async function release(): Promise<void> {
    if (finished) return;
    finished = true;
    drop();
    detach();
    try {
      await reader.cancel();
    } catch {
      // the stream already errored; nothing left to release
    }
    try {
      reader.releaseLock();
    } catch {
      // a read is still settling; cancel() already ended the stream
    }
  }

  async function fill(): Promise<IteratorResult<T>> {
    drop();
    for (;;) {
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        await release();
        throw error;
      }
      if (finished) return done();
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        if (finished || signal?.aborted) {
          finished = true;
          detach();
          return done();
        }
        failure = createNetworkError(error, undefined, 'The response body broke off mid-stream');
        continue;
      }
      if (finished) return done();
      feed(result);
      if (queue.length > 0) return served();
    }
  }

  /** Decodes one read into the splitter (the end of the body flushes and ends it). */
  function feed(result: ReadableStreamReadResult<Uint8Array>): void {
    try {
      if (result.done) {
        const tail = decoder.decode();
        if (tail) splitter.feed(tail);
        splitter.end?.();
        detach();
        finished = true;
      } else {
        onChunk?.(result.value.byteLength);
        const text = decoder.decode(result.value, STREAM);
        if (text) splitter.feed(text);
      }
    } catch (error) {
      // items completed before the failure are still delivered, then it is thrown
      failure = error;
    }
  }

  if (signal) {
    if (signal.aborted) void release();
    else signal.addEventListener('abort', onAbort, { once: true });
  }

  return {
    next: () => (head < queue.length ? Promise.resolve(served()) : fill()),
    return: async () => {
      await release();
      return done();
    },
    last: () => (head > 0 ? queue[head - 1] : previous),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
