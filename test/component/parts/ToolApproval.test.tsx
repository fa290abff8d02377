import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ToolDecisionOutcome } from '../../../src/core/session/decideToolCall';
import type { ToolCallPart } from '../../../src/core/session/types';
import { ToolCallCard } from '../../../src/components/ToolCallCard';
import { ChatProvider } from '../../../src/react/ChatProvider';

const pending: ToolCallPart = {
  type: 'tool-call',
  toolCallId: 'call_1',
  name: 'send_email',
  argsText: '{"to":"ana@example.com"}',
  args: { to: 'ana@example.com' },
  state: 'awaiting-approval',
  approval: { requestedAt: 1, expiresAt: Date.now() + 600_000 },
};

describe('ToolCallCard awaiting approval', () => {
  it('shows the arguments with Approve and Deny; Deny sends the reason typed, once', async () => {
    const decide = vi.fn(async (): Promise<ToolDecisionOutcome> => ({ recorded: true, decision: { toolCallId: 'call_1', approved: false, decidedBy: 'user' } }));
    const { container } = render(<ToolCallCard part={pending} onDecide={decide} />);
    expect(container.firstElementChild).toHaveAttribute('data-state', 'awaiting-approval');
    expect(screen.getByText('send_email needs your approval')).toBeInTheDocument();
    expect(container.querySelector('.cw-tool-call-args')).toHaveTextContent('"to": "ana@example.com"');
    await userEvent.type(screen.getByRole('textbox', { name: /reason/i }), 'Not Ana');
    await userEvent.click(screen.getByRole('button', { name: 'Deny' }));
    expect(decide).toHaveBeenCalledWith(false, 'Not Ana');
    // Recorded: the buttons stay disabled until the decision arrives on the stream (the part changes).
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(decide).toHaveBeenCalledTimes(1);
  });

  it('when someone decided first it says so and disables the buttons; a failure is an alert and the buttons stay', async () => {
    const first = vi.fn(async (): Promise<ToolDecisionOutcome> => ({ recorded: false, decision: { toolCallId: 'call_1', approved: true, decidedBy: 'user' } }));
    const { unmount } = render(<ToolCallCard part={pending} onDecide={first} />);
    await userEvent.click(screen.getByRole('button', { name: 'Deny' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Already decided: approved.');
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
    unmount();

    const failing = vi.fn(async () => {
      throw new Error('HTTP 503: the store is down');
    });
    render(<ToolCallCard part={pending} onDecide={failing} />);
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The decision was not sent: HTTP 503: the store is down');
    expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
  });

  it('inside a ChatProvider the buttons post the decision route of its conversation; outside one without onDecide there are none', async () => {
    const calls: Array<{ url: string; body: unknown }> = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), body: JSON.parse(String(init?.body)) });
      return new Response(JSON.stringify({ decision: { toolCallId: 'call_1', approved: true, decidedBy: 'user' }, seq: 9 }), { headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const { unmount } = render(
      <ChatProvider endpoint="/api/chat" fetch={fetch} conversationId="conv-1" resumeOnMount={false} storage={null} multiTab={false}>
        <ToolCallCard part={pending} />
      </ChatProvider>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await vi.waitFor(() => expect(calls).toEqual([{ url: '/api/chat/conv-1/tool-calls/call_1/decision', body: { approved: true } }]));
    unmount();
    render(<ToolCallCard part={pending} />);
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('a call that was not approved says who decided and why', () => {
    const { rerender, container } = render(<ToolCallCard part={{ ...pending, state: 'denied', approval: { approved: false, reason: 'Not Ana', decidedBy: 'user' } }} />);
    expect(container.firstElementChild).toHaveAttribute('data-state', 'denied');
    expect(screen.getByText('Not run: send_email was denied')).toBeInTheDocument();
    expect(screen.getByText('Reason: Not Ana')).toBeInTheDocument();
    rerender(<ToolCallCard part={{ ...pending, state: 'denied', approval: { approved: false, decidedBy: 'timeout' } }} />);
    expect(screen.getByText('Not run: send_email was not approved in time')).toBeInTheDocument();
    rerender(<ToolCallCard part={{ ...pending, state: 'denied', approval: { approved: false, decidedBy: 'stop' } }} />);
    expect(screen.getByText('Not run: stopped while send_email awaited approval')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('counts down to the request\'s expiresAt each second; once it passed the card is approval-expired without the buttons', () => {
    vi.useFakeTimers({ now: 1_000 });
    try {
      const part: ToolCallPart = { ...pending, approval: { requestedAt: 1_000, expiresAt: 66_000 } };
      const { container } = render(<ToolCallCard part={part} onDecide={vi.fn()} />);
      const deadline = container.querySelector('.cw-tool-call-deadline');
      expect(deadline).toHaveTextContent('Decide within 1:05');
      expect(deadline?.querySelector('time')).toHaveAttribute('datetime', new Date(66_000).toISOString());
      act(() => vi.advanceTimersByTime(6_000));
      expect(container.querySelector('.cw-tool-call-deadline')).toHaveTextContent('Decide within 0:59');
      expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
      act(() => vi.advanceTimersByTime(59_000));
      expect(container.firstElementChild).toHaveAttribute('data-state', 'approval-expired');
      expect(screen.getByText('send_email was not approved in time')).toBeInTheDocument();
      expect(screen.getByText(/The time to decide has run out/)).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
