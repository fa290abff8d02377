import { createEventTooLargeError } from '../errors';
import { DEFAULT_MAX_EVENT_SIZE } from './defaultMaxEventSize';
import { LineSplitter } from './LineSplitter';
import { readBatches } from './readBatches';

/** Options of {@link readLines}. */
export interface ReadLinesOptions {
  /**
   * Longest line, in characters. Past it, iteration throws a `ChatwireError` with code
   * `event_too_large`; memory stays bounded by this limit plus one network chunk.
   * @defaultValue 1048576 (1 MiB)
   */
  maxLineSize?: number;
  /** Called for every network chunk received (liveness), with its size. */
  onChunk?: (byteLength: number) => void;
  /** Aborting cancels the body's reader and ends the iteration quietly. */
  signal?: AbortSignal;
}

/**
 * Reads a newline-delimited text body (line protocols such as the Vercel AI SDK data
 * stream, `0:"text"\n`) into lines, without their line ends. LF, CR and CRLF end a line
 * (a CRLF split across chunks is one line end); UTF-8 is decoded across chunks; one
 * leading BOM is dropped. Empty lines are skipped. A last line without a line end is
 * still yielded.
 *
 * @example
 * ```ts
 * for await (const line of readLines(res.body!)) {
 *   if (line.startsWith('0:')) append(JSON.parse(line.slice(2)));
 * }
 * ```
 */
export function readLines(body: ReadableStream<Uint8Array>, options: ReadLinesOptions = {}): AsyncIterableIterator<string> {
  const limit = options.maxLineSize ?? DEFAULT_MAX_EVENT_SIZE;
  return readBatches(body, options.signal, options.onChunk, (push: (line: string) => void) =>
    new LineSplitter(limit, push, () => createEventTooLargeError(limit, 'line')),
  );
}
