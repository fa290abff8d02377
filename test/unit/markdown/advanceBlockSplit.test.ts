import { advanceBlockSplit, EMPTY_BLOCK_SPLIT, toBlockSplit, type BlockSplitState } from '../../../src/markdown/engine/advanceBlockSplit';
import { sampleDocuments } from './samples';

/** A deep copy that keeps RegExps (structuredClone would too, but not their identity). */
const snapshot = (state: BlockSplitState) => JSON.stringify({ ...state, htmlEnd: String(state.htmlEnd) });

describe('advanceBlockSplit', () => {
  it('never changes the state it continues from (a discarded render leaves nothing behind)', () => {
    for (const text of sampleDocuments) {
      let state = EMPTY_BLOCK_SPLIT;
      for (let end = 0; end <= text.length; end += 7) {
        const before = snapshot(state);
        const blocks = state.blocks;
        const next = advanceBlockSplit(state, text.slice(0, end));
        // The same step again, from the same state, gives the same split.
        expect(toBlockSplit(advanceBlockSplit(state, text.slice(0, end)))).toEqual(toBlockSplit(next));
        expect(snapshot(state)).toBe(before);
        expect(state.blocks).toBe(blocks);
        state = next;
      }
    }
  });

  it('continues from any state to the split a scan from scratch gives, growing or not', () => {
    const [first = '', second = ''] = sampleDocuments;
    const grown = advanceBlockSplit(advanceBlockSplit(EMPTY_BLOCK_SPLIT, first.slice(0, 90)), first);
    expect(toBlockSplit(grown)).toEqual(toBlockSplit(advanceBlockSplit(EMPTY_BLOCK_SPLIT, first)));
    const replaced = advanceBlockSplit(advanceBlockSplit(EMPTY_BLOCK_SPLIT, first), second.slice(0, 120));
    expect(toBlockSplit(replaced)).toEqual(toBlockSplit(advanceBlockSplit(EMPTY_BLOCK_SPLIT, second.slice(0, 120))));
    expect(toBlockSplit(grown).blocks.length).toBeGreaterThan(3);
  });
});
