import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ToolCallPart } from '../../../src/core/session/types';
import { ChatComponentsContext } from '../../../src/components/ChatComponentsContext';
import { ToolCallCard } from '../../../src/components/ToolCallCard';
import type { ToolRendererProps, ToolRenderers } from '../../../src/components/toolRenderers';
import { ChatProvider } from '../../../src/react/ChatProvider';

type AppTools = {
  send_email: { args: { to: string }; result: { sent: boolean } };
  get_local_time: { args: Record<string, never>; result: { time: string; zone: string } };
};

function EmailCard({ args, state, result, error, approve, deny, elapsedMs }: ToolRendererProps<AppTools['send_email']['args'], AppTools['send_email']['result']>) {
  return (
    <div>
      <p>To: {args?.to ?? '...'}</p>
      <p>State: {state}</p>
      {result && <p>Sent: {String(result.sent)}</p>}
      {error && <p role="alert">{error}</p>}
      {elapsedMs !== undefined && <p>Took {elapsedMs} ms</p>}
      {approve && <button onClick={() => void approve()}>Send it</button>}
      {deny && <button onClick={() => void deny('no')}>Do not send</button>}
    </div>
  );
}

const renderers: ToolRenderers<AppTools> = {
  send_email: EmailCard,
  get_local_time: ({ result }) => <p>{result ? `${result.time} ${result.zone}` : 'Reading the clock'}</p>,
};

const part: ToolCallPart = { type: 'tool-call', toolCallId: 'call_1', name: 'send_email', argsText: '{"to":"ana@example.com"}', args: { to: 'ana@example.com' }, state: 'awaiting-approval' };

describe('toolRenderers', () => {
  it('draws a tool with the app card (typed props, the same data attributes), other tools with ToolCallCard', async () => {
    const { container, rerender } = render(
      <ChatComponentsContext.Provider value={{ toolRenderers: renderers }}>
        <ToolCallCard part={{ ...part, state: 'result', result: { sent: true }, executingAt: 1_000, endedAt: 1_250 }} />
      </ChatComponentsContext.Provider>,
    );
    await screen.findByText('To: ana@example.com');
    const card = container.firstElementChild as HTMLElement;
    expect(card).toHaveClass('cw-tool-call', 'cw-tool-custom');
    expect(card).toHaveAttribute('data-state', 'result');
    expect(card).toHaveAttribute('data-tool', 'send_email');
    expect(card).toHaveTextContent('To: ana@example.com');
    expect(card).toHaveTextContent('Sent: true');
    expect(card).toHaveTextContent('Took 250 ms');

    rerender(
      <ChatComponentsContext.Provider value={{ toolRenderers: renderers }}>
        <ToolCallCard part={{ ...part, state: 'denied', isError: true, result: { message: 'Not run: the user denied this send_email call.' } }} />
      </ChatComponentsContext.Provider>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Not run: the user denied this send_email call.');
    expect(screen.queryByText(/^Sent:/)).toBeNull();

    rerender(
      <ChatComponentsContext.Provider value={{ toolRenderers: renderers }}>
        <ToolCallCard part={{ ...part, name: 'search', state: 'called' }} />
      </ChatComponentsContext.Provider>,
    );
    expect(container.firstElementChild).not.toHaveClass('cw-tool-custom');
    expect(screen.getByText('Calling search...')).toBeInTheDocument();
  });

  it('gives approve and deny while the call awaits approval inside a ChatProvider; they post the decision', async () => {
    const calls: Array<{ url: string; body: unknown }> = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), body: JSON.parse(String(init?.body)) });
      return new Response(JSON.stringify({ decision: { toolCallId: 'call_1', approved: false, decidedBy: 'user' }, seq: 3 }), { headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    render(
      <ChatProvider endpoint="/api/chat" fetch={fetch} conversationId="c9" resumeOnMount={false} storage={null} multiTab={false}>
        <ChatComponentsContext.Provider value={{ toolRenderers: renderers }}>
          <ToolCallCard part={part} />
        </ChatComponentsContext.Provider>
      </ChatProvider>,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Do not send' }));
    await vi.waitFor(() => expect(calls).toEqual([{ url: '/api/chat/c9/tool-calls/call_1/decision', body: { approved: false, reason: 'no' } }]));
  });
});

describe('toolRenderers types', () => {
  it('types each card from the tools declared once: its arguments (whole, or partial while they stream) and its result; a card that does not fit is refused by the type-check', () => {
    const cards: ToolRenderers<AppTools> = {
      get_local_time: (props) => {
        expectTypeOf(props.result).toEqualTypeOf<{ time: string; zone: string } | undefined>();
        // @ts-expect-error get_local_time's result has no `sent`
        void props.result?.sent;
        return null;
      },
      send_email: (props) => {
        if (props.argsComplete) expectTypeOf(props.args).toEqualTypeOf<{ to: string }>();
        else expectTypeOf(props.args).toEqualTypeOf<{ to?: string } | undefined>();
        return null;
      },
    };
    // @ts-expect-error a card for a tool the app did not declare
    const undeclared: ToolRenderers<AppTools> = { send_sms: EmailCard };
    // @ts-expect-error send_email's slot refuses a card typed for get_local_time's result
    const swapped: ToolRenderers<AppTools> = { send_email: (p: ToolRendererProps<Record<string, never>, { time: string; zone: string }>) => <p>{p.result?.zone}</p> };
    expect(Object.keys(cards)).toEqual(['get_local_time', 'send_email']);
    expect([undeclared, swapped].map((map) => Object.keys(map))).toEqual([['send_sms'], ['send_email']]);
  });
});
