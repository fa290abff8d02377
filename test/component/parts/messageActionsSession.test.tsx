import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ChatWidget } from '../../../src/components/ChatWidget';
import { joinText } from '../../../src/core/session/joinText';
import { createChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMemoryStore } from '../../../src/server/store/createMemoryStore';
import { scriptedModel } from '../../unit/server/sseTestKit';

// Message loads its footer's parts lazily: compile the chunk once before the tests wait for it.
beforeAll(() => import('../../../src/components/messageFooterParts'));

/** chatwire's own server in the page (its routes through `fetch`), with a model that answers "Answer <n> to <prompt>". */
async function widget() {
  const model = scriptedModel(async function* (request, call) {
    const prompt = request.messages.filter((m) => m.role === 'user').at(-1);
    yield { type: 'text-delta', delta: `Answer ${call + 1} to ${prompt ? joinText(prompt.parts) : ''}` };
    yield { type: 'done', finishReason: 'stop' };
  });
  const handler = createChatHandler({ model, store: createMemoryStore() });
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => handler(new Request(new URL(String(input), 'http://localhost'), init));
  render(<ChatWidget endpoint="/api/chat" fetch={fetch} storage={null} multiTab={false} />);
  const user = userEvent.setup();
  await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Capital of France?{Enter}');
  await list().findByText('Answer 1 to Capital of France?', {}, { timeout: 5000 });
  await waitFor(() => expect(document.querySelector('.cw-widget')).toHaveAttribute('data-phase', 'complete'));
  return { user, handler };
}

/** The conversation as shown (not the announcer, which repeats the last answer). */
const list = () => within(document.querySelector('.cw-message-list-content') as HTMLElement);
const messageOf = (text: string | RegExp): HTMLElement => list().getByText(text).closest('.cw-message') as HTMLElement;

describe('MessageActions in ChatWidget: the session edits, regenerates and switches versions', () => {
  it('Edit saves a new version of the prompt with its own answer, "2 / 2"; Previous version shows the first prompt and answer again', async () => {
    const { user } = await widget();
    await user.click(await within(messageOf('Capital of France?')).findByRole('button', { name: 'Edit' }));
    const input = await screen.findByRole('textbox', { name: 'Edit message' });
    await user.clear(input);
    await user.type(input, 'Capital of Spain?{Enter}');
    await list().findByText('Answer 2 to Capital of Spain?', {}, { timeout: 5000 });
    expect(list().queryByText('Answer 1 to Capital of France?')).toBeNull();
    const picker = within(messageOf('Capital of Spain?')).getByRole('group', { name: 'Version 2 of 2' });
    expect(picker).toHaveTextContent('2 / 2');
    await user.click(within(picker).getByRole('button', { name: 'Previous version' }));
    await waitFor(() => expect(list().getByText('Answer 1 to Capital of France?')).toBeInTheDocument());
    expect(list().queryByText('Answer 2 to Capital of Spain?')).toBeNull();
    expect(within(messageOf('Capital of France?')).getByRole('group', { name: 'Version 1 of 2' })).toBeInTheDocument();
    // The focus stays on the picker of the version now shown.
    expect(within(messageOf('Capital of France?')).getByRole('button', { name: 'Next version' })).toHaveFocus();
  });

  it('Regenerate writes a new version of the answer in its place, with a version picker', async () => {
    const { user } = await widget();
    await user.click(await within(messageOf('Answer 1 to Capital of France?')).findByRole('button', { name: 'Regenerate' }));
    await list().findByText('Answer 2 to Capital of France?', {}, { timeout: 5000 });
    expect(list().queryByText('Answer 1 to Capital of France?')).toBeNull();
    expect(list().getAllByText('Capital of France?')).toHaveLength(1);
    const answer = messageOf('Answer 2 to Capital of France?');
    expect(await within(answer).findByRole('group', { name: 'Version 2 of 2' })).toHaveTextContent('2 / 2');
    await user.click(within(answer).getByRole('button', { name: 'Previous version' }));
    await waitFor(() => expect(list().getByText('Answer 1 to Capital of France?')).toBeInTheDocument());
  });

  it('the keyboard keeps its place: after Regenerate the new answer\'s Regenerate has the focus, after an edit is saved the new prompt\'s Edit', async () => {
    const { user } = await widget();
    const regenerate = await within(messageOf('Answer 1 to Capital of France?')).findByRole('button', { name: 'Regenerate' });
    regenerate.focus();
    await user.keyboard('{Enter}');
    await list().findByText('Answer 2 to Capital of France?', {}, { timeout: 5000 });
    expect(within(messageOf('Answer 2 to Capital of France?')).getByRole('button', { name: 'Regenerate' })).toHaveFocus();

    within(messageOf('Capital of France?')).getByRole('button', { name: 'Edit' }).focus();
    await user.keyboard('{Enter}');
    const input = await screen.findByRole('textbox', { name: 'Edit message' });
    expect(input).toHaveFocus();
    await user.clear(input);
    await user.type(input, 'Capital of Spain?{Enter}');
    await list().findByText('Answer 3 to Capital of Spain?', {}, { timeout: 5000 });
    expect(within(messageOf('Capital of Spain?')).getByRole('button', { name: 'Edit' })).toHaveFocus();
  });
});
