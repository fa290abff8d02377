import { createEventTooLargeError } from '../errors';
import { BatchReader } from './BatchReader';

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
  return new LineReader(body, options);
}

class LineReader extends BatchReader<string> {
  private pending = '';
  private skipLF = false;
  private readonly limit: number;

  constructor(body: ReadableStream<Uint8Array>, options: ReadLinesOptions) {
    super(body, options.signal, options.onChunk);
    this.limit = options.maxLineSize ?? 1_048_576;
  }

  protected process(text: string): void {
    let start = 0;
    if (this.skipLF) {
      // the previous chunk ended in CR: a LF here completes that CRLF
      if (text.charCodeAt(0) === 10) start = 1;
      this.skipLF = false;
    }
    const input = this.pending.length > 0 ? this.pending + text.slice(start) : text;
    if (this.pending.length > 0) start = 0;
    const length = input.length;
    let lineStart = start;
    for (let i = start; i < length; i++) {
      const c = input.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      if (i > lineStart) {
        if (i - lineStart > this.limit) throw createEventTooLargeError(this.limit, 'line');
        this.queue.push(input.slice(lineStart, i));
      }
      if (c === 13) {
        if (i + 1 < length) {
          if (input.charCodeAt(i + 1) === 10) i++;
        } else {
          this.skipLF = true;
        }
      }
      lineStart = i + 1;
    }
    this.pending = lineStart < length ? input.slice(lineStart) : '';
    if (this.pending.length > this.limit) {
      this.pending = '';
      throw createEventTooLargeError(this.limit, 'line');
    }
  }

  protected end(): void {
    if (this.pending.length > 0) this.queue.push(this.pending);
    this.pending = '';
  }
}
