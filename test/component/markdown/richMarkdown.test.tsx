import { act, render } from '@testing-library/react';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';
import { richMarkdownChunk } from '../../../src/markdown/react/loadRichMarkdown';
import { loadKatex } from '../../../src/markdown/rich/renderMath';

async function rendered(text: string) {
  const screen = render(<StreamingMarkdown requestFrame={null}>{text}</StreamingMarkdown>);
  await act(async () => {
    await richMarkdownChunk.load();
  });
  await act(async () => {
    await loadKatex();
  });
  return screen.container;
}

describe('StreamingMarkdown: math and footnotes', () => {
  it('renders inline and display math with KaTeX (MathML), currency stays text', async () => {
    const root = await rendered('Energy $E=mc^2$ costs $5 and $10.\n\n$$\n\\frac{a}{b}\n$$\n\nAlso \\(x^2\\) and \\[y\\].');
    const maths = root.querySelectorAll('.cw-math');
    expect(maths).toHaveLength(4);
    expect(maths[0]?.querySelector('math')).not.toBeNull();
    expect(maths[1]?.tagName).toBe('DIV');
    expect(maths[1]?.querySelector('math')?.getAttribute('display')).toBe('block');
    expect(root.textContent).toContain('costs $5 and $10.');
    expect(root.textContent).not.toContain('$$');
    expect(root.textContent).not.toContain('\\(');
  });

  it('numbers footnote references and lists definitions from later blocks, with back-links', async () => {
    const root = await rendered('First[^a] and second[^b].\n\nMore text.\n\n[^b]: Bee.\n[^a]: Ay *em*.\n');
    const refs = [...root.querySelectorAll('sup.cw-footnote-ref a')];
    expect(refs.map((a) => a.textContent)).toEqual(['1', '2']);
    const items = [...root.querySelectorAll('section.cw-footnotes li')];
    expect(items.map((li) => li.textContent)).toEqual(['Ay em.↩', 'Bee.↩']);
    expect(refs[0]?.getAttribute('href')).toBe(`#${items[0]?.id}`);
    expect(items[0]?.querySelector('a.cw-footnote-backref')?.getAttribute('href')).toBe(`#${refs[0]?.id}`);
    expect(root.textContent).not.toContain('[^');
  });
});
