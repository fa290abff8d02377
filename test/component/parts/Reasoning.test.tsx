import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Reasoning } from '../../../src/components/Reasoning';

describe('Reasoning', () => {
  it('is open while streaming and closes itself when streaming ends', () => {
    const { container, rerender } = render(<Reasoning text="Let me think" streaming />);
    const root = container.firstElementChild!;
    expect(root).toHaveAttribute('data-state', 'open');
    expect(root).toHaveAttribute('data-streaming', 'true');
    expect(screen.getByText('Let me think')).toBeVisible();

    rerender(<Reasoning text="Let me think about it." streaming={false} />);
    expect(root).toHaveAttribute('data-state', 'closed');
    expect(root).not.toHaveAttribute('data-streaming');
    expect(screen.getByText('Let me think about it.')).not.toBeVisible();
    expect(screen.getByRole('button', { name: 'Thought process' })).toHaveAttribute('aria-expanded', 'false');
  });

  it('toggles by keyboard after streaming', async () => {
    const user = userEvent.setup();
    render(<Reasoning text="Steps" />);
    const toggle = screen.getByRole('button', { name: 'Thought process' });
    await user.tab();
    expect(toggle).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('Steps')).toBeVisible();
    await user.keyboard(' ');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });

  it('keeps a panel the user opened open when streaming ends', async () => {
    const user = userEvent.setup();
    const { container, rerender } = render(<Reasoning text="a" streaming />);
    await user.click(screen.getByRole('button', { name: 'Thinking' }));
    await user.click(screen.getByRole('button', { name: 'Thinking' }));
    rerender(<Reasoning text="ab" streaming={false} />);
    expect(container.firstElementChild).toHaveAttribute('data-state', 'open');
  });

  it('works controlled', async () => {
    const user = userEvent.setup();
    const onOpenChange = vi.fn();
    const { container } = render(<Reasoning text="x" open={false} onOpenChange={onOpenChange} />);
    await user.click(screen.getByRole('button'));
    expect(onOpenChange).toHaveBeenCalledWith(true);
    expect(container.firstElementChild).toHaveAttribute('data-state', 'closed');
  });
});
