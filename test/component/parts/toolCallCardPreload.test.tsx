import { render, screen } from '@testing-library/react';
import { Message } from '../../../src/components/Message';
import { preloadToolCallCard } from '../../../src/components/LazyToolCallCard';
import type { ChatMessage } from '../../../src/core/session/types';

const loads = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../src/components/loadToolCallCard', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/components/loadToolCallCard')>();
  return {
    loadToolCallCard: () => {
      loads.count += 1;
      return original.loadToolCallCard();
    },
  };
});

const writing: ChatMessage = { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'Let me look that up.' }] };

describe("Message's default tool card, loaded before the first tool call", () => {
  it('starts loading when an answer is being written (not for a finished one); its first tool call then shows the full card at once', async () => {
    const { rerender, container } = render(<Message message={writing} />);
    expect(loads.count).toBe(0);
    rerender(<Message message={writing} live />);
    expect(loads.count).toBe(1);
    await preloadToolCallCard();

    rerender(
      <Message
        message={{ ...writing, parts: [...writing.parts, { type: 'tool-call', toolCallId: 't1', name: 'search', argsText: '{"q":"plans"}', args: { q: 'plans' }, state: 'called' }] }}
        live
      />,
    );
    // The same render: no frame first.
    expect(container.querySelector('[aria-busy]')).toBeNull();
    expect(screen.getByText('Calling search...')).toBeInTheDocument();
    expect(loads.count).toBe(1);
  });
});
