import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ChatMessage } from '../../../src/core/session/types';
import { ChatComponentsContext } from '../../../src/components/ChatComponentsContext';
import { Message } from '../../../src/components/Message';
import { MessageList } from '../../../src/components/MessageList';
import { MessageActions } from '../../../src/components/MessageActions';

const answer: ChatMessage = {
  id: 'a1',
  role: 'assistant',
  parts: [
    { type: 'reasoning', text: 'thinking' },
    { type: 'text', text: '## Plan\n\n| who | when |\n|---|---|\n| **Sarah** | 9:00 |' },
  ],
};
const prompt: ChatMessage = { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'What is the plan?' }] };

const names = (container: HTMLElement): string[] =>
  within(container).queryAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent ?? '');

// Message loads its footer's parts lazily: compile the chunk once before the tests wait for it.
beforeAll(() => import('../../../src/components/messageFooterParts'));

describe('MessageActions', () => {
  it('an answer gets Copy, the copy options, Regenerate and the thumbs; a prompt gets Copy and Edit', () => {
    const noop = () => {};
    const { container, rerender } = render(<MessageActions message={answer} onEdit={noop} onRegenerate={noop} onFeedback={noop} />);
    expect(names(container)).toEqual(['Copy', 'More copy options', 'Regenerate', 'Good response', 'Bad response']);
    rerender(<MessageActions message={prompt} onEdit={noop} onRegenerate={noop} onFeedback={noop} />);
    expect(names(container)).toEqual(['Copy', 'Edit']);
    expect(screen.getByRole('group', { name: 'Message actions' })).toHaveAttribute('data-role', 'user');
  });

  it('hides what cannot work: no handler, no button; no text, no Copy; no thumbs on the answer being written', () => {
    const noop = () => {};
    const { container, rerender } = render(<MessageActions message={answer} />);
    expect(names(container)).toEqual(['Copy', 'More copy options']);
    rerender(<MessageActions message={answer} live onRegenerate={noop} onFeedback={noop} />);
    expect(names(container)).toEqual(['Copy', 'More copy options', 'Regenerate']);
    rerender(<MessageActions message={{ id: 'a2', role: 'assistant', parts: [] }} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('Copy puts the markdown on the clipboard; "Copy as plain text" the words without markup', async () => {
    const writeText = vi.fn(async () => {});
    render(<MessageActions message={answer} writeText={writeText} />);
    await userEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenLastCalledWith('## Plan\n\n| who | when |\n|---|---|\n| **Sarah** | 9:00 |');
    expect(await screen.findByText('Copied')).toBeInTheDocument();
    const toggle = screen.getByRole('button', { name: 'More copy options' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await userEvent.click(screen.getByRole('button', { name: 'Copy as plain text' }));
    expect(writeText).toHaveBeenLastCalledWith('Plan\nwho, when\nSarah, 9:00');
    expect(screen.queryByRole('button', { name: 'Copy as plain text' })).toBeNull();
  });

  it('a refused clipboard says so instead of "Copied", and the note goes after a while', async () => {
    vi.useFakeTimers();
    try {
      const writeText = vi.fn(() => Promise.reject(new Error('denied')));
      const { container } = render(<MessageActions message={prompt} writeText={writeText} />);
      await act(async () => screen.getByRole('button', { name: 'Copy' }).click());
      expect(container.firstElementChild).toHaveAttribute('data-copy', 'failed');
      expect(screen.getByText('Could not copy')).toBeInTheDocument();
      await act(async () => vi.advanceTimersByTime(2000));
      expect(container.firstElementChild).toHaveAttribute('data-copy', 'idle');
      expect(screen.queryByText('Could not copy')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('Escape closes the copy options and gives the focus back to their toggle', async () => {
    render(<MessageActions message={answer} writeText={async () => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'More copy options' }));
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Copy as plain text' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('button', { name: 'Copy as plain text' })).toBeNull();
    expect(screen.getByRole('button', { name: 'More copy options' })).toHaveFocus();
  });

  it('a thumb pressed shows pressed at once, before any rating comes back', async () => {
    const { rerender } = render(<MessageActions message={answer} onFeedback={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Bad response' }));
    expect(screen.getByRole('button', { name: 'Bad response' })).toHaveAttribute('aria-pressed', 'true');
    // The recorded rating (another tab's, say) takes over when it changes.
    rerender(<MessageActions message={{ ...answer, feedback: 'up' }} onFeedback={() => {}} />);
    expect(screen.getByRole('button', { name: 'Good response' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Bad response' })).toHaveAttribute('aria-pressed', 'false');
  });

  it('the thumbs show the rating with aria-pressed; pressing the pressed one takes it back', async () => {
    const onFeedback = vi.fn();
    const { container, rerender } = render(<MessageActions message={answer} onFeedback={onFeedback} />);
    const good = screen.getByRole('button', { name: 'Good response' });
    const bad = screen.getByRole('button', { name: 'Bad response' });
    expect([good, bad].map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'false']);
    await userEvent.click(good);
    expect(onFeedback).toHaveBeenLastCalledWith('up');
    rerender(<MessageActions message={{ ...answer, feedback: 'up' }} onFeedback={onFeedback} />);
    expect([good, bad].map((b) => b.getAttribute('aria-pressed'))).toEqual(['true', 'false']);
    expect(container.firstElementChild).toHaveAttribute('data-feedback', 'up');
    await userEvent.click(good);
    expect(onFeedback).toHaveBeenLastCalledWith(null);
    await userEvent.click(bad);
    expect(onFeedback).toHaveBeenLastCalledWith('down');
    rerender(<MessageActions message={answer} feedback="down" onFeedback={onFeedback} />);
    expect(bad).toHaveAttribute('aria-pressed', 'true');
  });

  it('every action is reachable with Tab and runs with Enter or Space', async () => {
    const onRegenerate = vi.fn();
    const onFeedback = vi.fn();
    render(<MessageActions message={answer} onRegenerate={onRegenerate} onFeedback={onFeedback} writeText={async () => {}} />);
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Copy' })).toHaveFocus();
    await userEvent.tab();
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Regenerate' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(onRegenerate).toHaveBeenCalledTimes(1);
    await userEvent.tab();
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Bad response' })).toHaveFocus();
    await userEvent.keyboard(' ');
    expect(onFeedback).toHaveBeenCalledWith('down');
  });
});

describe('Message with actions', () => {
  it('passes the message id to its handlers', async () => {
    const onRegenerate = vi.fn();
    const onFeedback = vi.fn();
    render(<Message message={answer} onRegenerate={onRegenerate} onFeedback={onFeedback} />);
    // The footer's parts are a lazy chunk: they show once it has loaded.
    await userEvent.click(await screen.findByRole('button', { name: 'Regenerate' }));
    await userEvent.click(screen.getByRole('button', { name: 'Good response' }));
    expect(onRegenerate).toHaveBeenCalledWith('a1');
    expect(onFeedback).toHaveBeenCalledWith('a1', 'up');
  });

  it("a MessageList's onFeedback reaches the thumbs of its answers, not of its prompts", async () => {
    const onFeedback = vi.fn();
    render(<MessageList messages={[prompt, answer]} onFeedback={onFeedback} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Bad response' }));
    expect(onFeedback).toHaveBeenCalledWith('a1', 'down');
    expect(screen.getAllByRole('button', { name: 'Bad response' })).toHaveLength(1);
  });

  it('Edit opens the inline editor in place of the text; Save submits the new text through onEdit', async () => {
    const onEdit = vi.fn();
    const { container } = render(<Message message={prompt} onEdit={onEdit} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const input = await screen.findByRole('textbox', { name: 'Edit message' });
    expect(input).toHaveFocus();
    expect(input).toHaveValue('What is the plan?');
    expect(container.firstElementChild).toHaveAttribute('data-editing', 'true');
    expect(container.querySelector('.cw-message-text')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    await userEvent.clear(input);
    await userEvent.type(input, 'And the budget?');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onEdit).toHaveBeenCalledWith('u1', 'And the budget?');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByRole('button', { name: 'Edit' })).toHaveFocus();
  });

  it('Enter saves, Shift+Enter adds a line, Escape cancels and gives the focus back to Edit', async () => {
    const onEdit = vi.fn();
    render(<Message message={prompt} onEdit={onEdit} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    await screen.findByRole('textbox', { name: 'Edit message' });
    await userEvent.keyboard('{Shift>}{Enter}{/Shift}more{Escape}');
    expect(onEdit).not.toHaveBeenCalled();
    expect(screen.getByText('What is the plan?')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Edit' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard('{Shift>}{Enter}{/Shift}more{Enter}');
    expect(onEdit).toHaveBeenCalledWith('u1', 'What is the plan?\nmore');
  });

  it('Save is disabled while the text is blank; Cancel leaves the prompt as it was', async () => {
    const onEdit = vi.fn();
    render(<Message message={prompt} onEdit={onEdit} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    await userEvent.clear(await screen.findByRole('textbox', { name: 'Edit message' }));
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    await userEvent.keyboard('{Enter}');
    expect(onEdit).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByText('What is the plan?')).toBeInTheDocument();
  });

  it('the actions, picker and editor can be replaced through the components map', async () => {
    const components = {
      MessageActions: ({ message, onEdit }: { message: ChatMessage; onEdit?: () => void }) => (
        <button type="button" onClick={onEdit}>
          my actions for {message.id}
        </button>
      ),
      MessageEditor: ({ defaultValue, onSave }: { defaultValue: string; onSave: (text: string) => void }) => (
        <button type="button" onClick={() => onSave(`${defaultValue}!`)}>
          my editor
        </button>
      ),
      BranchPicker: ({ index, count }: { index: number; count: number }) => <span>my picker {index}/{count}</span>,
    };
    const onEdit = vi.fn();
    render(
      <ChatComponentsContext.Provider value={components}>
        <Message message={prompt} onEdit={onEdit} branch={{ index: 1, count: 2 }} onSwitchBranch={() => {}} />
      </ChatComponentsContext.Provider>,
    );
    expect(screen.getByText('my picker 1/2')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'my actions for u1' }));
    await userEvent.click(screen.getByRole('button', { name: 'my editor' }));
    expect(onEdit).toHaveBeenCalledWith('u1', 'What is the plan?!');
  });
});
