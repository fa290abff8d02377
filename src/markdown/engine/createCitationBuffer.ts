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
   * `streaming`, text from an unresolved `[` (or `![`) on is held back (this arms the
   * timeout). Idempotent for the same text.
   */
  update(text: string, streaming: boolean): number;
  /**
   * What `update(text, streaming)` would return now, without keeping anything or arming a
   * timer: safe during a React render (call `update` after it commits).
   */
  measure(text: string, streaming: boolean): number;
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
  /** Where the scan of the last `update` stopped: text before `pos` is resolved. */
  let kept: ScanCursor = START;
  let lastLength = 0;
  let timedOut = -1;
  let armedFor = -1;
  let handle: unknown = null;

  const clear = (): void => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
    armedFor = -1;
  };
  const arm = (bracket: number): void => {
    if (armedFor === bracket) return;
    clear();
    armedFor = bracket;
    handle = timers.setTimeout(() => {
      handle = null;
      armedFor = -1;
      timedOut = bracket;
      options.onRelease?.();
    }, timeoutMs);
  };
  const shownOf = (text: string, held: number): number =>
    held === -1 ? text.length : held > 0 && text[held - 1] === '!' ? held - 1 : held;

  return {
    measure(text, streaming) {
      if (!streaming) return text.length;
      const shrunk = text.length < lastLength;
      return shownOf(text, scanBrackets(text, shrunk ? START : kept, maxLength, shrunk ? -1 : timedOut).held);
    },
    update(text, streaming) {
      if (text.length < lastLength) {
        kept = START;
        timedOut = -1;
      }
      lastLength = text.length;
      if (!streaming) {
        clear();
        return text.length;
      }
      const { cursor, held } = scanBrackets(text, kept, maxLength, timedOut);
      kept = cursor;
      if (held === -1) clear();
      else arm(held);
      return shownOf(text, held);
    },
    dispose: clear,
  };
}

/** How far a bracket scan got: text before `pos` is resolved; `fence` is the open code fence's marker. */
interface ScanCursor {
  readonly pos: number;
  readonly lineStart: number;
  readonly fence: string | null;
}

interface ScanResult {
  cursor: ScanCursor;
  /** Offset of the unresolved `[` that holds the rest back, or -1. */
  held: number;
}

const START: ScanCursor = { pos: 0, lineStart: 0, fence: null };

/**
 * Scans `text` from `from` for the first unresolved bracket (see {@link createCitationBuffer}
 * for the rules); `timedOut` is a bracket offset released by the timeout. Pure.
 */
function scanBrackets(text: string, from: ScanCursor, maxLength: number, timedOut: number): ScanResult {
  let { pos, lineStart, fence } = from;
  const at = (held: number): ScanResult => ({ cursor: { pos, lineStart, fence }, held });
  while (pos < text.length) {
    // No newline lies between lineStart and pos: search from pos, not from the line start.
    const newline = text.indexOf('\n', pos);
    const lineEnd = newline === -1 ? text.length : newline;
    if (pos === lineStart) {
      const line = text.slice(lineStart, lineEnd);
      const marker = FENCE.exec(line)?.[1];
      const closes = fence !== null && marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length;
      const partialFenceLine = newline === -1 && /^ {0,3}(`|~)/.test(line);
      if (newline === -1 && (fence !== null || partialFenceLine)) return at(-1);
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
    const released = timedOut === bracket || (!closed && (newline !== -1 || text.length - bracket > maxLength));
    if (released) pos = bracket + 1;
    else if (closed && close < text.length - 1) pos = close + 1;
    else return at(bracket);
  }
  return at(-1);
}
