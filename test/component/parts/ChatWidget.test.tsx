import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ChatEvent } from '../../../src/core/events';
import { ChatWidget } from '../../../src/components/ChatWidget';
import { createMockFetch, type MockStep } from '../../../stories/support/mockStream';

const answer: MockStep[] = [
  { type: 'status', text: 'Searching the docs...' },
  { type: 'tool-call-start', toolCallId: 'c1', name: 'search' },
  { type: 'tool-call-delta', toolCallId: 'c1', argsDelta: '{"q":"pricing"}' },
  { type: 'tool-call', toolCallId: 'c1', name: 'search', args: { q: 'pricing' } },
  { type: 'tool-executing', toolCallId: 'c1' },
  { type: 'tool-result', toolCallId: 'c1', result: { plans: 3 } },
  { type: 'text-delta', delta: 'There are three plans.' },
  { type: 'done', finishReason: 'stop' },
];

const widget = (fetch: typeof globalThis.fetch, extra: Partial<Parameters<typeof ChatWidget>[0]> = {}) => (
  <ChatWidget endpoint="/api/chat" fetch={fetch} storage={null} protocol="chatwire" title="Assistant" {...extra} />
);

/** The visible conversation (the screen-reader announcer repeats finished answers). */
/** Bound for the mock stream to play out; generous because the machine is shared. */
const settle = { timeout: 10_000 };

const list = () => within(screen.getByRole('region', { name: 'Messages' }));

