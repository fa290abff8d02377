import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { ErrorNotice } from '../src/components/ErrorNotice';

const meta = {
  title: 'Parts/ErrorNotice',
  component: ErrorNotice,
  args: {
    error: { message: 'The model is overloaded. Try again in a moment.', code: 'overloaded_error', retryable: true },
    onRetry: fn(),
  },
} satisfies Meta<typeof ErrorNotice>;
export default meta;
type Story = StoryObj<typeof meta>;

/** An error with Retry. */
export const Retryable: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('alert')).toHaveTextContent('The model is overloaded.');
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(args.onRetry).toHaveBeenCalledTimes(1);
  },
};

/** Without a retry handler there is no button. */
export const WithoutRetry: Story = {
  args: { onRetry: undefined, error: { message: 'Conversation not found.', code: 'http_404', retryable: false } },
};
