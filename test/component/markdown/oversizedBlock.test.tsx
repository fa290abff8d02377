import { render, waitFor } from '@testing-library/react';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';
import { MAX_HIGHLIGHT_CHARS, MAX_MARKDOWN_BLOCK_CHARS } from '../../../src/markdown/react/OversizedBlock';

const row = (i: number) => `| ${i} | **value ${i}** | [x](javascript:alert(${i})) |`;
const table = (rows: number) => `| # | value | link |\n|---|---|---|\n${Array.from({ length: rows }, (_, i) => row(i)).join('\n')}\n`;

describe('StreamingMarkdown: blocks too long to parse', () => {
  it('renders a block over the limit as its text, line breaks kept, nothing interpreted', () => {
    const huge = table(Math.ceil(MAX_MARKDOWN_BLOCK_CHARS / row(1000).length) + 50);
    expect(huge.length).toBeGreaterThan(MAX_MARKDOWN_BLOCK_CHARS);
    const view = render(<StreamingMarkdown>{`Intro **bold**.\n\n${huge}\nAfter.\n`}</StreamingMarkdown>);
    const block = view.container.querySelector('.cw-oversized-block');
    expect(block).toHaveAttribute('data-oversized', 'true');
    expect(block?.textContent?.trimEnd()).toBe(huge.trimEnd());
    expect(block?.textContent).toContain('| 5 | **value 5** | [x](javascript:alert(5)) |\n| 6 |');
    expect(view.container.querySelector('table')).toBeNull();
    expect(view.container.querySelector('a')).toBeNull();
    // Blocks around it are still markdown.
    expect(view.container.querySelector('strong')).toHaveTextContent('bold');
    expect(view.container.querySelectorAll('p')).toHaveLength(2);
  });

  it('keeps parsing a block under the limit', () => {
    const small = table(20);
    const view = render(<StreamingMarkdown>{small}</StreamingMarkdown>);
    expect(view.container.querySelector('.cw-oversized-block')).toBeNull();
    expect(view.container.querySelectorAll('tbody tr')).toHaveLength(20);
  });

  it('shows a long fenced block as a code block: plain while open, highlighted once closed, no fence lines in the code', async () => {
    const line = 'const value: number = compute(1, 2, 3); // a long enough line\n';
    const code = line.repeat(Math.ceil(MAX_MARKDOWN_BLOCK_CHARS / line.length) + 10);
    const open = `\`\`\`ts\n${code}`;
    const view = render(<StreamingMarkdown streaming>{open}</StreamingMarkdown>);
    const block = () => view.container.querySelector('.cw-code-block');
    expect(block()).toHaveAttribute('data-state', 'streaming');
    expect(block()).toHaveAttribute('data-language', 'ts');
    expect(block()?.querySelector('.cw-cursor')).not.toBeNull();

    view.rerender(<StreamingMarkdown streaming={false}>{`${open}\`\`\`\n`}</StreamingMarkdown>);
    await waitFor(() => expect(block()).toHaveAttribute('data-state', 'highlighted'), { timeout: 20_000 });
    const text = block()?.querySelector('pre')?.textContent ?? '';
    expect(text.startsWith('const value')).toBe(true);
    expect(text).not.toContain('```');
    expect(text.trimEnd().endsWith('// a long enough line')).toBe(true);
  }, 30_000);

  it('does not highlight fenced code over the highlight limit', () => {
    const code = 'x'.repeat(MAX_HIGHLIGHT_CHARS + 10);
    const view = render(<StreamingMarkdown>{`\`\`\`js\n${code}\n\`\`\`\n`}</StreamingMarkdown>);
    const block = view.container.querySelector('.cw-code-block');
    expect(block).toHaveAttribute('data-state', 'plain');
    expect(block?.querySelector('pre')?.textContent).toBe(code);
  });
});
