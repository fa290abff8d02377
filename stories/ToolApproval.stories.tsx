import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import type { ToolCallPart } from '../src/core/session/types';
import { ToolCallCard } from '../src/components/ToolCallCard';

const email: ToolCallPart = {
  type: 'tool-call',
  toolCallId: 'call-email-1',
  name: 'send_email',
  argsText: '{"to":"ana@example.com","subject":"Launch","body":"Hello Ana, the launch moves to Friday."}',
  args: { to: 'ana@example.com', subject: 'Launch', body: 'Hello Ana, the launch moves to Friday.' },
  state: 'awaiting-approval',
  startedAt: 1_000,
  approval: { requestedAt: Date.now(), expiresAt: Date.now() + 600_000 },
};

const meta = {
  title: 'Parts/ToolCallCard/Approvals',
  component: ToolCallCard,
  args: { part: email, onDecide: fn(async (approved: boolean, reason?: string) => ({ recorded: true, decision: { toolCallId: 'call-email-1', approved, decidedBy: 'user' as const, ...(reason ? { reason } : {}) } })) },
} satisfies Meta<typeof ToolCallCard>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The generation waits: the arguments with Approve, Deny and an optional reason. */
export const PendingApproval: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvasElement.querySelector('.cw-tool-call')).toHaveAttribute('data-state', 'awaiting-approval');
    await expect(canvas.getByText('send_email needs your approval')).toBeVisible();
    await expect(canvasElement.querySelector('.cw-tool-call-deadline')).toHaveTextContent(/^Decide within (9|10):\d\d$/);
    await expect(canvas.getByText(/"to": "ana@example.com"/)).toBeVisible();
    await userEvent.type(canvas.getByRole('textbox', { name: /reason/i }), 'Looks right');
    await userEvent.click(canvas.getByRole('button', { name: 'Approve' }));
    await expect(args.onDecide).toHaveBeenCalledWith(true, 'Looks right');
    await expect(canvas.getByRole('button', { name: 'Deny' })).toBeDisabled();
  },
};

/** Someone decided first (another tab, the timeout): the card says so until the decision arrives. */
export const DecidedElsewhere: Story = {
  args: { onDecide: fn(async (_approved: boolean, _reason?: string) => ({ recorded: false, decision: { toolCallId: 'call-email-1', approved: false, reason: 'Wrong address', decidedBy: 'user' as const } })) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Approve' }));
    await expect(await canvas.findByRole('status')).toHaveTextContent('Already decided: denied (Wrong address).');
  },
};

/**
 * The request's deadline (`expiresAt`, from the server's log) passed before anyone decided:
 * no buttons; the server's timeout decision follows and the card turns "not approved in time".
 */
export const ApprovalExpired: Story = {
  args: { part: { ...email, approval: { requestedAt: Date.now() - 600_000, expiresAt: Date.now() - 1_000 } } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvasElement.querySelector('.cw-tool-call')).toHaveAttribute('data-state', 'approval-expired');
    await expect(canvas.getByText('send_email was not approved in time')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Approve' })).toBeNull();
  },
};

/** Approved, run, with its result. */
export const Approved: Story = {
  args: {
    part: { ...email, state: 'result', executingAt: 5_000, endedAt: 5_400, result: { sent: true, to: 'ana@example.com' }, approval: { ...email.approval, approved: true, decidedBy: 'user', decidedAt: 4_900 } },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText('Ran send_email in 0.4 s')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Approve' })).toBeNull();
  },
};

/** Denied with a reason: not run; the model read the denial. */
export const Denied: Story = {
  args: {
    part: { ...email, state: 'denied', isError: true, result: { message: 'Not run: the user denied this send_email call. Reason: Not to Ana' }, approval: { ...email.approval, approved: false, reason: 'Not to Ana', decidedBy: 'user' } },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvasElement.querySelector('.cw-tool-call')).toHaveAttribute('data-state', 'denied');
    await expect(canvas.getByText('Not run: send_email was denied')).toBeVisible();
    await expect(canvas.getByText('Reason: Not to Ana')).toBeVisible();
  },
};

/** Nobody decided within the server's approvalTimeoutMs. */
export const TimedOut: Story = {
  args: {
    part: { ...email, state: 'denied', isError: true, result: { message: 'Not run: nobody approved this send_email call in time.' }, approval: { ...email.approval, approved: false, decidedBy: 'timeout', reason: 'No decision within 10 min, so send_email was not run.' } },
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Not run: send_email was not approved in time')).toBeVisible();
  },
};

/** Stopped while the call awaited approval. */
export const StoppedWhilePending: Story = {
  args: { part: { ...email, state: 'denied', approval: { ...email.approval, approved: false, decidedBy: 'stop' } } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Not run: stopped while send_email awaited approval')).toBeVisible();
  },
};
