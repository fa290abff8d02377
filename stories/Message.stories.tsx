import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { ChatMessage } from '../src/core/session/types';
import { Message } from '../src/components/Message';
import { cjk, longCode, plainAnswer, sources, table } from './support/scripts';

const assistant = (parts: ChatMessage['parts'], extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id: 'a1',
  role: 'assistant',
  parts,
  ...extra,
});

const meta = {
  title: 'Parts/Message',
  component: Message,
  args: { message: assistant([{ type: 'text', text: plainAnswer }]), live: false, onRetry: fn(), onCitationClick: fn() },
  decorators: [(Story) => <div style={{ maxWidth: 760 }}>{Story()}</div>],
} satisfies Meta<typeof Message>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The user's prompt: plain text. */
export const User: Story = {
  args: { message: { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'What are **server-sent events**?' }] } },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('strong')).toBeNull();
    await expect(within(canvasElement).getByText('What are **server-sent events**?')).toBeVisible();
  },
};

/** The live answer mid-stream: markdown with the cursor at its end. */
export const Streaming: Story = {
  args: { live: true, message: assistant([{ type: 'text', text: plainAnswer.slice(0, 140) }]) },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.cw-message')).toHaveAttribute('data-live', 'true');
    await expect(canvasElement.querySelectorAll('.cw-cursor')).toHaveLength(1);
  },
};

/** Waiting for the first token. */
export const Submitted: Story = {
  args: { live: true, message: assistant([]) },
};

/** Arguments of a tool call streaming in, after a status line. */
export const ToolCalling: Story = {
  args: {
    live: true,
    message: assistant([
      { type: 'reasoning', text: 'I should search first.' },
      { type: 'tool-call', toolCallId: 'c1', name: 'search', argsText: '{"query":"sse res', state: 'streaming-args' },
    ]),
  },
};

/** A tool running on the server, elapsed time ticking; an earlier one done. */
export const Executing: Story = {
  render: (args) => (
    <Message
      {...args}
      live
      message={assistant([
        { type: 'tool-call', toolCallId: 'c1', name: 'search', argsText: '{}', args: { query: 'sse' }, state: 'result', result: { hits: 2 }, executingAt: 0, endedAt: 1800 },
        { type: 'tool-call', toolCallId: 'c2', name: 'open_page', argsText: '{}', args: { url: 'https://example.com' }, state: 'executing', executingAt: Date.now() },
        { type: 'status', text: 'Reading the page...' },
      ])}
    />
  ),
  play: async ({ canvasElement }) => {
    // The default tool card loads on demand: its frame first, the first time a page shows one.
    await waitFor(() => expect([...canvasElement.querySelectorAll('.cw-tool-call')].map((c) => c.getAttribute('data-state'))).toEqual(['result', 'executing']));
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent('Reading the page...');
  },
};

/** A finished answer: no cursor, reasoning collapsed, status dimmed. */
export const Complete: Story = {
  args: {
    message: assistant(
      [
        { type: 'reasoning', text: 'Short and factual.' },
        { type: 'status', text: 'Answered from memory' },
        { type: 'text', text: plainAnswer },
      ],
      { finishReason: 'stop' },
    ),
  },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.cw-cursor')).toBeNull();
    await expect(canvasElement.querySelector('.cw-reasoning')).toHaveAttribute('data-state', 'closed');
  },
};

/** Stopped by the user: the partial answer stays, with a note. */
export const Cancelled: Story = {
  args: { cancelled: true, message: assistant([{ type: 'text', text: plainAnswer.slice(0, 120) }]) },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Stopped')).toBeVisible();
  },
};

/** Ended by an error: the partial answer stays, with Retry. */
export const ErrorState: Story = {
  name: 'Error',
  args: {
    message: assistant([
      { type: 'text', text: 'Let me look that up' },
      { type: 'error', message: 'The model is overloaded. Try again in a moment.', code: 'overloaded_error', retryable: true },
    ]),
  },
  play: async ({ canvasElement, args }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Retry' }));
    await expect(args.onRetry).toHaveBeenCalledTimes(1);
  },
};

/** Citation markers as badges. */
export const Citations: Story = {
  args: {
    message: assistant([
      { type: 'text', text: 'Streams resume with `Last-Event-ID` [1][2], as agreed in the sync [12:45, Sarah Johnson].' },
      { type: 'citations', citations: sources },
    ]),
  },
  play: async ({ canvasElement, args }) => {
    const badges = canvasElement.querySelectorAll('.cw-citation');
    await expect(badges.length).toBeGreaterThanOrEqual(2);
    await userEvent.click(badges[0] as HTMLElement);
    await expect(args.onCitationClick).toHaveBeenCalledWith(expect.objectContaining({ id: '1' }));
  },
};

/** A long code block. */
export const LongCode: Story = { args: { message: assistant([{ type: 'text', text: longCode }]) } };

/** A GFM table. */
export const Table: Story = {
  args: { message: assistant([{ type: 'text', text: table }]) },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelectorAll('table tr')).toHaveLength(5);
  },
};

/** Chinese and Japanese. */
export const CJK: Story = { args: { message: assistant([{ type: 'text', text: cjk }]) } };
