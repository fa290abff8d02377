import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fireEvent } from '@testing-library/react';
import { Composer } from '../../../src/components/Composer';

describe('Composer', () => {
  it('sends on Enter, adds a line on Shift+Enter, and clears after sending', async () => {
    const user = userEvent.setup();
    const onSend = vi.fn();
    render(<Composer onSend={onSend} />);
    const input = screen.getByRole('textbox', { name: 'Message' });
    await user.type(input, 'first line{Shift>}{Enter}{/Shift}second');
    expect(onSend).not.toHaveBeenCalled();
    expect(input).toHaveValue('first line\nsecond');
    await user.keyboard('{Enter}');
    expect(onSend).toHaveBeenCalledWith('first line\nsecond');
    expect(input).toHaveValue('');
  });

  it('does not send while an IME is composing', () => {
    const onSend = vi.fn();
    render(<Composer onSend={onSend} defaultValue="にほんご" />);
    const input = screen.getByRole('textbox');
    fireEvent.compositionStart(input);
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.compositionEnd(input);
    fireEvent.keyDown(input, { key: 'Enter', keyCode: 229 });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('にほんご');
  });

  it('disables Send while the text is blank or sending is not allowed', async () => {
    const user = userEvent.setup();
    const onSend = vi.fn();
    const { rerender, container } = render(<Composer onSend={onSend} />);
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toBeDisabled();
    await user.type(screen.getByRole('textbox'), '   ');
    expect(send).toBeDisabled();
    await user.keyboard('{Enter}');
    expect(onSend).not.toHaveBeenCalled();
    await user.type(screen.getByRole('textbox'), 'hi');
    expect(send).toBeEnabled();
    rerender(<Composer onSend={onSend} disabled />);
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    expect(container.firstElementChild).toHaveAttribute('data-disabled', 'true');
    await user.keyboard('{Enter}');
    expect(onSend).not.toHaveBeenCalled();
  });

  it('turns Send into Stop while generating; Enter does not send then', async () => {
    const user = userEvent.setup();
    const onSend = vi.fn();
    const onStop = vi.fn();
    const { container } = render(<Composer onSend={onSend} onStop={onStop} generating defaultValue="next" />);
    expect(container.firstElementChild).toHaveAttribute('data-state', 'generating');
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
    await user.type(screen.getByRole('textbox'), '{Enter}');
    expect(onSend).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(onStop).toHaveBeenCalledTimes(1);
  });

  it('works by keyboard alone: Tab to Send, Enter presses it', async () => {
    const user = userEvent.setup();
    const onSend = vi.fn();
    render(<Composer onSend={onSend} />);
    await user.tab();
    expect(screen.getByRole('textbox')).toHaveFocus();
    await user.keyboard('hello');
    await user.tab();
    expect(screen.getByRole('button', { name: 'Send' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onSend).toHaveBeenCalledWith('hello');
  });

  it('composes the user onSubmit handler and supports a controlled value', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    const onValueChange = vi.fn();
    const onSend = vi.fn();
    render(<Composer onSend={onSend} onSubmit={onSubmit} value="fixed" onValueChange={onValueChange} />);
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSend).toHaveBeenCalledWith('fixed');
    expect(onValueChange).toHaveBeenCalledWith('');
    expect(screen.getByRole('textbox')).toHaveValue('fixed');
  });
});
