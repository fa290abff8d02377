import { act, render, waitFor } from '@testing-library/react';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';
import type { LoadMermaid } from '../../../src/markdown/react/MermaidDiagram';

function fakeMermaid() {
  const rendered: string[] = [];
  const initialize = vi.fn();
  const load: LoadMermaid = () =>
    Promise.resolve({
      initialize,
      render: (_id: string, text: string) => {
        rendered.push(text);
        if (text.includes('bad')) return Promise.reject(new Error('Parse error on line 2'));
        return Promise.resolve({ svg: `<svg data-testid="diagram"><text>${text.length}</text></svg>` });
      },
    });
  return { load, rendered, initialize };
}

const open = 'A flow:\n\n```mermaid\ngraph TD\n  A-->B';
const closed = `${open}\n\`\`\`\n`;

describe('mermaid blocks', () => {
  it('stream as code, then swap to the diagram once the fence closes (strict security), rendering once', async () => {
    const mermaid = fakeMermaid();
    const components = { loadMermaid: mermaid.load };
    const view = render(<StreamingMarkdown streaming components={components} requestFrame={null}>{open}</StreamingMarkdown>);
    expect(view.container.querySelector('.cw-code-block')).toHaveAttribute('data-state', 'streaming');
    expect(view.container.querySelector('.cw-mermaid')).toBeNull();
    view.rerender(<StreamingMarkdown streaming components={components} requestFrame={null}>{closed}</StreamingMarkdown>);
    await waitFor(() => expect(view.container.querySelector('.cw-mermaid')).toHaveAttribute('data-state', 'rendered'));
    expect(view.container.querySelector('[data-testid="diagram"]')).not.toBeNull();
    expect(view.container.querySelector('.cw-code-block')).toBeNull();
    expect(view.container.textContent).not.toContain('A-->B');
    expect(mermaid.initialize).toHaveBeenCalledWith(expect.objectContaining({ securityLevel: 'strict', startOnLoad: false }));
    view.rerender(<StreamingMarkdown components={components}>{`${closed}\nAfter.`}</StreamingMarkdown>);
    expect(view.container.querySelector('.cw-mermaid')).toHaveAttribute('data-state', 'rendered');
    expect(mermaid.rendered).toEqual(['graph TD\n  A-->B\n']);
  });

  it('keeps the code block with a note when mermaid rejects the diagram', async () => {
    const mermaid = fakeMermaid();
    const view = render(<StreamingMarkdown components={{ loadMermaid: mermaid.load }}>{'```mermaid\ngraph bad\n```\n'}</StreamingMarkdown>);
    await waitFor(() => expect(view.container.querySelector('.cw-mermaid')).toHaveAttribute('data-state', 'error'));
    expect(view.container.querySelector('.cw-code-block')).toHaveTextContent('graph bad');
    expect(view.container.querySelector('.cw-mermaid-error')).toHaveTextContent('The diagram could not be rendered: Parse error on line 2');
  });

  it('stays a code block without loadMermaid', async () => {
    const view = render(<StreamingMarkdown>{'```mermaid\ngraph TD\n```\n'}</StreamingMarkdown>);
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(view.container.querySelector('.cw-mermaid')).toBeNull();
    expect(view.container.querySelector('.cw-code-block')).toHaveTextContent('graph TD');
  });
});

describe('images', () => {
  it('load lazily with their alt text; a blocked URL shows the alt text', () => {
    const view = render(<StreamingMarkdown>{'![a chart](https://example.com/c.png) and ![bad](javascript:alert(1))'}</StreamingMarkdown>);
    const image = view.container.querySelector('img');
    expect(image).toHaveAttribute('loading', 'lazy');
    expect(image).toHaveAttribute('alt', 'a chart');
    expect(view.container.querySelector('.cw-image-blocked')).toHaveTextContent('bad');
  });
});
