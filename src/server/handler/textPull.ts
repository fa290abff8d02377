/** Where a body that offers its text directly writes it (see {@link textPullOf}). */
export interface TextOut {
  enqueue(chunk: string | Uint8Array): void;
  close(): void;
  error(error: Error): void;
  /**
   * Present when the output also takes `enqueue` between pulls (a socket): while a pull
   * waits for the next event, the body writes live events at once instead of waking it.
   * `true` once a write was refused (the buffer is full): the body then ends the waiting
   * pull, so the adapter waits for `drain` before the next.
   */
  full?: () => boolean;
}

/** Writes the body's next chunk to `out` (waiting until there is one), or ends it. */
export type TextPull = (out: TextOut) => Promise<void>;

const TEXT_PULL = Symbol('chatwire.textPull');

/**
 * Lets an adapter read `body` without the web-stream machinery per chunk: the Node adapter
 * pulls its chunks as strings or shared bytes and writes them to the socket. The body stays
 * a normal `ReadableStream` for every other runtime.
 */
export function offerText(body: ReadableStream<Uint8Array>, pull: TextPull): void {
  Object.defineProperty(body, TEXT_PULL, { value: pull });
}

/** The direct text pull `body` offers, when nobody has started reading it; else `undefined`. */
export function textPullOf(body: ReadableStream<Uint8Array>): TextPull | undefined {
  if (body.locked) return undefined;
  return (body as unknown as Record<symbol, TextPull | undefined>)[TEXT_PULL];
}
