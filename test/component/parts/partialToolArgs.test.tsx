import { render, screen } from '@testing-library/react';
import type { ToolCallPart } from '../../../src/core/session/types';
import { ChatComponentsContext } from '../../../src/components/ChatComponentsContext';
import { partialArgsLoaded } from '../../../src/components/usePartialArgs';
import { ToolCallCard } from '../../../src/components/ToolCallCard';
import type { ToolRendererProps, ToolRenderers } from '../../../src/components/toolRenderers';

type AppTools = { send_email: { args: { to: string; cc: string[]; body: string }; result: { sent: boolean } } };

const seen: Array<{ complete: boolean; args: unknown }> = [];
function EmailCard({ args, argsComplete }: ToolRendererProps<AppTools['send_email']['args']>) {
  seen.push({ complete: argsComplete, args });
  return (
    <p>
      {argsComplete ? 'Complete' : 'Writing'}: to {args?.to ?? '...'}, cc {args?.cc?.join(' ') ?? '-'}
    </p>
  );
}
const renderers: ToolRenderers<AppTools> = { send_email: EmailCard };

const streaming = (argsText: string): ToolCallPart => ({ type: 'tool-call', toolCallId: 'call_1', name: 'send_email', argsText, state: 'streaming-args' });

describe('custom tool cards get the arguments as they stream', () => {
  it('the default card never loads the partial-arguments chunk', async () => {
    render(<ToolCallCard part={streaming('{"to":"ana@exa')} />);
    await new Promise((r) => setTimeout(r, 20));
    expect(partialArgsLoaded()).toBe(false);
    expect(screen.getByText('Preparing send_email...')).toBeInTheDocument();
  });

  it('a custom card gets args parsed so far with argsComplete false, then the complete args with argsComplete true', async () => {
    const tree = (part: ToolCallPart) => (
      <ChatComponentsContext.Provider value={{ toolRenderers: renderers }}>
        <ToolCallCard part={part} />
      </ChatComponentsContext.Provider>
    );
    const { rerender, container } = render(tree(streaming('{"to":"ana@exa')));
    // The custom card's chunk loads first: meanwhile its empty frame, with the data attributes.
    expect(container.firstElementChild).toHaveAttribute('data-state', 'streaming-args');
    expect(container.firstElementChild).toHaveClass('cw-tool-custom');
    expect(await screen.findByText('Writing: to ana@exa, cc -')).toBeInTheDocument();
    expect(seen[0]).toEqual({ complete: false, args: undefined });
    expect(partialArgsLoaded()).toBe(true);

    rerender(tree(streaming('{"to":"ana@example.com","cc":["bo@example.com","cy@ex')));
    expect(screen.getByText('Writing: to ana@example.com, cc bo@example.com cy@ex')).toBeInTheDocument();
    const args = { to: 'ana@example.com', cc: ['bo@example.com'], body: 'Hi' };
    rerender(tree({ ...streaming(JSON.stringify(args)), state: 'called', args }));
    expect(screen.getByText('Complete: to ana@example.com, cc bo@example.com')).toBeInTheDocument();
    expect(seen.at(-1)).toEqual({ complete: true, args });
  });

  it('text that is not the start of JSON gives undefined args, never a throw', async () => {
    const tree = (part: ToolCallPart) => (
      <ChatComponentsContext.Provider value={{ toolRenderers: renderers }}>
        <ToolCallCard part={part} />
      </ChatComponentsContext.Provider>
    );
    const { rerender } = render(tree(streaming('not json')));
    expect(await screen.findByText('Writing: to ..., cc -')).toBeInTheDocument();
    rerender(tree(streaming('')));
    expect(screen.getByText('Writing: to ..., cc -')).toBeInTheDocument();
    rerender(tree(streaming('{"to": "a", "cc": ["b"')));
    expect(screen.getByText('Writing: to a, cc b')).toBeInTheDocument();
  });
});
