import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ChatMessage } from '../../../src/core/session/types';
import { ChatComponentsContext } from '../../../src/components/ChatComponentsContext';
import { Message } from '../../../src/components/Message';
import type { ToolCallCardProps } from '../../../src/components/ToolCallCard';

const toolAnswer: ChatMessage = {
  id: 'a1',
  role: 'assistant',
  parts: [
    { type: 'status', text: 'Planning...' },
    { type: 'reasoning', text: 'I need two lookups.' },
    { type: 'tool-call', toolCallId: 't1', name: 'search', argsText: '{"q":"a"}', args: { q: 'a' }, state: 'result', result: 'A' },
    { type: 'tool-call', toolCallId: 't2', name: 'fetch_page', argsText: '{"url":"x"}', args: { url: 'x' }, state: 'executing', executingAt: 1 },
    { type: 'tool-call', toolCallId: 't3', name: 'calculator', argsText: '{"ex', state: 'streaming-args' },
    { type: 'status', text: 'Reading 3 pages...' },
  ],
};

describe('Message', () => {
  it('renders several tool calls as distinct cards, in order, each with its state', async () => {
    const { container } = render(<Message message={toolAnswer} live />);
    const cards = () => [...container.querySelectorAll('.cw-tool-call')];
    // The default card loads on demand (LazyToolCallCard): once there, each call is a full card.
    await waitFor(() => expect(cards().map((c) => c.getAttribute('data-state'))).toEqual(['result', 'executing', 'streaming-args']));
    expect(cards().map((c) => c.getAttribute('data-tool'))).toEqual(['search', 'fetch_page', 'calculator']);
    const order = [...container.firstElementChild!.children].map((el) => el.className.split(' ')[0]);
    expect(order.slice(0, 5)).toEqual(['cw-reasoning', 'cw-tool-call', 'cw-tool-call', 'cw-tool-call', 'cw-status']);
  });

  it('shows only the latest status, live while it is the live message tail', () => {
    const { rerender } = render(<Message message={toolAnswer} live />);
    expect(screen.queryByText('Planning...')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Reading 3 pages...');
    rerender(<Message message={toolAnswer} live={false} />);
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByText('Reading 3 pages...')).toHaveAttribute('data-state', 'done');
  });

  it('renders user text as plain text, never markdown or HTML', () => {
    const { container } = render(
      <Message message={{ id: 'u', role: 'user', parts: [{ type: 'text', text: '**not bold** <b>x</b>' }] }} />,
    );
    expect(container.querySelector('strong, b')).toBeNull();
    expect(container).toHaveTextContent('**not bold** <b>x</b>');
    expect(container.firstElementChild).toHaveAttribute('data-role', 'user');
  });

  it('renders assistant text as markdown, with the cursor only while live', () => {
    const message: ChatMessage = { id: 'a', role: 'assistant', parts: [{ type: 'text', text: 'Some **bold** words' }] };
    const { container, rerender } = render(<Message message={message} live />);
    expect(container.querySelector('strong')).toHaveTextContent('bold');
    expect(container.querySelectorAll('.cw-cursor')).toHaveLength(1);
    rerender(<Message message={message} />);
    expect(container.querySelector('.cw-cursor')).toBeNull();
  });

  it('shows no cursor while the live answer waits for a person: a call awaiting approval, an interrupted page tool', () => {
    const call = { type: 'tool-call' as const, toolCallId: 't1', name: 'send_email', argsText: '{}', args: {} };
    const { container, rerender } = render(<Message message={{ id: 'a', role: 'assistant', parts: [{ ...call, state: 'awaiting-approval' }] }} live />);
    expect(container.querySelector('.cw-cursor')).toBeNull();
    rerender(<Message message={{ id: 'a', role: 'assistant', parts: [{ ...call, state: 'executing', runsOn: 'page', claimedBy: 'd-1', interrupted: true }] }} live />);
    expect(container.querySelector('.cw-cursor')).toBeNull();
    // Running (or approved and about to run): the answer goes on, so the cursor waits for it.
    rerender(<Message message={{ id: 'a', role: 'assistant', parts: [{ ...call, state: 'executing' }] }} live />);
    expect(container.querySelectorAll('.cw-cursor')).toHaveLength(1);
  });

  it('shows a waiting cursor on a live answer before any text', () => {
    const { container } = render(<Message message={{ id: 'a', role: 'assistant', parts: [] }} live />);
    expect(container.querySelectorAll('.cw-cursor')).toHaveLength(1);
  });

  it('shows an error part with Retry when a retry is given', async () => {
    const retry = vi.fn();
    render(
      <Message
        message={{ id: 'a', role: 'assistant', parts: [{ type: 'text', text: 'Partial' }, { type: 'error', message: 'Overloaded', retryable: true }] }}
        onRetry={retry}
      />,
    );
    expect(screen.getByText('Partial')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Overloaded');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('uses parts and markdown elements from the components map', () => {
    const MyCard = ({ part }: ToolCallCardProps) => <div data-testid="my-card">{`${part.name}:${part.state}`}</div>;
    const message: ChatMessage = {
      id: 'a',
      role: 'assistant',
      parts: [toolAnswer.parts[2]!, { type: 'text', text: 'Hello paragraph' }],
    };
    render(
      <ChatComponentsContext.Provider value={{ ToolCallCard: MyCard, p: ({ children }) => <p data-testid="my-p">{children}</p> }}>
        <Message message={message} />
      </ChatComponentsContext.Provider>,
    );
    expect(screen.getByTestId('my-card')).toHaveTextContent('search:result');
    expect(document.querySelector('.cw-tool-call')).toBeNull();
    expect(within(screen.getByTestId('my-p')).getByText('Hello paragraph')).toBeInTheDocument();
  });
});
