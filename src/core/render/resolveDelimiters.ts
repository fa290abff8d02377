/** An emphasis (`*`, `_`) or strikethrough (`~`) delimiter run, as micromark classifies it. */
export interface DelimiterRun {
  /** Offset of the run's first character still unused (an opener's leftover stays at its start). */
  start: number;
  char: '*' | '_' | '~';
  /** Characters not yet matched. */
  size: number;
  open: boolean;
  close: boolean;
  /** A `*` or `~` between two letters or digits (`2*3`, `20~25`): held only until its word ends. */
  intraword: boolean;
  /** Turned into literal text: matched up, or skipped over by a match around it. */
  removed: boolean;
}

/**
 * Matches closers to openers left to right as micromark's attention and GFM strikethrough
 * resolvers do (nearest opener of the same character; `*`/`_` use two characters when both
 * runs have two, with the rule of three; `~` needs runs of equal size; runs between a pair
 * become text). Returns the runs that still may open: unmatched openers and leftovers.
 */
export function resolveDelimiters(runs: DelimiterRun[]): DelimiterRun[] {
  for (let index = 0; index < runs.length; index += 1) {
    const closer = runs[index] as DelimiterRun;
    if (!closer.close) continue;
    for (let guard = 0; closer.size > 0 && guard < 64; guard += 1) {
      const openerIndex = findOpener(runs, index, closer);
      if (openerIndex < 0) break;
      const opener = runs[openerIndex] as DelimiterRun;
      const use = closer.char === '~' ? closer.size : opener.size > 1 && closer.size > 1 ? 2 : 1;
      opener.size -= use;
      closer.size -= use;
      closer.start += use;
      for (let between = openerIndex + 1; between < index; between += 1) (runs[between] as DelimiterRun).removed = true;
      if (opener.size === 0) opener.removed = true;
    }
    if (closer.size === 0 || !closer.open) closer.removed = true;
  }
  return runs.filter((run) => !run.removed && run.open && run.size > 0);
}

function findOpener(runs: readonly DelimiterRun[], closerIndex: number, closer: DelimiterRun): number {
  for (let index = closerIndex - 1; index >= 0; index -= 1) {
    const opener = runs[index] as DelimiterRun;
    if (opener.removed || !opener.open || opener.size === 0 || opener.char !== closer.char) continue;
    if (closer.char === '~') {
      if (opener.size === closer.size) return index;
      continue;
    }
    const sum = opener.size + closer.size;
    const ruleOfThree = (opener.close || closer.open) && sum % 3 === 0 && !(opener.size % 3 === 0 && closer.size % 3 === 0);
    if (!ruleOfThree) return index;
  }
  return -1;
}
