import { render, screen } from '@testing-library/react';
import { StatusLine } from '../../../src/components/StatusLine';

describe('StatusLine', () => {
  it('is a polite status while live and a dimmed line when done', () => {
    const { rerender, container } = render(<StatusLine text="Searching across 12 conversations..." />);
    expect(screen.getByRole('status')).toHaveTextContent('Searching across 12 conversations...');
    expect(container.firstElementChild).toHaveAttribute('data-state', 'live');
    rerender(<StatusLine text="Searching across 12 conversations..." live={false} />);
    expect(screen.queryByRole('status')).toBeNull();
    expect(container.firstElementChild).toHaveAttribute('data-state', 'done');
  });
});
