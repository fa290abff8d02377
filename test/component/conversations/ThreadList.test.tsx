import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { vi } from 'vitest';
import type { ConversationSummary } from '../../../src/core/conversations/ConversationSummary';
import { ThreadList, type ThreadItemProps } from '../../../src/components/ThreadList';
import type { UseConversationsResult } from '../../../src/react/useConversations';

const summary = (conversationId: string, title: string, extra: Partial<ConversationSummary> = {}): ConversationSummary => ({
  conversationId, title, createdAt: 1, updatedAt: 1, messageCount: 2, running: false, ...extra,
});

/** A list object as `useConversations` returns, with spies for the actions. */
function fakeList(conversations: ConversationSummary[], extra: Partial<UseConversationsResult> = {}): UseConversationsResult {
  return {
    conversations, selectedId: null, unread: [], status: 'ready', error: null, hasMore: false, live: 'open',
    select: vi.fn(), create: vi.fn(), rename: vi.fn(async () => undefined), remove: vi.fn(async () => undefined),
    loadMore: vi.fn(async () => undefined), refresh: vi.fn(async () => undefined), attach: vi.fn(), dispose: vi.fn(),
    ...extra,
  };
}

describe('ThreadList', () => {
  it('names the list and each entry, with the running badge and the unread dot in the accessible name', () => {
    const list = fakeList([summary('a', 'Trip plans', { running: true }), summary('b', 'Budget'), summary('c', 'Recipes')], { selectedId: 'b', unread: ['c'] });
    const { container } = render(<ThreadList list={list} />);
    const nav = screen.getByRole('navigation', { name: 'Conversations' });
    expect(within(nav).getByRole('button', { name: 'Trip plans, Running' })).toBeTruthy();
    expect(within(nav).getByRole('button', { name: 'Recipes, new answer' })).toBeTruthy();
    const budget = within(nav).getByRole('button', { name: 'Budget' });
    expect(budget.getAttribute('aria-current')).toBe('page');
    expect(container.querySelector('[data-conversation-id="a"]')?.hasAttribute('data-running')).toBe(true);
    expect(container.querySelector('[data-conversation-id="a"] .cw-thread-badge')?.textContent).toBe('Running');
    expect(container.querySelector('[data-conversation-id="c"]')?.hasAttribute('data-unread')).toBe(true);
    expect(container.querySelector('[data-conversation-id="b"]')?.getAttribute('data-state')).toBe('selected');
    expect(screen.getByRole('button', { name: 'Rename Budget' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Delete Budget' })).toBeTruthy();
  });

  it('moves with the arrow keys, Home and End, opens with Enter, renames with F2 and deletes with Delete', async () => {
    const user = userEvent.setup();
    const list = fakeList([summary('a', 'First'), summary('b', 'Second'), summary('c', 'Third')]);
    render(<ThreadList list={list} />);
    const first = screen.getByRole('button', { name: 'First' });
    expect(first.tabIndex).toBe(0);
    expect(screen.getByRole('button', { name: 'Second' }).tabIndex).toBe(-1);
    first.focus();
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Second' }));
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Third' }));
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(first);
    await user.keyboard('{ArrowDown}{Enter}');
    expect(list.select).toHaveBeenCalledWith('b');
    await user.keyboard('{F2}');
    const input = screen.getByRole('textbox', { name: 'New title for Second' });
    await user.clear(input);
    await user.type(input, 'Renamed{Enter}');
    expect(list.rename).toHaveBeenCalledWith('b', 'Renamed');
    screen.getByRole('button', { name: 'Third' }).focus();
    await user.keyboard('{Delete}');
    expect(list.remove).toHaveBeenCalledWith('c');
    await user.click(screen.getByRole('button', { name: 'New conversation' }));
    expect(list.create).toHaveBeenCalled();
  });

  it('takes its entry from the components map, and shows the empty state, errors and More', async () => {
    function Custom({ conversation, onSelect }: ThreadItemProps) {
      return (
        <li>
          <button type="button" onClick={onSelect}>{`custom ${conversation.title}`}</button>
        </li>
      );
    }
    const list = fakeList([summary('a', 'One')], { hasMore: true, error: 'The server is down' });
    render(<ThreadList list={list} components={{ ThreadItem: Custom }} />);
    await userEvent.click(screen.getByRole('button', { name: 'custom One' }));
    expect(list.select).toHaveBeenCalledWith('a');
    expect(screen.getByRole('alert').textContent).toBe('The server is down');
    await userEvent.click(screen.getByRole('button', { name: 'More conversations' }));
    expect(list.loadMore).toHaveBeenCalled();
    render(<ThreadList list={fakeList([])} emptyState="Nothing here" label="Chats" />);
    expect(screen.getByRole('navigation', { name: 'Chats' }).textContent).toContain('Nothing here');
  });

  it('re-renders with the list it is given (controlled by the hook\'s state)', async () => {
    function Harness() {
      const [selectedId, setSelected] = useState<string | null>(null);
      const list = fakeList([summary('a', 'One'), summary('b', 'Two')], { selectedId, select: (id) => setSelected(id) });
      return <ThreadList list={list} />;
    }
    render(<Harness />);
    await userEvent.click(screen.getByRole('button', { name: 'Two' }));
    expect(screen.getByRole('button', { name: 'Two' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('button', { name: 'New conversation' }).getAttribute('aria-pressed')).toBe('false');
  });
});
