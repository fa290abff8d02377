import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ThreadListWidget } from '../../../src/components/ThreadListWidget';
import { createFakeFetch, jsonResponse } from '../../unit/session/fakeChatFetch';

const summary = (conversationId: string, title: string) => ({ conversationId, title, createdAt: 1, updatedAt: 1, messageCount: 2, running: false });
const message = (id: string, role: 'user' | 'assistant', text: string) => ({ id, role, parts: [{ type: 'text', text }] });

describe('ThreadListWidget', () => {
  it('lists the user\'s conversations beside the chat and opens the one selected, with its history', async () => {
    const net = createFakeFetch((request) => {
      const path = new URL(request.url, 'http://x').pathname;
      if (path === '/api/chat/conversations') return jsonResponse(200, { conversations: [summary('c2', 'Budget'), summary('c1', 'Trip plans')], nextCursor: null, lastSeq: 3 });
      if (path === '/api/chat/conversations/events') return new Response(new ReadableStream({ start() {} }), { headers: { 'content-type': 'text/event-stream' } });
      const id = /\/api\/chat\/(c\d)\//.exec(path)?.[1];
      if (path.endsWith('/messages')) return jsonResponse(200, { conversationId: id, messages: [message(`${id}u`, 'user', `question in ${id}`), message(`${id}a`, 'assistant', `answer in ${id}`)], lastSeq: 2, activeStream: null });
      return new Response(null, { status: 204 });
    });
    render(<ThreadListWidget fetch={net.fetch} storage={null} multiTab={false} threads={{ multiTab: false }} />);
    const nav = await screen.findByRole('navigation', { name: 'Conversations' });
    await screen.findByRole('button', { name: 'Trip plans' });
    expect(nav.querySelectorAll('.cw-thread')).toHaveLength(2);
    // A new conversation at first: an empty chat.
    expect(screen.getByRole('button', { name: 'New conversation' }).getAttribute('aria-pressed')).toBe('true');
    await userEvent.click(screen.getByRole('button', { name: 'Trip plans' }));
    await screen.findByText('answer in c1');
    expect(screen.getByRole('button', { name: 'Trip plans' }).getAttribute('aria-current')).toBe('page');
    await userEvent.click(screen.getByRole('button', { name: 'Budget' }));
    await screen.findByText('answer in c2');
    await waitFor(() => expect(screen.queryByText('answer in c1')).toBeNull());
    expect(net.requests.filter((r) => r.url.endsWith('/conversations/events'))).toHaveLength(1);
  });
});

describe('ThreadListWidget, right to left and translated', () => {
  it('gives dir to the list and the chat together, and its labels to the list too', async () => {
    const net = createFakeFetch((request) => {
      const path = new URL(request.url, 'http://x').pathname;
      if (path === '/api/chat/conversations') return jsonResponse(200, { conversations: [summary('c1', 'טיול')], nextCursor: null, lastSeq: 1 });
      if (path === '/api/chat/conversations/events') return new Response(new ReadableStream({ start() {} }), { headers: { 'content-type': 'text/event-stream' } });
      return new Response(null, { status: 204 });
    });
    const { container } = render(
      <ThreadListWidget fetch={net.fetch} storage={null} multiTab={false} threads={{ multiTab: false }} dir="rtl" labels={{ conversations: 'שיחות', newConversation: 'שיחה חדשה', send: 'שליחה' }} />,
    );
    const nav = await screen.findByRole('navigation', { name: 'שיחות' });
    expect(screen.getByRole('button', { name: 'שיחה חדשה' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'שליחה' })).toBeTruthy();
    expect(nav.closest('[dir]')).toBe(container.firstElementChild);
    expect(container.firstElementChild).toHaveAttribute('dir', 'rtl');
    expect(container.querySelector('.cw-widget')).toHaveAttribute('dir', 'rtl');
  });
});