describe('ChatWidget', () => {
  it('sends a prompt and shows the streamed answer and tool card, end to end over the chatwire protocol', async () => {
    const user = userEvent.setup();
    const { fetch, log } = createMockFetch({ script: () => answer, delayMs: 0, chunkSize: 5 });
    const onFinish = vi.fn();
    const { container } = render(widget(fetch, { onFinish }));
    const root = container.firstElementChild as HTMLElement;
    expect(root).toHaveAttribute('data-phase', 'idle');
    expect(root).toHaveClass('cw-widget', 'cw-theme');
    expect(root).toHaveAttribute('data-theme', 'auto');

    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'How many plans?{Enter}');
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'complete'), settle);
    expect(log.prompts).toEqual([expect.objectContaining({ message: expect.objectContaining({ text: 'How many plans?' }) })]);

    const list = screen.getByRole('region', { name: 'Messages' });
    expect(within(list).getByText('How many plans?')).toBeInTheDocument();
    expect(within(list).getByText('There are three plans.')).toBeInTheDocument();
    // The tool card's chunk started loading with the answer; with an instant mock stream it may land just after it.
    await waitFor(() => expect(container.querySelector('.cw-tool-call')).toHaveAttribute('data-state', 'result'), settle);
    expect(container.querySelector('.cw-tool-call')).toHaveTextContent('"plans": 3');
    // The announcer is set by an effect of the render that ended the answer.
    await waitFor(() => expect(container.querySelector('[aria-live="polite"]')).toHaveTextContent('There are three plans.'), settle);
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    // With an instant mock stream the answer may end before the metrics' code (the lazy session chunk) is in; onFinish then follows it.
    await waitFor(() => expect(onFinish).toHaveBeenCalledTimes(1), settle);
  });

  it('turns Send into Stop while generating; Stop cancels on the server and keeps the partial answer', async () => {
    const user = userEvent.setup();
    const slow: MockStep[] = [{ type: 'text-delta', delta: 'Partial answer' }, { pause: 60_000 }, { type: 'text-delta', delta: ' never' }];
    const { fetch, log } = createMockFetch({ script: () => slow, delayMs: 0, chunkSize: 100, conversationId: 'conv-mock' });
    const { container } = render(widget(fetch));
    const root = container.firstElementChild as HTMLElement;
    await user.type(screen.getByRole('textbox'), 'Tell me{Enter}');
    await waitFor(() => expect(list().getByText('Partial answer')).toBeInTheDocument(), settle);
    expect(root).toHaveAttribute('data-phase', 'generating');
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'cancelled'), settle);
    // The cancel request is sent once the session's lazy chunk has loaded (at once after the first stop).
    await waitFor(() => expect(log.requests).toContain('POST /api/chat/conv-mock/cancel'), settle);
    expect(list().getByText('Partial answer')).toBeInTheDocument();
    expect(list().getByText('Stopped')).toBeInTheDocument();
    expect(list().queryByText(/never/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Send' })).toBeInTheDocument();
  });

  it('shows an error with Retry, and Retry sends the prompt again', async () => {
    const user = userEvent.setup();
    const script = (_: string, attempt: number): MockStep[] =>
      attempt === 1
        ? [{ type: 'text-delta', delta: 'Half' }, { type: 'error', message: 'The model is overloaded.', code: 'overloaded_error', retryable: true } as ChatEvent]
        : [{ type: 'text-delta', delta: 'Second time lucky.' }];
    const { fetch, log } = createMockFetch({ script, delayMs: 0 });
    const { container } = render(widget(fetch));
    const root = container.firstElementChild as HTMLElement;
    await user.type(screen.getByRole('textbox'), 'Hi{Enter}');
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'error'), settle);
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.getByRole('alert')).toHaveTextContent('The model is overloaded.');
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'complete'), settle);
    expect(list().getByText('Second time lucky.')).toBeInTheDocument();
    expect(log.prompts).toHaveLength(2);
  });

  it('replaces parts from the components map and renders unstyled with theme="none"', async () => {
    const user = userEvent.setup();
    const { fetch } = createMockFetch({ script: () => answer, delayMs: 0, chunkSize: 50 });
    const { container } = render(
      widget(fetch, {
        theme: 'none',
        className: 'host-chat',
        components: { ToolCallCard: ({ part }) => <div data-testid="custom-tool">{part.name}</div> },
      }),
    );
    const root = container.firstElementChild as HTMLElement;
    expect(root).not.toHaveClass('cw-theme');
    expect(root).not.toHaveAttribute('data-theme');
    expect(root).toHaveClass('cw-widget', 'host-chat');
    await user.type(screen.getByRole('textbox'), 'Go{Enter}');
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'complete'), settle);
    expect(screen.getByTestId('custom-tool')).toHaveTextContent('search');
    expect(container.querySelector('.cw-tool-call')).toBeNull();
    expect(list().getByText('There are three plans.')).toBeInTheDocument();
  });

  it('shows "Reconnecting..." while a dropped stream resumes, then finishes the answer without gaps or repeats', async () => {
    const user = userEvent.setup();
    const words: MockStep[] = [{ type: 'text-delta', delta: 'one two three four five six seven eight.' }];
    const { fetch, log } = createMockFetch({ script: () => words, delayMs: 5, chunkSize: 4, dropAfterEvents: 4, resumeDelayMs: 300, conversationId: 'conv-mock' });
    const { container } = render(widget(fetch));
    const root = container.firstElementChild as HTMLElement;
    await user.type(screen.getByRole('textbox'), 'Count{Enter}');
    await waitFor(() => expect(root).toHaveAttribute('data-connection', 'reconnecting'), settle);
    expect(container.querySelector('.cw-banner')).toHaveTextContent('Reconnecting...');
    expect(root).toHaveAttribute('data-phase', 'generating');
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'complete'), settle);
    expect(container.querySelector('.cw-banner')).toBeNull();
    expect(log.requests).toContain('GET /api/chat/conv-mock/stream after 4');
    expect(list().getByText('one two three four five six seven eight.')).toBeInTheDocument();
  });

  it('shows the title, the empty state and the dark theme', () => {
    const { fetch } = createMockFetch({ script: () => [] });
    const { container } = render(widget(fetch, { theme: 'dark', emptyState: 'Ask about pricing' }));
    expect(container.firstElementChild).toHaveAttribute('data-theme', 'dark');
    expect(screen.getByText('Assistant')).toBeInTheDocument();
    expect(screen.getByText('Ask about pricing')).toBeInTheDocument();
  });
});
