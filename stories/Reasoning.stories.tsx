import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { Reasoning } from '../src/components/Reasoning';

const meta = {
  title: 'Parts/Reasoning',
  component: Reasoning,
  args: {
    text: 'The user asks for the revenue trend. I should search the quarterly reports first, then compare Q2 and Q3.',
    streaming: false,
  },
} satisfies Meta<typeof Reasoning>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Thinking while it streams: open. */
export const Streaming: Story = {
  args: { streaming: true },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.cw-reasoning')).toHaveAttribute('data-state', 'open');
    await expect(within(canvasElement).getByText(/quarterly reports/)).toBeVisible();
  },
};

/** Finished thinking: collapsed, opens by keyboard. */
export const Done: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const toggle = canvas.getByRole('button', { name: 'Thought process' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    toggle.focus();
    await userEvent.keyboard('{Enter}');
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(canvas.getByText(/quarterly reports/)).toBeVisible();
  },
};
