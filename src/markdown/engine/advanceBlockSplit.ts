import type { BlockSplit } from './createBlockSplitter';

type BlockKind = 'none' | 'list' | 'indented' | 'fence' | 'other';

interface Fence {
  /** `$`: a `$$` math block (remark-math's syntax), which keeps blank lines like a code fence. */
  char: '`' | '~' | '$';
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
const FENCE_OPEN_TOP = /^ {0,3}(`{3,}|~{3,}|\${2,})(.*)$/;
const FENCE_OPEN_ANY = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const LIST_MARKER = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/;
const BLANK = /^[ \t]*$/;
const INDENTED = /^(?: {4}|\t| {1,3}\t)/;
/** How far back {@link advanceBlockSplit} compares the text to detect a replaced text. */
const PROBE = 64;

/**
 * Where a {@link advanceBlockSplit} scan stands in a text: the finished blocks and the
 * state of the block being read. Never changed once returned (each step works on a copy),
 * so a state a render computed but React discarded cannot leak into the next one.
 */
export interface BlockSplitState {
  readonly text: string;
  readonly blocks: readonly string[];
  readonly blockStart: number;
  readonly lineStart: number;
  /** The text before this offset, from lineStart on, holds no newline. */
  readonly searched: number;
  readonly kind: BlockKind;
  readonly afterBlank: boolean;
  readonly fence: Readonly<Fence> | null;
  readonly htmlEnd: RegExp | null;
  /** Inside an HTML block of kind 6 or 7: raw lines up to the next blank line. */
  readonly rawHtml: boolean;
  /** The last non-blank line was indented by 4 or more (it may be indented code). */
  readonly lastIndented: boolean;
}

/** The state before any text. */
export const EMPTY_BLOCK_SPLIT: BlockSplitState = {
  text: '',
  blocks: [],
  blockStart: 0,
  lineStart: 0,
  searched: 0,
  kind: 'none',
  afterBlank: false,
  fence: null,
  htmlEnd: null,
  rawHtml: false,
  lastIndented: false,
};

/** The working copy one step scans with. */
type Scan = { -readonly [K in keyof BlockSplitState]: BlockSplitState[K] } & { blocks: string[]; fence: Fence | null };

/**
 * The split of `text`, continued from `previous` when `text` extends `previous.text` (only
 * the new lines are scanned), from scratch otherwise. Pure: `previous` is not changed. The
 * rules are those of {@link createBlockSplitter}, which wraps this step. Internal.
 *
 * @example toBlockSplit(advanceBlockSplit(EMPTY_BLOCK_SPLIT, '# Title\n\nHello')) // blocks ['# Title\n\n'], tail 'Hello'
 */
export function advanceBlockSplit(previous: BlockSplitState, text: string): BlockSplitState {
  const from = isExtension(previous, text) ? previous : EMPTY_BLOCK_SPLIT;
  const s: Scan = { ...from, text, blocks: from.blocks.slice(), fence: from.fence && { ...from.fence } };
  scan(s);
  return s;
}

/** The {@link BlockSplit} a state stands for. */
export function toBlockSplit(state: BlockSplitState): BlockSplit {
  return {
    blocks: state.blocks,
    tail: state.text.slice(state.blockStart),
    tailStart: state.blockStart,
    openFence: state.fence !== null && state.fence.char !== '$',
  };
}

function isExtension(previous: BlockSplitState, next: string): boolean {
  if (next.length < previous.text.length) return false;
  const from = Math.max(0, previous.lineStart - PROBE);
  return next.slice(from, previous.lineStart) === previous.text.slice(from, previous.lineStart);
}

function scan(s: Scan): void {
  for (;;) {
    const newline = s.text.indexOf('\n', Math.max(s.lineStart, s.searched));
    if (newline === -1) {
      s.searched = s.text.length;
      break;
    }
    processLine(s, s.text.slice(s.lineStart, newline), newline + 1);
    s.lineStart = newline + 1;
  }
  // The partial last line can already tell that the block before a blank line is over.
  if (!s.fence && !s.htmlEnd && s.afterBlank && s.kind !== 'none') {
    const partial = s.text.slice(s.lineStart);
    if (!BLANK.test(partial) && !continuesAfterBlank(s, partial)) finishAt(s, s.lineStart);
  }
}

function finishAt(s: Scan, end: number): void {
  s.blocks.push(s.text.slice(s.blockStart, end));
  s.blockStart = end;
  s.kind = 'none';
  s.afterBlank = false;
  s.fence = null;
  s.htmlEnd = null;
  s.rawHtml = false;
}

/** Whether a non-blank line after blank lines continues the current block. */
function continuesAfterBlank(s: Scan, line: string): boolean {
  const first = line[0] ?? '';
  if (s.kind === 'list') return first === ' ' || first === '\t' || /[-*+0-9]/.test(first);
  // After indented code, micromark reads a list marker as a paragraph: keep it together.
  if (s.kind === 'indented' || s.lastIndented) return first === ' ' || first === '\t' || /[-*+0-9]/.test(first);
  return false;
}

/** Opens a fence when `line` starts one; `indent` is the list item's content column, if any. */
function openFence(s: Scan, line: string, anyIndent: boolean, indent = 0, minClose = 0): boolean {
  const match = (anyIndent ? FENCE_OPEN_ANY : FENCE_OPEN_TOP).exec(line);
  if (!match) return false;
  const marker = match[1] ?? '';
  const char = marker[0] as Fence['char'];
  if (char !== '~' && (match[2] ?? '').includes(char)) return false;
  s.fence = { char, length: marker.length, indent, minClose };
  return true;
}

/** A fence inside a list item: after the marker (`- ```js`) or indented under it. */
function openListFence(s: Scan, line: string): boolean {
  const marker = LIST_MARKER.exec(line)?.[0];
  if (marker && LIST_ITEM.test(line)) return openFence(s, line.slice(marker.length), false, marker.length);
  // Indented under an item or not, we cannot tell without the item's content column:
  // only a closing fence at least as indented as the opening one closes it.
  return openFence(s, line, true, 0, columns(line));
}

function openHtml(s: Scan, line: string, blockStart: boolean): void {
  for (const [start, end] of HTML_BLOCKS) {
    if (start.test(line)) {
      if (!end.test(line)) s.htmlEnd = end;
      return;
    }
  }
  if (HTML_BLOCK_6.test(line) || (blockStart && HTML_BLOCK_7.test(line))) s.rawHtml = true;
}

/** A line inside a fenced code block: it may close the fence (and finish a fence block). */
function processFenceLine(s: Scan, fence: Fence, line: string, end: number): void {
  const close = new RegExp(`^[ \\t]*\\${fence.char}{${fence.length},}[ \\t]*$`);
  if (close.test(line)) {
    if (columns(line) < fence.minClose || fence.ambiguous) openFence(s, line, true);
    else {
      s.fence = null;
      if (s.kind === 'fence') finishAt(s, end);
    }
  } else if (fence.minClose > 0 && !BLANK.test(line) && columns(line) < fence.minClose) {
    fence.ambiguous = true;
  }
}

/** Processes one complete line (without its newline) that ends at `end` (after the newline). */
function processLine(s: Scan, line: string, end: number): void {
  if (s.fence && s.fence.indent > 0 && !BLANK.test(line) && columns(line) < s.fence.indent) {
    // Less indented than its list item: the item, and the fence in it, ended. The line
    // is read as a line of its own, in the same block.
    s.fence = null;
  }
  if (s.fence) return processFenceLine(s, s.fence, line, end);
  if (s.htmlEnd) {
    if (s.htmlEnd.test(line)) s.htmlEnd = null;
    return;
  }
  if (s.rawHtml && !BLANK.test(line)) return;
  s.rawHtml = false;
  if (BLANK.test(line)) {
    if (s.kind !== 'none') s.afterBlank = true;
    return;
  }
  if (s.afterBlank && s.kind !== 'none' && !continuesAfterBlank(s, line)) finishAt(s, s.lineStart);
  s.afterBlank = false;
  s.lastIndented = INDENTED.test(line);
  if (s.kind === 'none') {
    if (openFence(s, line, false)) s.kind = 'fence';
    else if (LIST_ITEM.test(line)) s.kind = 'list';
    else if (INDENTED.test(line)) s.kind = 'indented';
    else s.kind = 'other';
    if (s.kind === 'list') openListFence(s, line);
    if (s.kind === 'other') openHtml(s, line, true);
    return;
  }
  if (s.kind === 'indented') {
    if (INDENTED.test(line)) return;
    s.kind = 'other';
  }
  if (s.kind === 'list' ? openListFence(s, line) : openFence(s, line, false)) return;
  if (s.kind === 'other' && LIST_ITEM.test(line)) {
    s.kind = 'list';
    if (openListFence(s, line)) return;
  }
  openHtml(s, line, false);
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
