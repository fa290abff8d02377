import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { Composer } from '../src/components/Composer';

const meta = {
  title: 'Parts/Composer',
  component: Composer,
  args: { onSend: fn(), onStop: fn(), generating: false, disabled: false },
} satisfies Meta<typeof Composer>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Type and press Enter to send; Shift+Enter adds a line. */
export const Idle: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const send = canvas.getByRole('button', { name: 'Send' });
    await expect(send).toBeDisabled();
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'Hello{Shift>}{Enter}{/Shift}there{Enter}');
    await expect(args.onSend).toHaveBeenCalledWith('Hello\nthere');
    await expect(canvas.getByRole('textbox')).toHaveValue('');
  },
};

/** While generating, Send is Stop. */
export const Generating: Story = {
  args: { generating: true },
  play: async ({ canvasElement, args }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Stop' }));
    await expect(args.onStop).toHaveBeenCalledTimes(1);
  },
};

/** Sending not allowed. */
export const Disabled: Story = {
  args: { disabled: true, defaultValue: 'Ready to go' },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('button', { name: 'Send' })).toBeDisabled();
  },
};
