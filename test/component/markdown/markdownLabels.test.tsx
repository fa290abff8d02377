import { render, screen, waitFor } from '@testing-library/react';
import { ChatComponentsContext } from '../../../src/components/ChatComponentsContext';
import { ChatLabelsContext } from '../../../src/components/ChatLabelsContext';
import { Message } from '../../../src/components/Message';
import type { ChatMessage } from '../../../src/core/session/types';
import type { LoadMermaid } from '../../../src/markdown/react/MermaidDiagram';
import { defaultMarkdownLabels, type MarkdownLabels } from '../../../src/markdown/react/markdownLabels';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';

/** A mermaid that rejects every diagram, so the error note shows. */
const loadMermaid: LoadMermaid = () =>
  Promise.resolve({ initialize: () => undefined, render: () => Promise.reject(new Error('Parse error on line 1')) });

/** Footnotes, a code block without a language, a diagram mermaid rejects, and a table. */
const answer = [
  'A claim[^1].\n\n',
  '```\nplain code\n```\n\n',
  '```mermaid\ngraph nope\n```\n\n',
  '| Plan | Price |\n|---|---|\n| Pro | 10 |\n\n',
  '[^1]: The source.\n',
].join('');

const parts = { loadMermaid };

const french: Partial<MarkdownLabels> = {
  plainText: 'texte',
  table: (header) => `Tableau : ${header}`,
  footnotes: 'Notes',
  backToReference: (number) => `Retour à l'appel ${number}`,
  diagram: 'Diagramme',
  diagramFailed: (message) => `Le diagramme n'a pas pu être dessiné : ${message}`,
};

/** Layout in jsdom: every element `width` px wide with `content` px of content, and a ResizeObserver that reports once. */
function pretendLayout(content: number, width: number): () => void {
  const scrollWidth = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'scrollWidth');
  const clientWidth = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth');
  Object.defineProperty(HTMLElement.prototype, 'scrollWidth', { configurable: true, get: () => content });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => width });
  const original = globalThis.ResizeObserver;
  globalThis.ResizeObserver = class {
    readonly callback: ResizeObserverCallback;
    constructor(callback: ResizeObserverCallback) {
      this.callback = callback;
    }
    observe(): void {
      queueMicrotask(() => this.callback([], this as unknown as ResizeObserver));
    }
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver;
  return () => {
    if (scrollWidth) Object.defineProperty(HTMLElement.prototype, 'scrollWidth', scrollWidth);
    if (clientWidth) Object.defineProperty(HTMLElement.prototype, 'clientWidth', clientWidth);
    globalThis.ResizeObserver = original;
  };
}

async function rendered(container: HTMLElement): Promise<void> {
  await waitFor(() => expect(container.querySelector('.cw-mermaid')).toHaveAttribute('data-state', 'error'));
  await waitFor(() => expect(container.querySelector('section.cw-footnotes')).not.toBeNull());
  await waitFor(() => expect(container.querySelector('.cw-table')).toHaveAttribute('data-overflow', 'true'));
}

describe('the markdown parts speak the labels catalog', () => {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    restore = pretendLayout(900, 100);
  });
  afterEach(() => restore());

  it('in English by default: the footnotes heading and back-links, a code block without a language, a failed diagram, a wide table', async () => {
    const { container } = render(<StreamingMarkdown components={{ loadMermaid }}>{answer}</StreamingMarkdown>);
    await rendered(container);
    expect(screen.getByRole('heading', { name: 'Footnotes' })).toBeInTheDocument();
    expect(container.querySelector('.cw-footnote-backref')).toHaveAttribute('aria-label', 'Back to reference 1');
    expect(container.querySelector('.cw-code-language')).toHaveTextContent(/^text$/);
    expect(container.querySelector('.cw-mermaid-error')).toHaveTextContent('The diagram could not be rendered: Parse error on line 1');
    const region = screen.getByRole('region', { name: 'Table: Plan, Price' });
    expect(region).toHaveAttribute('tabindex', '0');
    expect(region.querySelector('table')).not.toBeNull();
    expect(defaultMarkdownLabels.diagram).toBe('Diagram');
  });

  it('a `labels` override on StreamingMarkdown changes every one of them', async () => {
    const { container } = render(
      <StreamingMarkdown components={{ loadMermaid }} labels={french}>
        {answer}
      </StreamingMarkdown>,
    );
    await rendered(container);
    expect(screen.getByRole('heading', { name: 'Notes' })).toBeInTheDocument();
    expect(container.querySelector('.cw-footnote-backref')).toHaveAttribute('aria-label', "Retour à l'appel 1");
    expect(container.querySelector('.cw-code-language')).toHaveTextContent(/^texte$/);
    expect(container.querySelector('.cw-mermaid-error')).toHaveTextContent("Le diagramme n'a pas pu être dessiné : Parse error on line 1");
    expect(screen.getByRole('region', { name: 'Tableau : Plan, Price' })).toBeInTheDocument();
    expect(container.textContent).not.toMatch(/Footnotes|could not be rendered/);
  });

  it('the chat catalog (ChatWidget `labels`, ChatLabelsContext) reaches them in a message', async () => {
    const message: ChatMessage = { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: answer }], finishReason: 'stop' };
    const { container } = render(
      <ChatComponentsContext.Provider value={parts}>
        <ChatLabelsContext.Provider value={french}>
          <Message message={message} />
        </ChatLabelsContext.Provider>
      </ChatComponentsContext.Provider>,
    );
    await rendered(container);
    expect(screen.getByRole('heading', { name: 'Notes' })).toBeInTheDocument();
    expect(container.querySelector('.cw-mermaid-error')).toHaveTextContent(/^Le diagramme/);
    expect(screen.getByRole('region', { name: 'Tableau : Plan, Price' })).toBeInTheDocument();
  });

  it('a table that fits is no tab stop and no region', async () => {
    restore();
    restore = pretendLayout(100, 100);
    const { container } = render(<StreamingMarkdown>{'| Plan | Price |\n|---|---|\n| Pro | 10 |\n'}</StreamingMarkdown>);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const box = container.querySelector('.cw-table');
    expect(box?.querySelector('table')).not.toBeNull();
    expect(box).not.toHaveAttribute('tabindex');
    expect(box).not.toHaveAttribute('role');
    expect(box).not.toHaveAttribute('data-overflow');
  });
});
