import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ChatComponentsContext } from '../../../src/components/ChatComponentsContext';
import { ChatLabelsContext } from '../../../src/components/ChatLabelsContext';
import { Message } from '../../../src/components/Message';
import type { ChatMessage } from '../../../src/core/session/types';
import { ChatProvider } from '../../../src/react/ChatProvider';

/** The card's chunk loads when the test opens the gate (counting the loads). */
const gate = vi.hoisted(() => {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open: () => open(), opened, loads: 0 };
});
vi.mock('../../../src/components/loadToolCallCard', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/components/loadToolCallCard')>();
  return {
    loadToolCallCard: () => {
      gate.loads += 1;
      return gate.opened.then(() => original.loadToolCallCard());
    },
  };
});

const answer: ChatMessage = {
  id: 'a1',
  role: 'assistant',
  parts: [
    { type: 'tool-call', toolCallId: 'call_1', name: 'deploy', argsText: '{"env":"prod"}', args: { env: 'prod' }, state: 'awaiting-approval' },
    { type: 'tool-call', toolCallId: 'call_2', name: 'send_email', argsText: '{"to":"ana"}', args: { to: 'ana' }, state: 'result', result: { sent: true } },
  ],
};

describe("Message's default tool card, loaded on demand", () => {
  it('shows the frame of each call (its name, aria-busy) until the chunk is there, then the card, reading the page\'s store, labels and tool cards', async () => {
    const calls: Array<{ url: string; body: unknown }> = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), body: JSON.parse(String(init?.body)) });
      return new Response(JSON.stringify({ decision: { toolCallId: 'call_1', approved: true, decidedBy: 'user' }, seq: 3 }), { headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const { container } = render(
      <ChatProvider endpoint="/api/chat" fetch={fetch} conversationId="c9" resumeOnMount={false} storage={null} multiTab={false}>
        <ChatLabelsContext.Provider value={{ approve: 'Go ahead' }}>
          <ChatComponentsContext.Provider value={{ toolRenderers: { send_email: ({ result }) => <p>Mail sent: {String((result as { sent: boolean } | undefined)?.sent)}</p> } }}>
            <Message message={answer} />
          </ChatComponentsContext.Provider>
        </ChatLabelsContext.Provider>
      </ChatProvider>,
    );
    const frames = [...container.querySelectorAll('.cw-tool-call')];
    expect(frames.map((f) => [f.getAttribute('data-tool'), f.getAttribute('aria-busy'), f.textContent])).toEqual([
      ['deploy', 'true', 'deploy'],
      ['send_email', 'true', 'send_email'],
    ]);
    expect(screen.queryByRole('button')).toBeNull();
    expect(gate.loads).toBe(1); // one load for both calls

    gate.open();
    await userEvent.click(await screen.findByRole('button', { name: 'Go ahead' }));
    expect(await screen.findByText('Mail sent: true')).toBeInTheDocument(); // the app's card is its own chunk (CustomToolCall)
    expect(container.querySelector('[aria-busy]')).toBeNull();
    await vi.waitFor(() => expect(calls).toEqual([{ url: '/api/chat/c9/tool-calls/call_1/decision', body: { approved: true } }]));
  });
});
