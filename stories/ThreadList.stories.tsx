import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import { ThreadList, type ThreadListProps } from '../src/components/ThreadList';
import type { ConversationSummary } from '../src/core/conversations/ConversationSummary';
import type { UseConversationsResult } from '../src/react/useConversations';
import '../src/styles.css';

const at = Date.UTC(2026, 11, 2, 12);
const summary = (conversationId: string, title: string, extra: Partial<ConversationSummary> = {}): ConversationSummary => ({
  conversationId, title, createdAt: at, updatedAt: at, messageCount: 4, running: false, ...extra,
});
const THREE = [
  summary('c3', 'Weather: What is the weather in Oslo', { running: true }),
  summary('c2', 'Onboarding feedback from the team'),
  summary('c1', 'Quick chat: hello there'),
];

/** A list as `useConversations` returns it, held in story state so selecting works. */
function StoryList({ initial, ...props }: { initial: Partial<UseConversationsResult> } & Omit<ThreadListProps, 'list'>) {
  const [state, setState] = useState<Partial<UseConversationsResult>>(initial);
  const list: UseConversationsResult = {
    conversations: [], selectedId: null, unread: [], status: 'ready', error: null, hasMore: false, live: 'open',
    select: (id) => setState((s) => ({ ...s, selectedId: id, unread: (s.unread ?? []).filter((u) => u !== id) })),
    create: () => setState((s) => ({ ...s, selectedId: null })),
    rename: async (id, title) => setState((s) => ({ ...s, conversations: (s.conversations ?? []).map((c) => (c.conversationId === id ? { ...c, title } : c)) })),
    remove: async (id) => setState((s) => ({ ...s, conversations: (s.conversations ?? []).filter((c) => c.conversationId !== id) })),
    loadMore: fn(async () => undefined), refresh: fn(async () => undefined), attach: fn(), dispose: fn(),
    ...state,
  };
  return (
    <div className="cw-theme" style={{ padding: 12 }}>
      <ThreadList list={list} {...props} />
    </div>
  );
}

const meta = {
  title: 'Parts/ThreadList',
  component: StoryList,
  args: { initial: { conversations: THREE, selectedId: 'c2', unread: ['c1'] } },
} satisfies Meta<typeof StoryList>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Three conversations: one answering (badge), one open, one with a new answer (dot). */
export const WithRunningAndUnread: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('button', { name: 'Weather: What is the weather in Oslo, Running' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Onboarding feedback from the team' })).toHaveAttribute('aria-current', 'page');
    await userEvent.click(canvas.getByRole('button', { name: 'Quick chat: hello there, new answer' }));
    await expect(canvas.getByRole('button', { name: 'Quick chat: hello there' })).toHaveAttribute('aria-current', 'page');
  },
};

/** Rename in place with F2 (or the pencil), Enter to keep. */
export const Renaming: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    canvas.getByRole('button', { name: 'Onboarding feedback from the team' }).focus();
    await userEvent.keyboard('{F2}');
    const input = canvas.getByRole('textbox', { name: 'New title for Onboarding feedback from the team' });
    await userEvent.clear(input);
    await userEvent.type(input, 'Team notes{Enter}');
    await expect(canvas.getByRole('button', { name: 'Team notes' })).toBeVisible();
  },
};

/** No conversation yet. */
export const Empty: Story = { args: { initial: { conversations: [] } } };

/** The first page is loading. */
export const Loading: Story = { args: { initial: { conversations: [], status: 'loading' } } };

/** The server could not be reached; more pages to load. */
export const ErrorAndMore: Story = {
  args: { initial: { conversations: THREE, error: 'Could not reach the chat server. Retrying...', hasMore: true } },
};
