import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ChatWidget } from '../../../src/components/ChatWidget';
import type { ChatMessage } from '../../../src/core/session/types';
import { createChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMemoryStore } from '../../../src/server/store/createMemoryStore';
import { scriptedModel } from '../../unit/server/sseTestKit';

// Message loads its footer's parts lazily: compile the chunk once before the tests wait for it.
beforeAll(() => import('../../../src/components/messageFooterParts'));

/** chatwire's own server in the page (its routes through `fetch`); `refuse` makes its feedback route fail. */
function chatServer() {
  const model = scriptedModel(async function* () {
    yield { type: 'text-delta', delta: 'Paris.' };
    yield { type: 'done', finishReason: 'stop' };
  });
  const handler = createChatHandler({ model, store: createMemoryStore() });
  const control = { refuse: false };
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost');
    if (control.refuse && url.pathname.endsWith('/feedback')) return Promise.resolve(new Response('{"error":{"code":"down","message":"no"}}', { status: 503 }));
    return handler(new Request(url, init));
  };
  const history = async (id: string) => ((await (await fetch(`/api/chat/${id}/messages`)).json()) as { messages: ChatMessage[] }).messages;
  return { fetch, control, history };
}

/** The actions of the (one) answer, once they have loaded. */
async function answerActions() {
  await waitFor(() => expect(document.querySelector('.cw-message[data-role="assistant"] .cw-message-actions')).not.toBeNull(), { timeout: 5000 });
  return within(document.querySelector('.cw-message[data-role="assistant"] .cw-message-actions') as HTMLElement);
}
const goodOf = async () => (await answerActions()).findByRole('button', { name: 'Good response' });

describe('the thumbs in ChatWidget record the rating through the session', () => {
  it('Good response: pressed at once, onFeedback told, kept by the server; a reload shows it pressed; taking it back un-presses it everywhere', async () => {
    const { fetch, history } = chatServer();
    const onFeedback = vi.fn();
    const onEvent = vi.fn();
    render(<ChatWidget endpoint="/api/chat" fetch={fetch} storage={null} multiTab={false} onFeedback={onFeedback} onEvent={onEvent} />);
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Capital of France?{Enter}');
    await waitFor(() => expect(document.querySelector('.cw-widget')).toHaveAttribute('data-phase', 'complete'), { timeout: 5000 });
    const conversationId = (onEvent.mock.calls.map(([e]) => e).find((e) => e.type === 'session') as { conversationId: string }).conversationId;
    const answerId = document.querySelector('.cw-message[data-role="assistant"]')?.getAttribute('data-message-id') as string;

    await user.click(await goodOf());
    expect(await goodOf()).toHaveAttribute('aria-pressed', 'true');
    expect(onFeedback).toHaveBeenCalledWith(answerId, 'up');
    await waitFor(async () => expect((await history(conversationId)).find((m) => m.id === answerId)?.feedback).toBe('up'));

    // A reload: a new widget on the conversation shows the rating from the history.
    cleanup();
    render(<ChatWidget endpoint="/api/chat" fetch={fetch} storage={null} multiTab={false} conversationId={conversationId} follow={false} onFeedback={onFeedback} />);
    expect(await goodOf()).toHaveAttribute('aria-pressed', 'true');
    expect(document.querySelector('.cw-message[data-role="assistant"] .cw-message-actions')).toHaveAttribute('data-feedback', 'up');
    await user.click(await goodOf());
    await waitFor(async () => expect((await history(conversationId)).find((m) => m.id === answerId)).not.toHaveProperty('feedback'));
    expect(await goodOf()).toHaveAttribute('aria-pressed', 'false');
    expect(onFeedback).toHaveBeenLastCalledWith(answerId, null);
  });

  it('a rating the server refuses is un-pressed again and reported to onError', async () => {
    const { fetch, control } = chatServer();
    const onError = vi.fn();
    render(<ChatWidget endpoint="/api/chat" fetch={fetch} storage={null} multiTab={false} onFeedback={() => undefined} onError={onError} />);
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Capital of France?{Enter}');
    await waitFor(() => expect(document.querySelector('.cw-widget')).toHaveAttribute('data-phase', 'complete'), { timeout: 5000 });
    control.refuse = true;
    await user.click((await answerActions()).getByRole('button', { name: 'Bad response' }));
    await waitFor(() => expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'feedback_failed' })));
    expect((await answerActions()).getByRole('button', { name: 'Bad response' })).toHaveAttribute('aria-pressed', 'false');
  });
});
