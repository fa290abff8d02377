import { render } from '@testing-library/react';
import type { ComponentProps } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { MarkdownBlockOptions } from '../../../src/markdown/react/MarkdownBlock';
import { renderMarkdown } from '../../../src/markdown/react/renderMarkdown';
import { sampleDocuments } from '../../unit/markdown/samples';

const hostile = [
  'Raw <script>alert(1)</script> and <img src=x onerror=alert(1)> inline.',
  '<div onclick="x()">\n\nblock html\n\n</div>',
  '[js](javascript:alert(1)) ![img](data:image/png;base64,AAAA) <https://auto.link> www.example.com',
  '| a | b |\n|---|:-:|\n| 1 | ~~2~~ |\n\n- [x] done\n- [ ] todo\n\nA footnote[^1].\n\n[^1]: The note.',
];

function Paragraph({ node: _node, ...props }: ComponentProps<'p'> & { node?: unknown }) {
  return <p data-custom="yes" {...props} />;
}

const options: MarkdownBlockOptions = {
  components: { p: Paragraph },
  remarkPlugins: [remarkGfm],
  rehypePlugins: [],
  urlTransform: (url) => (url.startsWith('javascript:') || url.startsWith('data:') ? undefined : `${url}#seen`),
};

describe('renderMarkdown', () => {
  it.each([...sampleDocuments, ...hostile].map((source, index) => [index, source] as const))(
    'renders document %i to the same markup as react-markdown with the same options',
    (_index, source) => {
      const ours = render(<div>{renderMarkdown(source, options, { cursor: false, openFence: false })}</div>);
      const theirs = render(
        <div>
          <Markdown components={options.components} remarkPlugins={[remarkGfm]} urlTransform={options.urlTransform}>
            {source}
          </Markdown>
        </div>,
      );
      expect(ours.container.innerHTML).toBe(theirs.container.innerHTML);
      expect(ours.container.innerHTML.length).toBeGreaterThan(0);
    },
  );

  it('attaches plugins once per options object, and runs transformers on every parse', () => {
    let attached = 0;
    let ran = 0;
    const counting = () => {
      attached += 1;
      return () => {
        ran += 1;
      };
    };
    const own: MarkdownBlockOptions = { ...options, remarkPlugins: [counting] };
    for (const source of ['one', 'two', 'three']) render(<>{renderMarkdown(source, own, { cursor: false, openFence: false })}</>);
    expect(attached).toBe(1);
    expect(ran).toBe(3);
  });
});
