/**
 * The result of {@link BlockSplitter.update}: the text cut into top-level markdown blocks.
 * `blocks.join('') + tail` is always the whole text.
 */
export interface BlockSplit {
  /**
   * Finished blocks, in order. Once a block is here its source never changes; the array is
   * only appended to while the text grows (it is a fresh copy per update).
   */
  blocks: readonly string[];
  /** The live block still being written (may be empty). */
  tail: string;
  /** Offset of `tail` in the text. */
  tailStart: number;
  /** The tail ends inside an open fenced code block (its closing fence has not arrived). */
  openFence: boolean;
}

/** Splits a growing markdown text into finished blocks and a live tail, incrementally. */
export interface BlockSplitter {
  /**
   * Feeds the whole text so far. When the text extends the previous one (the usual case
   * while streaming) only the new lines are scanned; any other text is split from scratch.
   */
  update(text: string): BlockSplit;
  /** Forgets everything; the next update splits from scratch. */
  reset(): void;
}

type BlockKind = 'none' | 'list' | 'indented' | 'fence' | 'other';

interface Fence {
  char: '`' | '~';
  length: number;
  /** The list item's content column when known (fence on the marker line), else 0. */
  indent: number;
  /**
   * A closing line indented less than this may belong to an outer container: it is read
   * as opening a new fence instead (keeps more in one block, which is always safe).
   */
  minClose: number;
  /**
   * A line less indented than `minClose` came inside it: either the list item (and the
   * fence) ended there, or the fence is not in an item. A closing line then opens a new
   * fence instead, which matches micromark in the first case and only keeps more in one
   * block in the second.
   */
  ambiguous?: boolean;
}

/** CommonMark HTML blocks of kinds 1-5 may hold blank lines; they end at their end marker. */
const HTML_BLOCKS: ReadonlyArray<readonly [RegExp, RegExp]> = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];
/** HTML blocks of kind 6 (block-level tags; may interrupt a paragraph) and 7 (any tag alone on its line) end at a blank line. */
const HTML_BLOCK_6 =
  /^ {0,3}<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \t]|\/?>|$)/i;
