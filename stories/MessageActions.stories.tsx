import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import type { ChatMessage, MessageFeedback } from '../src/core/session/types';
import { Message } from '../src/components/Message';
import { MessageActions } from '../src/components/MessageActions';
import { plainAnswer } from './support/scripts';

const answer: ChatMessage = { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: plainAnswer }] };
const prompt: ChatMessage = { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'What are server-sent events?' }] };

const meta = {
  title: 'Parts/MessageActions',
  component: MessageActions,
  args: { message: answer, onRegenerate: fn(), onFeedback: fn(), writeText: fn(async (_text: string) => {}) },
  decorators: [(Story) => <div style={{ maxWidth: 760, display: 'flex', flexDirection: 'column' }}>{Story()}</div>],
} satisfies Meta<typeof MessageActions>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Under an answer: Copy (with "Copy as plain text" behind the toggle), Regenerate, the thumbs. */
export const Answer: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Copy' }));
    await expect(args.writeText).toHaveBeenCalledWith(plainAnswer);
    await userEvent.click(canvas.getByRole('button', { name: 'More copy options' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Copy as plain text' }));
    await expect(args.writeText).toHaveBeenCalledTimes(2);
    await userEvent.click(canvas.getByRole('button', { name: 'Regenerate' }));
    await expect(args.onRegenerate).toHaveBeenCalled();
  },
};

/** Under a prompt: Copy and Edit. */
export const UserMessage: Story = {
  args: { message: prompt, onEdit: fn() },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['Copy', 'Edit']);
  },
};

/** A rating given: "Good response" is pressed. */
export const FeedbackGiven: Story = {
  args: { feedback: 'up' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('button', { name: 'Good response' })).toHaveAttribute('aria-pressed', 'true');
    await expect(canvas.getByRole('button', { name: 'Bad response' })).toHaveAttribute('aria-pressed', 'false');
  },
};

/** The answer being written: Copy and Regenerate (which stops it first), no thumbs yet. */
export const WhileStreaming: Story = {
  args: { live: true, message: { ...answer, parts: [{ type: 'text', text: plainAnswer.slice(0, 90) }] } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).queryByRole('button', { name: 'Good response' })).toBeNull();
  },
};

/** In a conversation: the row shows on hover and focus, always on touch screens, and moves nothing when it does. */
export const InMessages: Story = {
  render: function InMessages(args) {
    const [feedback, setFeedback] = useState<MessageFeedback | undefined>(undefined);
    const rated: ChatMessage = feedback ? { ...answer, feedback } : answer;
    return (
      <div className="cw-message-list-content">
        <Message message={prompt} onEdit={fn()} />
        <Message message={rated} onRegenerate={args.onRegenerate} onFeedback={(_, value) => setFeedback(value ?? undefined)} />
      </div>
    );
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const answerBox = canvasElement.querySelector('[data-message-id="a1"]') as HTMLElement;
    const bad = await canvas.findByRole('button', { name: 'Bad response' }); // the footer's chunk is lazy
    const before = answerBox.getBoundingClientRect().height;
    await userEvent.click(bad);
    await expect(canvas.getByRole('button', { name: 'Bad response' })).toHaveAttribute('aria-pressed', 'true');
    await expect(answerBox.getBoundingClientRect().height).toBe(before);
  },
};

/** Editing a prompt in place: Save or Enter submits, Cancel or Escape closes. */
export const Editing: Story = {
  render: (args) => <Message message={prompt} onEdit={args.onEdit} />,
  args: { onEdit: fn() },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Edit' }));
    const input = await canvas.findByRole('textbox', { name: 'Edit message' });
    await expect(input).toHaveFocus();
    await userEvent.type(input, ' In two lines.');
    await expect(canvas.getByRole('button', { name: 'Save' })).toBeEnabled();
    await expect(args.onEdit).not.toHaveBeenCalled();
  },
};
