import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import type { ChatMessage } from '../src/core/session/types';
import { BranchPicker } from '../src/components/BranchPicker';
import { Message } from '../src/components/Message';

const meta = {
  title: 'Parts/BranchPicker',
  component: BranchPicker,
  args: { index: 1, count: 3, onSwitch: fn() },
} satisfies Meta<typeof BranchPicker>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The second of three versions: both ways open. */
export const SecondOfThree: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('group', { name: 'Version 2 of 3' })).toHaveTextContent('2 / 3');
    await userEvent.click(canvas.getByRole('button', { name: 'Next version' }));
    await expect(args.onSwitch).toHaveBeenCalledWith(2);
  },
};

/** The first version: Previous is disabled. */
export const First: Story = {
  args: { index: 0, count: 2 },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('button', { name: 'Previous version' })).toBeDisabled();
  },
};

/** The last version: Next is disabled. */
export const Last: Story = {
  args: { index: 2, count: 3 },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('button', { name: 'Next version' })).toBeDisabled();
  },
};

/** A message without other versions (1 / 1): no picker at all. */
export const SingleVersion: Story = {
  args: { index: 0, count: 1 },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.cw-branch-picker')).toBeNull();
  },
};

const answers = ['SSE is a one-way stream from server to browser over HTTP.', 'Server-sent events: the server pushes text events on one long response.', 'An HTTP response that stays open and sends `data:` lines as they come.'];

/** Under an answer that was regenerated twice: switching shows each version in place. */
export const InMessage: Story = {
  render: function InMessage() {
    const [index, setIndex] = useState(2);
    const message: ChatMessage = { id: `a${index}`, role: 'assistant', parts: [{ type: 'text', text: answers[index] as string }] };
    return <Message key={message.id} message={message} branch={{ index, count: answers.length }} onSwitchBranch={(_, next) => setIndex(next)} onRegenerate={fn()} />;
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Previous version' }));
    await expect(canvas.getByText(/one long response/)).toBeVisible();
    await expect(canvas.getByRole('group', { name: 'Version 2 of 3' })).toBeVisible();
  },
};
