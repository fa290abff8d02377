import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { ChatMessage } from '../../../src/core/session/types';
import { BranchPicker } from '../../../src/components/BranchPicker';
import { Message } from '../../../src/components/Message';

// Message loads its footer's parts lazily: compile the chunk once before the tests wait for it.
beforeAll(() => import('../../../src/components/messageFooterParts'));

describe('BranchPicker', () => {
  it('shows "2 / 3" with previous and next, named "Version 2 of 3"; switching asks for the neighbour', async () => {
    const onSwitch = vi.fn();
    const { container } = render(<BranchPicker index={1} count={3} onSwitch={onSwitch} />);
    const group = screen.getByRole('group', { name: 'Version 2 of 3' });
    expect(group).toHaveTextContent('2 / 3');
    expect(group).toHaveAttribute('data-index', '2');
    expect(group).toHaveAttribute('data-count', '3');
    await userEvent.click(screen.getByRole('button', { name: 'Previous version' }));
    expect(onSwitch).toHaveBeenLastCalledWith(0);
    await userEvent.click(screen.getByRole('button', { name: 'Next version' }));
    expect(onSwitch).toHaveBeenLastCalledWith(2);
    expect(container.querySelectorAll('button:disabled')).toHaveLength(0);
  });

  it('disables previous on the first version and next on the last', () => {
    const { rerender } = render(<BranchPicker index={0} count={2} onSwitch={() => {}} />);
    expect(screen.getByRole('button', { name: 'Previous version' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Next version' })).toBeEnabled();
    rerender(<BranchPicker index={1} count={2} onSwitch={() => {}} />);
    expect(screen.getByRole('button', { name: 'Previous version' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Next version' })).toBeDisabled();
  });

  it('renders nothing for a message without other versions (1 / 1)', () => {
    const { container } = render(<BranchPicker index={0} count={1} onSwitch={() => {}} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('keeps the focus when the switch mounts the other version in its place (same group)', async () => {
    const versions = ['First', 'Second', 'Third'];
    function Versions() {
      const [index, setIndex] = useState(0);
      // Keyed by version, as MessageList keys messages by id: a switch unmounts one picker and mounts another.
      return (
        <div key={index}>
          <p>{versions[index]}</p>
          <BranchPicker index={index} count={3} onSwitch={setIndex} group="u1" />
        </div>
      );
    }
    render(<Versions />);
    await userEvent.click(screen.getByRole('button', { name: 'Next version' }));
    expect(screen.getByText('Second')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next version' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(screen.getByText('Third')).toBeInTheDocument();
    // Next is disabled at the end: the focus goes to Previous rather than to the page.
    expect(screen.getByRole('button', { name: 'Previous version' })).toHaveFocus();
  });
});

describe('Message with versions', () => {
  it('shows the picker in its footer only when it has siblings and a way to switch; switching passes its id', async () => {
    const onSwitchBranch = vi.fn();
    const answer: ChatMessage = { id: 'a2', role: 'assistant', parts: [{ type: 'text', text: 'Hi' }] };
    const { container, rerender } = render(<Message message={answer} branch={{ index: 1, count: 2 }} onSwitchBranch={onSwitchBranch} />);
    // The footer's parts are a lazy chunk: the picker shows once it has loaded.
    await userEvent.click(await screen.findByRole('button', { name: 'Previous version' }));
    expect(container.querySelector('.cw-message-footer .cw-branch-picker')).toHaveTextContent('2 / 2');
    expect(onSwitchBranch).toHaveBeenCalledWith('a2', 0);
    rerender(<Message message={answer} branch={{ index: 0, count: 1 }} onSwitchBranch={onSwitchBranch} />);
    expect(container.querySelector('.cw-branch-picker')).toBeNull();
    rerender(<Message message={answer} branch={{ index: 1, count: 2 }} />);
    expect(container.querySelector('.cw-branch-picker')).toBeNull();
  });
});
