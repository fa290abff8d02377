import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { ToolCallPart } from '../src/core/session/types';
import { ToolCallCard } from '../src/components/ToolCallCard';

const call: ToolCallPart = {
  type: 'tool-call',
  toolCallId: 'call-1',
  name: 'search',
  argsText: '{"query":"quarterly revenue","limit":5}',
  args: { query: 'quarterly revenue', limit: 5 },
  state: 'called',
};

const meta = {
  title: 'Parts/ToolCallCard',
  component: ToolCallCard,
  args: { part: call },
} satisfies Meta<typeof ToolCallCard>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Arguments arriving: partial JSON shown as it streams. */
export const StreamingArgs: Story = {
  args: { part: { ...call, state: 'streaming-args', args: undefined, argsText: '{"query":"quarterly rev' } },
  play: async ({ canvasElement }) => {
    const card = canvasElement.querySelector('.cw-tool-call')!;
    await expect(card).toHaveAttribute('data-state', 'streaming-args');
    await expect(card).toHaveTextContent('{"query":"quarterly rev');
  },
};

/** Arguments complete: pretty-printed. */
export const Called: Story = {};

/** The server is running the tool: the elapsed time ticks. */
export const Executing: Story = {
  render: (args) => <ToolCallCard {...args} part={{ ...call, state: 'executing', executingAt: Date.now() - 1200 }} />,
  play: async ({ canvasElement }) => {
    const status = canvasElement.querySelector('.cw-tool-call-status')!;
    await expect(status.textContent).toMatch(/^Running search\.\.\. \d+\.\d s$/);
    const first = status.textContent;
    await waitFor(() => expect(status.textContent).not.toBe(first), { timeout: 2000 });
  },
};

/** A short result, shown expanded, with the final duration. */
export const Result: Story = {
  args: {
    part: { ...call, state: 'result', executingAt: 1_000, endedAt: 3_400, result: { hits: 2, top: 'Q3 report' } },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText('Ran search in 2.4 s')).toBeVisible();
    await expect(canvas.getByText(/"top": "Q3 report"/)).toBeVisible();
  },
};

/** A long result starts collapsed. */
export const LongResult: Story = {
  args: {
    part: {
      ...call,
      state: 'result',
      result: Array.from({ length: 30 }, (_, i) => ({ id: i, title: `Document ${i}` })),
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const toggle = canvas.getByRole('button', { name: 'Show result' });
    await expect(canvas.queryByText(/Document 29/)).not.toBeVisible();
    await userEvent.click(toggle);
    await expect(canvas.getByText(/Document 29/)).toBeVisible();
  },
};

/** The tool failed. */
export const Failed: Story = {
  args: { part: { ...call, state: 'error', isError: true, result: 'Search backend timed out after 30 s' } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('alert')).toHaveTextContent('Search backend timed out');
    await expect(canvasElement.querySelector('.cw-tool-call')).toHaveAttribute('data-state', 'error');
  },
};
