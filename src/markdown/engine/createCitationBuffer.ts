import { GLOBAL_TIMERS, type Timers } from '../../core/Timers';

/** Options of {@link createCitationBuffer}. */
export interface CitationBufferOptions {
  /** A `[` that grew past this many characters without `]` is shown as text. Default `64`. */
  maxLength?: number;
  /** A `[` held this long without resolving is shown as text, in ms. Default `1500`. */
  timeoutMs?: number;
  /** Called when the timeout reveals held text; re-read with `update`. */
  onRelease?: () => void;
  /** Timer functions. Default: the global ones. */
  timers?: Timers;
}

/** Holds back a bracket until it is known to be a citation marker or not. */
export interface CitationBuffer {
  /**
   * Feeds the whole text so far; returns how many characters may be shown. While
   * `streaming`, text from an unresolved `[` (or `![`) on is held back. Idempotent for
   * the same text.
   */
  update(text: string, streaming: boolean): number;
  /** Clears the pending timer. */
  dispose(): void;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Creates a {@link CitationBuffer}. A `[` is resolved when its line ends without `]`
 * (markers are one line), when the character after its `]` arrives (`(` makes it a
 * markdown link, anything else a marker or plain brackets: the renderer decides), when it
 * grows past `maxLength`, or after `timeoutMs`. Until then nothing from the `[` on is
 * shown, so half a marker is never visible. Brackets in fenced code are not held. The
 * scan is incremental: resolved text is never read again.
 *
 * @example
 * ```ts
 * const brackets = createCitationBuffer({ onRelease: rerender });
 * brackets.update('See [12:45, Sar', true); // 4
 * brackets.update('See [12:45, Sarah Johnson] ok', true); // 29
 * ```
 */
export function createCitationBuffer(options: CitationBufferOptions = {}): CitationBuffer {
  const maxLength = options.maxLength ?? 64;
  const timeoutMs = options.timeoutMs ?? 1500;
  const timers = options.timers ?? GLOBAL_TIMERS;
  let pos = 0;
  let lineStart = 0;
  let fence: string | null = null;
  let lastLength = 0;
  let timedOut = -1;
  let armedFor = -1;
  let handle: unknown = null;

  const clear = (): void => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
    armedFor = -1;
  };

  const hold = (text: string, bracket: number): number => {
    if (armedFor !== bracket) {
      clear();
      armedFor = bracket;
      handle = timers.setTimeout(() => {
        handle = null;
        armedFor = -1;
        timedOut = bracket;
        options.onRelease?.();
      }, timeoutMs);
    }
    return bracket > 0 && text[bracket - 1] === '!' ? bracket - 1 : bracket;
  };

  /** Scans from `pos`; returns the held offset or `text.length`. */
  const scan = (text: string): number => {
    while (pos < text.length) {
      // No newline lies between lineStart and pos: search from pos, not from the line start.
      const newline = text.indexOf('\n', pos);
      const lineEnd = newline === -1 ? text.length : newline;
      if (pos === lineStart) {
        const line = text.slice(lineStart, lineEnd);
        const marker = FENCE.exec(line)?.[1];
        const closes = fence !== null && marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length;
        const partialFenceLine = newline === -1 && /^ {0,3}(`|~)/.test(line);
        if (newline === -1 && (fence !== null || partialFenceLine)) return text.length;
        if (fence !== null || marker) {
          if (closes && line.trim() === marker) fence = null;
          else if (fence === null && marker) fence = marker;
          pos = lineStart = newline + 1;
          continue;
        }
      }
      const bracket = text.indexOf('[', pos);
      if (bracket === -1 || bracket >= lineEnd) {
        if (newline === -1) {
          pos = text.length;
          break;
        }
        pos = lineStart = newline + 1;
        continue;
      }
      if (bracket > 0 && text[bracket - 1] === '\\') {
        pos = bracket + 1;
        continue;
      }
      const close = text.indexOf(']', bracket + 1);
      const closed = close !== -1 && close < lineEnd;
      const released =
        timedOut === bracket || (!closed && (newline !== -1 || text.length - bracket > maxLength));
      if (released) pos = bracket + 1;
      else if (closed && close < text.length - 1) pos = close + 1;
      else return hold(text, bracket);
    }
    clear();
    return text.length;
  };

  return {
    update(text, streaming) {
      if (text.length < lastLength) {
        pos = lineStart = 0;
        fence = null;
        timedOut = -1;
      }
      lastLength = text.length;
      if (!streaming) {
        clear();
        return text.length;
      }
      return scan(text);
    },
    dispose: clear,
  };
}
