// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { ChatWidget } from '../../../src/components/ChatWidget';
import { MessageList } from '../../../src/components/MessageList';
import type { ChatMessage } from '../../../src/core/session/types';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';

/**
 * React 18's `react-dom/server` warns "useLayoutEffect does nothing on the server" whenever
 * a component calls it; React 19 (installed here) dropped that warning. To keep this test
 * able to fail, chatwire's own modules get a `useLayoutEffect` that reports the call the way
 * React 18 does (react-dom itself keeps the real React).
 */
vi.mock('react', async (importOriginal) => {
  const react = await importOriginal<typeof import('react')>();
  return {
    ...react,
    useLayoutEffect: (...args: Parameters<typeof react.useLayoutEffect>) => {
      if (typeof document === 'undefined') console.error('Warning: useLayoutEffect does nothing on the server.');
      return react.useLayoutEffect(...args);
    },
  };
});

const history: ChatMessage[] = [
  { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'What is the capital of France?' }] },
  { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: '## Paris\n\nParis is the **capital** [1].' }, { type: 'citations', citations: [{ id: '1', title: 'Atlas' }] }] },
];

function serverRender(element: React.ReactElement): { html: string; reported: string[] } {
  const reported: string[] = [];
  const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void reported.push(args.map(String).join(' ')));
  const warn = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void reported.push(args.map(String).join(' ')));
  try {
    return { html: renderToString(element), reported };
  } finally {
    error.mockRestore();
    warn.mockRestore();
  }
}

describe('server rendering with react-dom/server', () => {
  it('renders ChatWidget with history to HTML without a warning or an error', () => {
    const { html, reported } = serverRender(<ChatWidget endpoint="/api/chat" initialMessages={history} />);
    expect(reported).toEqual([]);
    expect(html).toContain('What is the capital of France?');
    expect(html).toMatch(/<h2[^>]*>Paris<\/h2>/);
  });

  it('renders a live answer (MessageList, StreamingMarkdown while streaming) without a warning or an error', () => {
    const live: ChatMessage[] = [history[0] as ChatMessage, { id: 'a2', role: 'assistant', parts: [{ type: 'text', text: 'Paris is the cap' }] }];
    const list = serverRender(<MessageList messages={live} phase="generating" />);
    expect(list.reported).toEqual([]);
    expect(list.html).toContain('data-phase="generating"');
    const markdown = serverRender(<StreamingMarkdown streaming>{'# Title\n\nSome **bold** text'}</StreamingMarkdown>);
    expect(markdown.reported).toEqual([]);
    expect(markdown.html).toContain('data-state="streaming"');
    expect(markdown.html).toContain('Title');
  });

  it('would report a layout effect called on the server (the stand-in for React 18 works)', async () => {
    const { useLayoutEffect } = await import('react');
    function Measures() {
      useLayoutEffect(() => undefined, []);
      return null;
    }
    expect(serverRender(<Measures />).reported).toEqual(['Warning: useLayoutEffect does nothing on the server.']);
  });
});
