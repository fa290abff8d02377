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
}

/** How many open runs a closer looks back over; beyond it the opener counts as unclosed (held: the safe side). */
const MAX_LOOKBACK = 64;

/**
 * Matches closers to openers left to right as micromark's attention and GFM strikethrough
 * resolvers do (nearest opener of the same character; `*`/`_` use two characters when both
 * runs have two, with the rule of three; `~` needs runs of equal size; runs between a pair
 * become text). Returns the runs that still may open (unmatched openers and leftovers), in
 * text order. Linear: a closer looks back over at most {@link MAX_LOOKBACK} open runs.
 */
export function resolveDelimiters(runs: readonly DelimiterRun[]): DelimiterRun[] {
  const open: DelimiterRun[] = [];
  for (const closer of runs) {
    if (closer.close) {
      for (let guard = 0; closer.size > 0 && guard < MAX_LOOKBACK; guard += 1) {
        const at = findOpener(open, closer);
        if (at < 0) break;
        const opener = open[at] as DelimiterRun;
        const use = closer.char === '~' ? closer.size : opener.size > 1 && closer.size > 1 ? 2 : 1;
        opener.size -= use;
        closer.size -= use;
        closer.start += use;
        open.length = opener.size > 0 ? at + 1 : at;
      }
    }
    if (closer.open && closer.size > 0) open.push(closer);
  }
  return open;
}

function findOpener(open: readonly DelimiterRun[], closer: DelimiterRun): number {
  for (let at = open.length - 1; at >= 0 && at >= open.length - MAX_LOOKBACK; at -= 1) {
    const opener = open[at] as DelimiterRun;
    if (opener.char !== closer.char) continue;
    if (closer.char === '~') {
      if (opener.size === closer.size) return at;
      continue;
    }
    const sum = opener.size + closer.size;
    const ruleOfThree = (opener.close || closer.open) && sum % 3 === 0 && !(opener.size % 3 === 0 && closer.size % 3 === 0);
    if (!ruleOfThree) return at;
  }
  return -1;
}
