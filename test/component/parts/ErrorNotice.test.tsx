import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ErrorNotice } from '../../../src/components/ErrorNotice';

describe('ErrorNotice', () => {
  it('shows the message and calls retry from the Retry button', async () => {
    const user = userEvent.setup();
    const retry = vi.fn();
    render(<ErrorNotice error={{ message: 'The model is overloaded.', code: 'overloaded_error', retryable: true }} onRetry={retry} />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The model is overloaded.');
    expect(alert).toHaveAttribute('data-code', 'overloaded_error');
    expect(alert).toHaveAttribute('data-retryable', 'true');
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('has no Retry button without onRetry', () => {
    render(<ErrorNotice error={{ message: 'Nope' }} />);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
