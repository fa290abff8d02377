import { loadedTailRepair, loadTailRepair } from '../../../src/markdown/engine/loadTailRepair';
import { prepareTail } from '../../../src/markdown/engine/prepareTail';

vi.mock('remend', () => {
  throw new Error('chunk request failed: 503');
});

describe('loadTailRepair when the remend chunk cannot load', () => {
  it('rejects with a message that says what to do, every time, and prepareTail stays on hold-back', async () => {
    const first = loadTailRepair();
    await expect(first).rejects.toThrow(/could not load the tail repair chunk \(remend\).*hold-back/s);
    expect(loadTailRepair()).toBe(first);
    expect(loadedTailRepair()).toBeUndefined();
    expect(prepareTail('Some **bol', { openFence: false })).toBe('Some');
  });
});
