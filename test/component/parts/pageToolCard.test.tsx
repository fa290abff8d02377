import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { pageDeviceId } from '../../../src/core/session/pageDeviceId';
import type { ToolCallPart } from '../../../src/core/session/types';
import { ToolCallCard } from '../../../src/components/ToolCallCard';

const running: ToolCallPart = { type: 'tool-call', toolCallId: 'call_t', name: 'get_local_time', argsText: '{}', args: {}, state: 'executing', runsOn: 'page', executingAt: 1_000 };

describe('ToolCallCard for a tool the page runs', () => {
  it('is client-running, not executing, and says where it runs: waiting for a page, in this browser (ticking), on another device', () => {
    const clock = { now: 1_000 };
    const now = () => clock.now;
    vi.useFakeTimers();
    const { container, rerender } = render(<ToolCallCard part={running} now={now} />);
    const card = () => container.firstElementChild as HTMLElement;
    expect(card()).toHaveAttribute('data-state', 'client-running');
    expect(card()).toHaveAttribute('data-claim', 'none');
    expect(screen.getByText('Waiting for a page to run get_local_time...')).toBeInTheDocument();

    try {
      rerender(<ToolCallCard part={{ ...running, claimedBy: pageDeviceId() }} now={now} />);
      expect(card()).toHaveAttribute('data-claim', 'here');
      clock.now = 3_400;
      act(() => vi.advanceTimersByTime(200));
      expect(screen.getByText('Running get_local_time in this browser... 2.4 s')).toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
    rerender(<ToolCallCard part={{ ...running, claimedBy: 'd-some-phone' }} now={now} />);
    expect(card()).toHaveAttribute('data-claim', 'elsewhere');
    expect(screen.getByText('Running get_local_time on another device... 2.4 s')).toBeInTheDocument();

    rerender(<ToolCallCard part={{ ...running, runsOn: undefined, name: 'search' }} now={now} />);
    expect(card()).toHaveAttribute('data-state', 'executing');
    expect(card()).not.toHaveAttribute('data-claim');
    expect(screen.getByText('Running search... 2.4 s')).toBeInTheDocument();
  });

  it('interrupted by a reload of this browser: Run again and Report as interrupted, once; on another device only the note', async () => {
    const onContinue = vi.fn(async () => {});
    const { container, rerender } = render(<ToolCallCard part={{ ...running, claimedBy: pageDeviceId(), interrupted: true }} onContinue={onContinue} />);
    expect(container.firstElementChild).toHaveAttribute('data-state', 'interrupted');
    expect(screen.getByText('get_local_time was interrupted by a reload')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Run again' }));
    expect(onContinue).toHaveBeenCalledWith('rerun');
    expect(screen.getByRole('button', { name: 'Report as interrupted' })).toBeDisabled();

    rerender(<ToolCallCard part={{ ...running, claimedBy: 'd-some-phone', interrupted: true }} onContinue={onContinue} />);
    expect(screen.getByText('get_local_time was interrupted on another device')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Run again' })).toBeNull();
  });

  it('a failed answer is an alert and the buttons come back', async () => {
    const onContinue = vi.fn(async () => {
      throw new Error('HTTP 503');
    });
    render(<ToolCallCard part={{ ...running, claimedBy: pageDeviceId(), interrupted: true }} onContinue={onContinue} />);
    await userEvent.click(screen.getByRole('button', { name: 'Report as interrupted' }));
    expect(onContinue).toHaveBeenCalledWith('report');
    expect(await screen.findByRole('alert')).toHaveTextContent('The answer was not sent: HTTP 503');
    expect(screen.getByRole('button', { name: 'Run again' })).toBeEnabled();
  });
});