const HTML_BLOCK_7 =
  /^ {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[A-Za-z_:][\w.:-]*(?:[ \t]*=[ \t]*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*[ \t]*\/?>|<\/[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*$/;
const FENCE_OPEN_TOP = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const FENCE_OPEN_ANY = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const LIST_MARKER = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/;
const BLANK = /^[ \t]*$/;
const INDENTED = /^(?: {4}|\t| {1,3}\t)/;
/** How far back {@link BlockSplitter.update} compares the text to detect a replaced text. */
const PROBE = 64;

/**
 * Creates a {@link BlockSplitter}.
 *
 * The rule: a block ends at a blank line outside a fenced code block, and is known to be
 * finished when the next non-blank line starts and does not continue it. A list or an
 * indented code block continues after blank lines when the next line is indented or (for a
 * list) may be another item, so a loose list stays one block. A fenced code block that
 * opens a block is finished as soon as its closing fence line ends. HTML blocks of
 * CommonMark kinds 1-5 (`<pre>`, `<!-- -->`...) keep their blank lines. Blank lines belong
 * to the block before them. See docs/rendering.md.
 *
 * @example
 * ```ts
 * const splitter = createBlockSplitter();
 * splitter.update('# Title\n\nHello wor'); // { blocks: ['# Title\n\n'], tail: 'Hello wor', ... }
 * ```
 */
export function createBlockSplitter(): BlockSplitter {
  let text = '';
  let blocks: string[] = [];
  let blockStart = 0;
  let lineStart = 0;
  /** The text before this offset, from lineStart on, holds no newline. */
  let searched = 0;
  let kind: BlockKind = 'none';
  let afterBlank = false;
  let fence: Fence | null = null;
  let htmlEnd: RegExp | null = null;
  /** Inside an HTML block of kind 6 or 7: raw lines up to the next blank line. */
  let rawHtml = false;
  /** The last non-blank line was indented by 4 or more (it may be indented code). */
  let lastIndented = false;

  const reset = (): void => {
    text = '';
    blocks = [];
    blockStart = 0;
    lineStart = 0;
    searched = 0;
    kind = 'none';
    afterBlank = false;
    fence = null;
    htmlEnd = null;
    rawHtml = false;
    lastIndented = false;
  };

  const finishAt = (end: number): void => {
    blocks.push(text.slice(blockStart, end));
    blockStart = end;
    kind = 'none';
    afterBlank = false;
    fence = null;
    htmlEnd = null;
    rawHtml = false;
  };

  /** Whether a non-blank line after blank lines continues the current block. */
  const continuesAfterBlank = (line: string): boolean => {
    const first = line[0] ?? '';
    if (kind === 'list') return first === ' ' || first === '\t' || /[-*+0-9]/.test(first);
    // After indented code, micromark reads a list marker as a paragraph: keep it together.
    if (kind === 'indented' || lastIndented) return first === ' ' || first === '\t' || /[-*+0-9]/.test(first);
    return false;
  };

  /** Opens a fence when `line` starts one; `indent` is the list item's content column, if any. */
  const openFence = (line: string, anyIndent: boolean, indent = 0, minClose = 0): boolean => {
    const match = (anyIndent ? FENCE_OPEN_ANY : FENCE_OPEN_TOP).exec(line);
    if (!match) return false;
    const marker = match[1] ?? '';
    if (marker[0] === '`' && (match[2] ?? '').includes('`')) return false;
    fence = { char: marker[0] === '`' ? '`' : '~', length: marker.length, indent, minClose };
    return true;
  };

  /** A fence inside a list item: after the marker (`- ```js`) or indented under it. */
  const openListFence = (line: string): boolean => {
    const marker = LIST_MARKER.exec(line)?.[0];
    if (marker && LIST_ITEM.test(line)) return openFence(line.slice(marker.length), false, marker.length);
    // Indented under an item or not, we cannot tell without the item's content column:
    // only a closing fence at least as indented as the opening one closes it.
    return openFence(line, true, 0, columns(line));
  };

  const openHtml = (line: string, blockStart: boolean): void => {
    for (const [start, end] of HTML_BLOCKS) {
      if (start.test(line)) {
        if (!end.test(line)) htmlEnd = end;
        return;
      }
    }
    if (HTML_BLOCK_6.test(line) || (blockStart && HTML_BLOCK_7.test(line))) rawHtml = true;
  };

  /** Processes one complete line (without its newline) that ends at `end` (after the newline). */
  const processLine = (line: string, end: number): void => {
    if (fence && fence.indent > 0 && !BLANK.test(line) && columns(line) < fence.indent) {
      // Less indented than its list item: the item, and the fence in it, ended. The line
      // is read as a line of its own, in the same block.
      fence = null;
    }
    if (fence) {
      const close = new RegExp(`^[ \\t]*\\${fence.char}{${fence.length},}[ \\t]*$`);
      if (close.test(line)) {
        if (columns(line) < fence.minClose || fence.ambiguous) openFence(line, true);
        else {
          fence = null;
          if (kind === 'fence') finishAt(end);
        }
      } else if (fence.minClose > 0 && !BLANK.test(line) && columns(line) < fence.minClose) {
        fence.ambiguous = true;
      }
      return;
    }
    if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = null;
      return;
    }
    if (rawHtml && !BLANK.test(line)) return;
    rawHtml = false;
    if (BLANK.test(line)) {
      if (kind !== 'none') afterBlank = true;
      return;
    }
    if (afterBlank && kind !== 'none' && !continuesAfterBlank(line)) finishAt(lineStart);
    afterBlank = false;
    lastIndented = INDENTED.test(line);
    if (kind === 'none') {
      if (openFence(line, false)) kind = 'fence';
      else if (LIST_ITEM.test(line)) kind = 'list';
      else if (INDENTED.test(line)) kind = 'indented';
      else kind = 'other';
      if (kind === 'list') openListFence(line);
      if (kind === 'other') openHtml(line, true);
      return;
    }
    if (kind === 'indented') {
      if (INDENTED.test(line)) return;
      kind = 'other';
    }
    if (kind === 'list' ? openListFence(line) : openFence(line, false)) return;
    if (kind === 'other' && LIST_ITEM.test(line)) {
      kind = 'list';
      if (openListFence(line)) return;
    }
    openHtml(line, false);
  };

  const scan = (): void => {
    for (;;) {
      const newline = text.indexOf('\n', Math.max(lineStart, searched));
      if (newline === -1) {
        searched = text.length;
        break;
      }
      processLine(text.slice(lineStart, newline), newline + 1);
      lineStart = newline + 1;
    }
    // The partial last line can already tell that the block before a blank line is over.
    if (!fence && !htmlEnd && afterBlank && kind !== 'none') {
      const partial = text.slice(lineStart);
      if (!BLANK.test(partial) && !continuesAfterBlank(partial)) finishAt(lineStart);
    }
  };

  const isExtension = (next: string): boolean => {
    if (next.length < text.length) return false;
    const from = Math.max(0, lineStart - PROBE);
    return next.slice(from, lineStart) === text.slice(from, lineStart);
  };

  return {
    update(next) {
      if (!isExtension(next)) reset();
      text = next;
      scan();
      return {
        blocks: blocks.slice(),
        tail: text.slice(blockStart),
        tailStart: blockStart,
        openFence: fence !== null,
      };
    },
    reset,
  };
}

/** The indentation of `line` in columns (a tab counts 4). */
function columns(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === ' ') width += 1;
    else if (char === '\t') width += 4 - (width % 4);
    else break;
  }
  return width;
}
