import { render } from '@testing-library/react';
import Markdown from 'react-markdown';
import { renderToStaticMarkup } from 'react-dom/server';
import remarkGfm from 'remark-gfm';
import { remarkGfmParse } from '../../../src/markdown/engine/remarkGfmParse';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';

const samples: Record<string, string> = {
  table: '| a | b |\n| :- | -: |\n| 1 | **2** |\n| x `y` | [z](https://z.example) |',
  strikethrough: 'some ~~gone~~ and ~one~ tilde',
  autolinks: 'see www.example.com, https://example.org/path?q=1 and mail@example.net.',
  tasks: '- [ ] todo\n- [x] done\n  - [ ] nested',
  mixed: '# Title\n\n> quote with ~~strike~~\n\n1. www.a.com\n2. | not | a table |\n\n| h |\n| - |\n| c |\n',
};

const html = (text: string, plugin: typeof remarkGfmParse | typeof remarkGfm): string =>
  renderToStaticMarkup(<Markdown remarkPlugins={[plugin]}>{text}</Markdown>);

describe('remarkGfmParse', () => {
  it.each(Object.entries(samples))('renders %s exactly like remark-gfm', (_name, text) => {
    expect(html(text, remarkGfmParse)).toBe(html(text, remarkGfm));
  });

  it('renders the GFM constructs that plain markdown leaves as text', () => {
    const out = html(`${samples.table}\n\n${samples.strikethrough}\n\n${samples.tasks}\n\n${samples.autolinks}`, remarkGfmParse);
    expect(out).toContain('<table>');
    expect(out).toContain('<td style="text-align:right"><strong>2</strong></td>');
    expect(out).toContain('<del>gone</del>');
    expect(out).toContain('<input type="checkbox" disabled="" checked=""/>');
    expect(out).toContain('<a href="http://www.example.com">www.example.com</a>');
    expect(out).not.toContain('| a |');
  });

  it('leaves footnotes as written (a block-by-block parse never holds a reference with its definition)', () => {
    expect(html('A claim[^1].', remarkGfmParse)).toBe('<p>A claim[^1].</p>');
    expect(html('[^1]: The source.', remarkGfmParse)).toBe('<p>[^1]: The source.</p>');
    // remark-gfm drops the text of a definition parsed without its reference.
    expect(html('[^1]: The source.', remarkGfm)).toBe('');
  });

  it('passes options to the syntax extension', () => {
    const text = 'a ~b~ c';
    const md = renderToStaticMarkup(
      <Markdown remarkPlugins={[[remarkGfmParse, { singleTilde: false }]]}>{text}</Markdown>,
    );
    expect(md).toBe('<p>a ~b~ c</p>');
  });

  it('lets StreamingMarkdown show a footnote definition (in its footnotes section) instead of losing its text', async () => {
    const { container } = render(<StreamingMarkdown streaming={false}>{'A claim[^1].\n\nMore.\n\n[^1]: The source.'}</StreamingMarkdown>);
    await vi.waitFor(() => expect(container.querySelector('section.cw-footnotes')).toHaveTextContent('The source.'));
    expect(container.querySelector('table, del')).toBeNull();
  });
});
