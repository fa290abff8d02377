import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { pageDeviceId } from '../../../src/core/session/pageDeviceId';
import type { ToolCallPart } from '../../../src/core/session/types';
import { ToolCallCard } from '../../../src/components/ToolCallCard';

const running: ToolCallPart = { type: 'tool-call', toolCallId: 'call_t', name: 'get_local_time', argsText: '{}', args: {}, state: 'executing', runsOn: 'page', executingAt: 1_000 };

describe('ToolCallCard for a tool the page runs', () => {
  it('is client-running, not executing, and says where it runs: waiting for a page, in this browser (ticking), on another device', async () => {
    const clock = { now: 1_000 };
    const now = () => clock.now;
    const { container, rerender } = render(<ToolCallCard part={running} now={now} />);
    const card = () => container.firstElementChild as HTMLElement;
    const status = () => container.querySelector('.cw-tool-call-status');
    expect(card()).toHaveAttribute('data-state', 'client-running');
    // The page tool's status is its own chunk: meanwhile the plain running line.
    expect(screen.getByText(/^Running get_local_time\.\.\. /)).toBeInTheDocument();
    expect(await screen.findByText('Waiting for a page to run get_local_time...')).toBeInTheDocument();
    expect(status()).toHaveAttribute('data-claim', 'none');

    clock.now = 3_400;
    rerender(<ToolCallCard part={{ ...running, claimedBy: pageDeviceId() }} now={now} />);
    expect(status()).toHaveAttribute('data-claim', 'here');
    expect(screen.getByText('Running get_local_time in this browser... 2.4 s')).toBeInTheDocument();
    rerender(<ToolCallCard part={{ ...running, claimedBy: 'd-some-phone' }} now={now} />);
    expect(status()).toHaveAttribute('data-claim', 'elsewhere');
    expect(screen.getByText('Running get_local_time on another device... 2.4 s')).toBeInTheDocument();

    rerender(<ToolCallCard part={{ ...running, runsOn: undefined, name: 'search' }} now={now} />);
    expect(card()).toHaveAttribute('data-state', 'executing');
    expect(status()).not.toHaveAttribute('data-claim');
    expect(screen.getByText('Running search... 2.4 s')).toBeInTheDocument();
  });

  it('interrupted by a reload of this browser: Run again and Report as interrupted, once; on another device Run here and Report as interrupted', async () => {
    const onContinue = vi.fn(async () => {});
    const { container, rerender, unmount } = render(<ToolCallCard part={{ ...running, claimedBy: pageDeviceId(), interrupted: true }} onContinue={onContinue} />);
    expect(container.firstElementChild).toHaveAttribute('data-state', 'interrupted');
    expect(await screen.findByText('get_local_time was interrupted by a reload')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Run again' }));
    expect(onContinue).toHaveBeenCalledWith('rerun');
    expect(screen.getByRole('button', { name: 'Report as interrupted' })).toBeDisabled();

    // Once a device chose to run it, the call runs there: no buttons.
    rerender(<ToolCallCard part={{ ...running, claimedBy: 'd-some-phone', interrupted: false }} onContinue={onContinue} />);
    expect(container.querySelector('.cw-tool-call-status')).toHaveAttribute('data-claim', 'elsewhere');
    expect(container.querySelector('button')).toBeNull();
    // That run cut short too: the question comes back, answerable again.
    rerender(<ToolCallCard part={{ ...running, claimedBy: 'd-some-phone', interrupted: true }} onContinue={onContinue} />);
    expect(screen.getByRole('button', { name: 'Run here' })).toBeEnabled();
    unmount();

    // The phone's view of the laptop's interrupted run: it may answer too.
    render(<ToolCallCard part={{ ...running, claimedBy: 'd-some-laptop', interrupted: true }} onContinue={onContinue} />);
    expect(await screen.findByText('get_local_time was interrupted on another device')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Run again' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Run here' }));
    expect(onContinue).toHaveBeenLastCalledWith('rerun');
    expect(screen.getByRole('button', { name: 'Report as interrupted' })).toBeDisabled();
  });

  it('a failed answer gives the buttons back', async () => {
    const onContinue = vi.fn(async () => {
      throw new Error('HTTP 503');
    });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    render(<ToolCallCard part={{ ...running, claimedBy: pageDeviceId(), interrupted: true }} onContinue={onContinue} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Report as interrupted' }));
    expect(onContinue).toHaveBeenCalledWith('report');
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Run again' })).toBeEnabled());
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });
});
