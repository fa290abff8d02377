import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { StatusLine } from '../src/components/StatusLine';

const meta = {
  title: 'Parts/StatusLine',
  component: StatusLine,
  args: { text: 'Searching across 12 conversations...', live: true },
} satisfies Meta<typeof StatusLine>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The latest status while the answer is being written: a polite live region. */
export const Live: Story = {
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status');
    await expect(status).toHaveTextContent('Searching across 12 conversations...');
    await expect(status).toHaveAttribute('data-state', 'live');
  },
};

/** A status whose work is over: muted and italic (still readable), no longer announced. */
export const Done: Story = {
  args: { live: false },
  play: async ({ canvasElement }) => {
    const line = canvasElement.querySelector('.cw-status')!;
    await expect(line).toHaveAttribute('data-state', 'done');
    await expect(getComputedStyle(line).fontStyle).toBe('italic');
    await expect(line).not.toHaveAttribute('role');
  },
};
