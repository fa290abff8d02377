import fc from 'fast-check';
import { renderToStaticMarkup } from 'react-dom/server';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { createBlockSplitter } from '../../../src/markdown/engine/createBlockSplitter';
import { sampleDocuments } from '../../unit/markdown/samples';

/** Markup with whitespace removed: blocks differ only in the newlines between them. */
const html = (markdown: string): string =>
  renderToStaticMarkup(<Markdown remarkPlugins={[remarkGfm]}>{markdown}</Markdown>).replace(/\s+/g, '');

describe('block splitting preserves rendering', () => {
  it('renders every sample the same block by block as in one piece', () => {
    for (const text of sampleDocuments) {
      const { blocks, tail } = createBlockSplitter().update(text);
      const pieces = [...blocks, tail].map(html).join('');
      expect(pieces).toBe(html(text));
    }
  });

  it('keeps a loose list loose and ordered numbering intact', () => {
    const text = '1. a\n\n2. b\n\n3. c\n\nAfter';
    const { blocks } = createBlockSplitter().update(text);
    expect(blocks).toHaveLength(1);
    expect(html(blocks[0] ?? '')).toBe('<ol><li><p>a</p></li><li><p>b</p></li><li><p>c</p></li></ol>');
  });

  it('splits the same as one piece when a line less indented than a list fence comes inside it', () => {
    for (const text of [
      '+ plus\n  ```\n***\n  ```\n\na | b',
      '1. Run:\n   ```bash\nnpm i\n   ```\n\nDone.\n\nMore.',
      '1. a\n  ```\n***\n  ```\n\nnext para',
    ]) {
      const { blocks, tail } = createBlockSplitter().update(text);
      expect([...blocks, tail].map(html).join('')).toBe(html(text));
    }
  });

  it('renders generated documents the same block by block as in one piece (fast-check)', () => {
    const line = fc.constantFrom(
      '', 'text', '- item', '* item', '1. one', '2) two', '10. ten', '+ plus', '  indented', '    code', '\tTab',
      '> quote', '> - quoted item', '>', '  > lazy', '```', '```js', '~~~', '~~~~', '````', '   ```', '  ```', '- ```js',
      '| a | b |', '|---|---|', '| 1 | 2 |', 'a | b', '# head', '===', '---', '***', '1.', '-', '  - nested', '  text',
      '<pre>', '</pre>', '<script>', '</script>', '<div>', '<!--', '-->', '<?php', '?>',
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 14 }), (lines) => {
        const text = lines.join('\n');
        const { blocks, tail } = createBlockSplitter().update(text);
        expect([...blocks, tail].map(html).join('')).toBe(html(text));
      }),
      { numRuns: 1500 },
    );
    // ~7 s alone on a loaded machine; beside the other test files it can pass 20 s.
  }, 90_000);
});
