import { render } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';

const parsed: string[] = [];
/** A remark plugin that records the source of every parse. */
const countParses = () => (_tree: unknown, file: { value: unknown }) => {
  parsed.push(String(file.value));
};
const paragraphRenders: string[] = [];
function CountingParagraph({ node: _node, ...props }: ComponentProps<'p'> & { node?: unknown }) {
  paragraphRenders.push(String(props.children));
  return <p {...props} />;
}
const plugins = [countParses];
const components = { p: CountingParagraph };

const paragraphs = Array.from({ length: 6 }, (_, i) => `Paragraph ${i} says ${'word '.repeat(12)}done.`);
const document = paragraphs.join('\n\n');
const tokens = document.match(/\S+\s*/g) ?? [];

function stream(onUpdate: (text: string, rerenderedParses: string[]) => void): void {
  let text = '';
  const view = render(
    <StreamingMarkdown streaming remarkPlugins={plugins} components={components}>
      {text}
    </StreamingMarkdown>,
  );
  for (const token of tokens) {
    text += token;
    const before = parsed.length;
    view.rerender(
      <StreamingMarkdown streaming remarkPlugins={plugins} components={{ ...components }}>
        {text}
      </StreamingMarkdown>,
    );
    onUpdate(text, parsed.slice(before));
  }
}

describe('StreamingMarkdown incremental rendering', () => {
  beforeEach(() => {
    parsed.length = 0;
    paragraphRenders.length = 0;
  });

  it('parses each finished block once; an update re-parses only the tail', () => {
    let updates = 0;
    stream((_text, reparsed) => {
      updates += 1;
      // The tail, plus the block that just finished on the update that finishes it.
      expect(reparsed.length).toBeLessThanOrEqual(2);
    });
    expect(updates).toBe(tokens.length);
    for (const paragraph of paragraphs.slice(0, -1)) {
      expect(parsed.filter((source) => source === `${paragraph}\n\n`)).toHaveLength(1);
    }
    // Without memoization every update would re-parse every block.
    expect(parsed.length).toBeLessThan(tokens.length + paragraphs.length + 1);
  });

  it('does not re-render a finished paragraph while later text streams in', () => {
    const first = paragraphs[0] ?? '';
    let rendersWhenFinished = -1;
    stream((text) => {
      if (rendersWhenFinished === -1 && text.includes('Paragraph 1 says')) {
        rendersWhenFinished = paragraphRenders.filter((p) => p === first).length;
      }
    });
    expect(rendersWhenFinished).toBeGreaterThan(0);
    expect(paragraphRenders.filter((p) => p === first)).toHaveLength(rendersWhenFinished);
  });
});
