import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { pageDeviceId } from '../src/core/session/pageDeviceId';
import type { ToolCallPart } from '../src/core/session/types';
import { ChatComponentsContext } from '../src/components/ChatComponentsContext';
import { ToolCallCard } from '../src/components/ToolCallCard';
import type { ToolRendererProps, ToolRenderers } from '../src/components/toolRenderers';

type StoryTools = { get_local_time: { args: Record<string, never>; result: { time: string; zone: string } } };

function ClockCard({ result, error, state }: ToolRendererProps<Record<string, never>, { time: string; zone: string }>) {
  if (error) return <p>Could not read the clock: {error}</p>;
  return <p>{result ? `${result.time} in ${result.zone}` : state === 'executing' ? 'Reading the clock in this page...' : 'Asking for the clock...'}</p>;
}
const renderers: ToolRenderers<StoryTools> = { get_local_time: ClockCard };

const clock: ToolCallPart = { type: 'tool-call', toolCallId: 'call-clock', name: 'get_local_time', argsText: '{}', args: {}, state: 'executing', runsOn: 'page', claimedBy: pageDeviceId(), executingAt: Date.now() };

const meta = {
  title: 'Parts/ToolCallCard/Page tools and custom cards',
  component: ToolCallCard,
  args: { part: clock },
} satisfies Meta<typeof ToolCallCard>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A tool the page runs (clientTools), while this browser runs it: client-running (not the server's executing), ticking. */
export const ClientRunning: Story = {
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.cw-tool-call')).toHaveAttribute('data-state', 'client-running');
    await expect(await within(canvasElement).findByText(/^Running get_local_time in this browser\.\.\./)).toBeVisible();
    await expect(canvasElement.querySelector('.cw-tool-call-status')).toHaveAttribute('data-claim', 'here');
  },
};

/** No page has claimed the call yet. */
export const ClientWaiting: Story = {
  args: { part: { ...clock, claimedBy: undefined } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('Waiting for a page to run get_local_time...')).toBeVisible();
  },
};

/** Another device claimed the call (the first claim wins): it runs there, not here. */
export const ClientRunningElsewhere: Story = {
  args: { part: { ...clock, claimedBy: 'd-another-device' } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText(/^Running get_local_time on another device\.\.\./)).toBeVisible();
    await expect(canvasElement.querySelector('.cw-tool-call-status')).toHaveAttribute('data-claim', 'elsewhere');
  },
};

/** A reload interrupted this browser's run of a tool with onReload: 'ask': the user chooses. */
export const ClientInterrupted: Story = {
  args: { part: { ...clock, interrupted: true }, onContinue: fn(async (_choice: 'rerun' | 'report') => {}) },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvasElement.querySelector('.cw-tool-call')).toHaveAttribute('data-state', 'interrupted');
    await expect(await canvas.findByText('get_local_time was interrupted by a reload')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Run again' }));
    await expect(args.onContinue).toHaveBeenCalledWith('rerun');
  },
};

/** Another device's run was interrupted by a reload: the choice is in the log, so this device may answer too (Run here). */
export const ClientInterruptedElsewhere: Story = {
  args: { part: { ...clock, claimedBy: 'd-another-device', interrupted: true }, onContinue: fn(async (_choice: 'rerun' | 'report') => {}) },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvasElement.querySelector('.cw-tool-call')).toHaveAttribute('data-state', 'interrupted');
    await expect(await canvas.findByText('get_local_time was interrupted on another device')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Run again' })).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Report as interrupted' }));
    await expect(args.onContinue).toHaveBeenCalledWith('report');
    await expect(canvas.getByRole('button', { name: 'Run here' })).toBeDisabled();
  },
};

/** The same call drawn by the app's own card (toolRenderers), with its typed result. */
export const CustomCard: Story = {
  args: { part: { ...clock, state: 'result', result: { time: '09:30', zone: 'Europe/Lisbon' }, endedAt: clock.executingAt } },
  render: (args) => (
    <ChatComponentsContext.Provider value={{ toolRenderers: renderers }}>
      <ToolCallCard {...args} />
    </ChatComponentsContext.Provider>
  ),
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('09:30 in Europe/Lisbon')).toBeVisible();
    await expect(canvasElement.querySelector('.cw-tool-custom')).toHaveAttribute('data-tool', 'get_local_time');
  },
};

/** The custom card while the page runs the tool. */
export const CustomCardRunning: Story = {
  render: (args) => (
    <ChatComponentsContext.Provider value={{ toolRenderers: renderers }}>
      <ToolCallCard {...args} />
    </ChatComponentsContext.Provider>
  ),
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('Reading the clock in this page...')).toBeVisible();
  },
};

type DraftArgs = { to: string; subject: string };
function DraftCard({ args, argsComplete }: ToolRendererProps<DraftArgs>) {
  return (
    <p>
      {argsComplete ? 'Email' : 'Drafting'} to {args?.to ?? '...'}: {args?.subject ?? '...'}
    </p>
  );
}

/** A custom card while the model writes the arguments: `args` parsed so far, `argsComplete: false`. */
export const CustomCardStreamingArgs: Story = {
  args: { part: { type: 'tool-call', toolCallId: 'call-draft', name: 'send_email', argsText: '{"to":"ana@example.com","subject":"Launch mo', state: 'streaming-args' } },
  render: (args) => (
    <ChatComponentsContext.Provider value={{ toolRenderers: { send_email: DraftCard } }}>
      <ToolCallCard {...args} />
    </ChatComponentsContext.Provider>
  ),
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('Drafting to ana@example.com: Launch mo')).toBeVisible();
  },
};
