import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { ChatMessage } from '../src/core/session/types';
import { MessageList } from '../src/components/MessageList';
import { plainAnswer } from './support/scripts';

const conversation: ChatMessage[] = Array.from({ length: 8 }, (_, i): ChatMessage[] => [
  { id: `u${i}`, role: 'user', parts: [{ type: 'text', text: `Question ${i + 1}?` }] },
  { id: `a${i}`, role: 'assistant', parts: [{ type: 'text', text: plainAnswer }] },
]).flat();

const meta = {
  title: 'Parts/MessageList',
  component: MessageList,
  args: { messages: conversation, phase: 'complete', emptyState: 'No messages yet.' },
  decorators: [(Story) => <div style={{ height: 420, display: 'flex', flexDirection: 'column' }}>{Story()}</div>],
} satisfies Meta<typeof MessageList>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Pinned to the bottom; scrolling up shows "Jump to latest", which scrolls back. */
export const Scrolling: Story = {
  play: async ({ canvasElement }) => {
    const root = canvasElement.querySelector('.cw-message-list')!;
    const viewport = canvasElement.querySelector<HTMLElement>('.cw-message-list-viewport')!;
    await waitFor(() => expect(viewport.scrollHeight - viewport.scrollTop - viewport.clientHeight).toBeLessThan(2));
    await expect(root).toHaveAttribute('data-pinned', 'true');
    viewport.scrollTop = 0;
    viewport.dispatchEvent(new Event('scroll'));
    const jump = await within(canvasElement).findByRole('button', { name: 'Jump to latest' });
    await expect(root).toHaveAttribute('data-pinned', 'false');
    await userEvent.click(jump);
    await waitFor(() => expect(viewport.scrollHeight - viewport.scrollTop - viewport.clientHeight).toBeLessThan(2));
    await expect(root).toHaveAttribute('data-pinned', 'true');
  },
};

/** No messages. */
export const Empty: Story = { args: { messages: [] } };

const longConversation: ChatMessage[] = Array.from({ length: 150 }, (_, i): ChatMessage[] => [
  { id: `lu${i}`, role: 'user', parts: [{ type: 'text', text: `Question ${i + 1}: what changed?` }] },
  { id: `la${i}`, role: 'assistant', parts: [{ type: 'text', text: `Answer ${i + 1}.\n\n${plainAnswer}` }] },
]).flat();

/**
 * A long conversation (300 messages): the last ones render first, the older ones are text,
 * then plain messages, and render in full near the viewport (docs/rendering.md, "Long
 * conversations"). Scrolled to the top, the first answer renders in full.
 */
export const LongConversation: Story = {
  args: { messages: longConversation },
  play: async ({ canvasElement }) => {
    const viewport = canvasElement.querySelector<HTMLElement>('.cw-message-list-viewport')!;
    await waitFor(() => expect(canvasElement.querySelector('.cw-message-history')).not.toBeNull());
    await expect(canvasElement.querySelector('.cw-message-history')?.textContent).toContain('Answer 1.');
    viewport.scrollTop = 0;
    viewport.dispatchEvent(new Event('scroll'));
    await waitFor(() => expect(canvasElement.querySelector('.cw-message-slot[data-id="la0"]')).toHaveAttribute('data-render', 'full'), { timeout: 5000 });
  },
};
