import { holdBackInline } from './holdBackInline';
import { trimTrailingMarkers } from './trimTrailingMarkers';

/** Makes unfinished inline syntax at the end of a streaming text safe: `(text) => text'`. */
export type TailRepair = (text: string) => string;

/** Options of {@link prepareTail}. */
export interface PrepareTailOptions {
  /** The tail ends inside an open fenced code block. */
  openFence: boolean;
  /**
   * Handles unfinished inline syntax. Default {@link holdBackInline}: cut at the earliest
   * unclosed construct. Pass the repair {@link loadTailRepair} resolves to for remend's
   * completion (`**bol` shows bold at once).
   */
  repair?: TailRepair;
}

const BLANK = /^[ \t]*$/;
const TABLE_ROW = /^ {0,3}\|/;
const DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const FENCE_START = /^ {0,3}(?:`{3,}|~{3,})|^ {0,3}(?:`{1,2}|~{1,2})$/;
const OPEN_IMAGE = /!\[[^\]\n]*(?:\]\([^)\n]*)?$/;

/**
 * Makes the live tail block of a streaming text safe to render: no raw marker that will
 * vanish later, no broken element. Hold-back for structure (a fence's opening line until
 * its info string is complete, a table until its header and delimiter rows are complete
 * and then only whole rows, an image until its URL closes, a trailing `!` or lone
 * `*`/`_`/`~`/`` ` `` run), then `repair` for inline syntax: by default hold-back
 * ({@link holdBackInline}); with the remend repair from {@link loadTailRepair},
 * completion (`**bold` becomes `**bold**`, `[text](htt` shows `text`). Text inside an
 * open code fence is returned as is. Only for streaming text: a finished text is
 * rendered untouched.
 *
 * @example
 * ```ts
 * prepareTail('Some **bol', { openFence: false }); // 'Some'
 * prepareTail('Some **bol', { openFence: false, repair: await loadTailRepair() }); // 'Some **bol**'
 * ```
 */
export function prepareTail(tail: string, { openFence, repair = holdBackInline }: PrepareTailOptions): string {
  if (openFence) return tail;
  let text = holdBackFenceLine(tail);
  text = holdBackTable(text);
  const image = OPEN_IMAGE.exec(text);
  if (image) text = text.slice(0, image.index);
  return trimTrailingMarkers(repair(text));
}

function holdBackFenceLine(text: string): string {
  const lineStart = text.lastIndexOf('\n') + 1;
  return FENCE_START.test(text.slice(lineStart)) ? text.slice(0, lineStart) : text;
}

function holdBackTable(text: string): string {
  const lines = text.split('\n');
  let offset = 0;
  let inTable = false;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const complete = index < lines.length - 1;
    if (inTable) {
      if (BLANK.test(line)) inTable = false;
      else if (!complete) return text.slice(0, offset);
    } else if (TABLE_ROW.test(line)) {
      const next = lines[index + 1];
      if (!complete || next === undefined || index + 1 >= lines.length - 1) return text.slice(0, offset);
      if (DELIMITER.test(next)) {
        inTable = true;
        offset += line.length + next.length + 2;
        index += 1;
        continue;
      }
    }
    offset += line.length + 1;
  }
  return text;
}
