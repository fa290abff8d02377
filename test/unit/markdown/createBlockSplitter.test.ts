import fc from 'fast-check';
import { createBlockSplitter } from '../../../src/markdown/engine/createBlockSplitter';
import { sampleDocuments } from './samples';

const split = (text: string) => createBlockSplitter().update(text);

describe('createBlockSplitter', () => {
  it('splits paragraphs at blank lines once the next block starts', () => {
    expect(split('Hello\n\n')).toMatchObject({ blocks: [], tail: 'Hello\n\n' });
    expect(split('Hello\n\nW')).toMatchObject({ blocks: ['Hello\n\n'], tail: 'W', tailStart: 7 });
    expect(split('# Title\nbody\n\nNext')).toMatchObject({ blocks: ['# Title\nbody\n\n'], tail: 'Next' });
  });

  it('keeps blank lines inside a fenced code block and finishes the fence when it closes', () => {
    const open = split('```js\nconst a = 1;\n\nconst b = 2;\n');
    expect(open).toMatchObject({ blocks: [], openFence: true });
    const closing = split('```js\nconst a = 1;\n\nconst b = 2;\n```');
    expect(closing).toMatchObject({ blocks: [], openFence: true });
    const closed = split('```js\nconst a = 1;\n\nconst b = 2;\n```\nAfter');
    expect(closed).toMatchObject({
      blocks: ['```js\nconst a = 1;\n\nconst b = 2;\n```\n'],
      tail: 'After',
      openFence: false,
    });
  });

  it('keeps a $$ math block with blank lines in one block, not marked as an open code fence', () => {
    expect(split('$$\na\n\nb\n')).toMatchObject({ blocks: [], openFence: false });
    expect(split('Intro\n$$\na\n\nb\n$$\n\nAfter')).toMatchObject({ blocks: ['Intro\n$$\na\n\nb\n$$\n\n'], tail: 'After' });
    expect(split('$$\na\n\nb\n$$\nAfter')).toMatchObject({ blocks: ['$$\na\n\nb\n$$\n'], tail: 'After' });
    // `$$x$$` on its line is inline math in a paragraph.
    expect(split('$$x$$\n\nNext')).toMatchObject({ blocks: ['$$x$$\n\n'], tail: 'Next' });
  });

  it('closes a fence only with the same marker, at least as long', () => {
    expect(split('````\n```\n\nx\n~~~~\n\ny').blocks).toEqual([]);
    expect(split('~~~\n```\n\n~~~\n\ny')).toMatchObject({ blocks: ['~~~\n```\n\n~~~\n'], tail: '\ny' });
  });

  it('keeps a loose list, its indented paragraphs and nested fences in one block', () => {
    const text = '1. step\n\n   ```sh\n   a\n\n   b\n   ```\n\n2. next\n\n   more\n\nAfter';
    expect(split(text)).toMatchObject({
      blocks: ['1. step\n\n   ```sh\n   a\n\n   b\n   ```\n\n2. next\n\n   more\n\n'],
      tail: 'After',
    });
    expect(split('- a\n\n- b\n\nP').blocks).toEqual(['- a\n\n- b\n\n']);
    expect(split('- ```js\n  x\n\n  y\n  ```\n\nP').blocks).toEqual(['- ```js\n  x\n\n  y\n  ```\n\n']);
  });

  it('treats a list that interrupts a paragraph as a list', () => {
    expect(split('Intro\n- a\n\n- b\n\nP').blocks).toEqual(['Intro\n- a\n\n- b\n\n']);
  });

  it('keeps indented code across blank lines', () => {
    expect(split('    a\n\n    b\n\nP').blocks).toEqual(['    a\n\n    b\n\n']);
  });

  it('splits block quotes at blank lines (CommonMark makes them separate quotes)', () => {
    expect(split('> a\n> b\n\n> c\n\nP').blocks).toEqual(['> a\n> b\n\n', '> c\n\n']);
  });

  it('keeps a table in one block and HTML blocks of kinds 1-5 across blank lines', () => {
    expect(split('| a |\n|---|\n| 1 |\n\nP').blocks).toEqual(['| a |\n|---|\n| 1 |\n\n']);
    expect(split('<pre>\na\n\nb\n</pre>\n\nP').blocks).toEqual(['<pre>\na\n\nb\n</pre>\n\n']);
    expect(split('<!-- a\n\nb -->\n\nP').blocks).toEqual(['<!-- a\n\nb -->\n\n']);
    expect(split('<div>\na\n\nP').blocks).toEqual(['<div>\na\n\n']);
  });

  it('keeps HTML blocks of kinds 6 and 7 raw up to the next blank line', () => {
    expect(split('<div>\n- a\n\n- b\n\nP').blocks).toEqual(['<div>\n- a\n\n', '- b\n\n']);
    expect(split('</pre>\n- ```js\n\n  ```\n\nP')).toMatchObject({
      blocks: ['</pre>\n- ```js\n\n'],
      tail: '  ```\n\nP',
      openFence: true,
    });
  });

  it('ends a fence opened on a list marker line when a line is less indented than the item', () => {
    // "---" ends the item (and its fence); the blank line then ends the block.
    expect(split('- ```js\ncode\n---\n\nP').blocks).toEqual(['- ```js\ncode\n---\n\n']);
    // Still inside the item: the blank line is code.
    expect(split('- ```js\n  code\n\n  more\n  ```\n\nP').blocks).toEqual(['- ```js\n  code\n\n  more\n  ```\n\n']);
  });

  it('keeps a list marker after indented code and a blank line in the same block', () => {
    expect(split('# head\n\tcode\n\n10. ten\n\nP').blocks).toEqual(['# head\n\tcode\n\n10. ten\n\n']);
  });

  it('returns the same block strings as the text grows and never changes a finished block', () => {
    const splitter = createBlockSplitter();
    const text = sampleDocuments[0] ?? '';
    let previous: readonly string[] = [];
    for (let end = 0; end <= text.length; end += 1) {
      const { blocks } = splitter.update(text.slice(0, end));
      expect(blocks.length).toBeGreaterThanOrEqual(previous.length);
      previous.forEach((block, index) => expect(blocks[index]).toBe(block));
      previous = blocks;
    }
    expect(previous.length).toBeGreaterThan(10);
  });

  it('starts over when the text is replaced rather than extended', () => {
    const splitter = createBlockSplitter();
    splitter.update('First\n\nSecond\n\nThird');
    expect(splitter.update('Other\n\nText')).toMatchObject({ blocks: ['Other\n\n'], tail: 'Text' });
  });

  it('incremental equals from scratch on every prefix of the samples, and blocks + tail is the text', () => {
    for (const text of sampleDocuments) {
      const splitter = createBlockSplitter();
      for (let end = 0; end <= text.length; end += 1) {
        const prefix = text.slice(0, end);
        const incremental = splitter.update(prefix);
        expect(incremental).toEqual(split(prefix));
        expect(incremental.blocks.join('') + incremental.tail).toBe(prefix);
      }
    }
  });

  it('incremental equals from scratch for generated documents fed in random chunks (fast-check)', () => {
    const piece = fc.constantFrom(
      '\n', '\n\n', '  ', '    ', '- ', '* ', '1. ', '2) ', '> ', '```', '~~~', '```js\n', '| a | b |\n', '|---|---|\n',
      '<pre>', '</pre>', '<!--', '-->', '# ', 'word ', 'text', '**b**', '`c`', '\t',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), (pieces, steps) => {
        const text = pieces.join('');
        const splitter = createBlockSplitter();
        let end = 0;
        let step = 0;
        while (end < text.length) {
          end = Math.min(text.length, end + (steps[step++ % steps.length] ?? 1));
          const prefix = text.slice(0, end);
          const incremental = splitter.update(prefix);
          expect(incremental).toEqual(split(prefix));
          expect(incremental.blocks.join('') + incremental.tail).toBe(prefix);
        }
      }),
      { numRuns: 300 },
    );
  });
});
