/** Where a {@link LineSplitter} hands each complete line, synchronously. */
export type LineSink = (line: string) => void;

/**
 * Internal, synchronous core of {@link readLines}: decoded text in, lines out (without
 * their line ends), handed to `sink` as they complete. LF, CR and CRLF end a line (a CRLF
 * split across chunks is one line end); empty lines are skipped. Only the line that spans
 * chunks is concatenated, never the whole chunk. Imports nothing, so the lazy protocol
 * chunk can hold it without sharing a module with the initial one.
 */
export class LineSplitter {
  private pending = '';
  private skipLF = false;
  private readonly limit: number;
  private readonly sink: LineSink;
  private readonly tooLarge: () => Error;

  /** `tooLarge` makes the error thrown for a line longer than `limit` (`event_too_large`). */
  constructor(limit: number, sink: LineSink, tooLarge: () => Error) {
    this.limit = limit;
    this.sink = sink;
    this.tooLarge = tooLarge;
  }

  /** Splits one decoded chunk. Throws `event_too_large` when a line grows past the limit. */
  feed(text: string): void {
    const length = text.length;
    let i = 0;
    if (this.skipLF) {
      // the previous chunk ended in CR: a LF here completes that CRLF
      this.skipLF = false;
      if (text.charCodeAt(0) === 10) i = 1;
    }
    let lineStart = i;
    for (; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      if (this.pending.length > 0) {
        this.emit(this.pending + text.slice(lineStart, i));
        this.pending = '';
      } else if (i > lineStart) {
        this.emit(text.slice(lineStart, i));
      }
      if (c === 13) {
        if (i + 1 < length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          this.skipLF = true;
        }
      }
      lineStart = i + 1;
    }
    if (lineStart < length) {
      const rest = lineStart === 0 ? text : text.slice(lineStart);
      this.pending = this.pending.length > 0 ? this.pending + rest : rest;
      if (this.pending.length > this.limit) {
        this.pending = '';
        throw this.tooLarge();
      }
    }
  }

  /** The body ended: a last line without a line end is still a line. */
  end(): void {
    if (this.pending.length > 0) this.emit(this.pending);
    this.pending = '';
  }

  private emit(line: string): void {
    if (line.length > this.limit) throw this.tooLarge();
    this.sink(line);
  }
}
