/** A stream replaying the bytes already read, then the rest of the original. */
function replay(reader: ReadableStreamDefaultReader<Uint8Array>, chunks: Uint8Array[], done: boolean): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = chunks.shift();
      if (next !== undefined) return controller.enqueue(next);
      if (done) return controller.close();
      const result = await reader.read();
      if (result.done) controller.close();
      else controller.enqueue(result.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * Reads the first characters of `body` (at least `minChars` after a BOM, or all of a
 * shorter body) and returns them with a stream that still yields every byte.
 */
export async function peekStream(
  body: ReadableStream<Uint8Array>,
  minChars: number,
  signal?: AbortSignal,
): Promise<{ head: string; body: ReadableStream<Uint8Array> }> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const chunks: Uint8Array[] = [];
  let head = '';
  let done = false;
  const onAbort = (): void => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    while (head.length < minChars && !signal?.aborted) {
      const result = await reader.read();
      if (result.done) {
        done = true;
        break;
      }
      chunks.push(result.value);
      head += decoder.decode(result.value, { stream: true });
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return { head, body: replay(reader, chunks, done) };
}
