import { readSSE } from '../../../src/core/sse/readSSE';
import type { ReadSSEOptions } from '../../../src/core/sse/ReadSSEOptions';
import type { SSEMessage } from '../../../src/core/sse/SSEMessage';

const encoder = new TextEncoder();

/** A body that delivers the given chunks (strings are UTF-8 encoded) then closes. */
export function bodyOf(chunks: readonly (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk === undefined) return controller.close();
      controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
    },
  });
}

export function bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Every way of cutting `data` in two, plus one byte per chunk. */
export function splits(data: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  for (let i = 1; i < data.length; i++) out.push([data.slice(0, i), data.slice(i)]);
  out.push(Array.from(data, (b) => Uint8Array.of(b)));
  return out;
}

export async function collect(
  chunks: readonly (string | Uint8Array)[],
  options?: ReadSSEOptions,
): Promise<SSEMessage[]> {
  const out: SSEMessage[] = [];
  for await (const m of readSSE(bodyOf(chunks), options)) out.push(m);
  return out;
}

/** Parses `input` whole, then at every split point and byte by byte; all must agree. */
export async function collectAllSplits(input: string | Uint8Array, options?: ReadSSEOptions): Promise<SSEMessage[]> {
  const data = typeof input === 'string' ? bytes(input) : input;
  const whole = await collect([data], options);
  for (const parts of splits(data)) {
    const got = await collect(parts, options);
    if (JSON.stringify(got) !== JSON.stringify(whole)) {
      throw new Error(
        `split into ${parts.map((p) => p.length).join('+')} bytes gave ${JSON.stringify(got)}, whole gave ${JSON.stringify(whole)}`,
      );
    }
  }
  return whole;
}

export const msg = (data: string, event = 'message', id = ''): SSEMessage => ({ event, data, id });
