import { loadedTailRepair, loadTailRepair } from '../../../src/markdown/engine/loadTailRepair';
import { prepareTail, type TailRepair } from '../../../src/markdown/engine/prepareTail';

let repair: TailRepair | undefined;
const prepare = (text: string) => prepareTail(text, { openFence: false, repair });

describe('loadTailRepair', () => {
  it('loads remend once and keeps it for synchronous use', async () => {
    expect(loadedTailRepair()).toBeUndefined();
    const first = loadTailRepair();
    expect(loadTailRepair()).toBe(first);
    repair = await first;
    expect(loadedTailRepair()).toBe(repair);
    expect(repair('Some **bol')).toBe('Some **bol**');
  });
});

describe('prepareTail with the remend repair loaded', () => {
  beforeAll(async () => {
    repair = await loadTailRepair();
  });

  it('completes unfinished inline syntax', () => {
    expect(prepare('Some **bol')).toBe('Some **bol**');
    expect(prepare('Some `co')).toBe('Some `co`');
    expect(prepare('Some ~~str')).toBe('Some ~~str~~');
    expect(prepare('Some _em')).toBe('Some _em_');
  });

  it('shows an unfinished link as its text only', () => {
    expect(prepare('Read [the docs](https://exa')).toBe('Read the docs');
  });

});

describe.each([
  ['remend repair', async () => loadTailRepair()],
  ['hold-back (default)', async () => undefined],
])('prepareTail with %s', (_name, load) => {
  beforeAll(async () => {
    repair = await load();
  });

  it('drops lone opening markers and a trailing ! or backslash', () => {
    expect(prepare('Some **')).toBe('Some');
    expect(prepare('Some *')).toBe('Some');
    expect(prepare('Some `')).toBe('Some');
    expect(prepare('a ~~')).toBe('a');
    expect(prepare('Look!')).toBe('Look');
    expect(prepare('a \\')).toBe('a');
  });

  it('holds back an image until its URL is complete', () => {
    expect(prepare('See ![chart](https://example.com/c')).toBe('See');
    expect(prepare('See ![chart')).toBe('See');
  });

  it('holds back a fence line until its info string is complete', () => {
    expect(prepare('Intro\n```typ')).toBe('Intro');
    expect(prepare('Intro\n``')).toBe('Intro');
  });

  it('holds a table back until its delimiter row is complete, then shows whole rows only', () => {
    expect(prepare('| a | b |')).toBe('');
    expect(prepare('| a | b |\n|---|--')).toBe('');
    expect(prepare('| a | b |\n|---|---|')).toBe('');
    expect(prepare('| a | b |\n|---|---|\n')).toBe('| a | b |\n|---|---|');
    expect(prepare('| a | b |\n|---|---|\n| 1 | 2 |\n| 3')).toBe('| a | b |\n|---|---|\n| 1 | 2 |');
    expect(prepare('Intro\n| a |\n|---')).toBe('Intro');
  });

  it('leaves an open code fence untouched', () => {
    expect(prepareTail('```js\nconst a = `x **', { openFence: true })).toBe('```js\nconst a = `x **');
  });
});
