import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ToolCallPart } from '../../../src/core/session/types';
import { ToolCallCard } from '../../../src/components/ToolCallCard';

const base: ToolCallPart = { type: 'tool-call', toolCallId: 'c1', name: 'search', argsText: '', state: 'streaming-args' };

describe('ToolCallCard', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows partial argument text while streaming, then pretty JSON once complete', () => {
    const { container, rerender } = render(<ToolCallCard part={{ ...base, argsText: '{"query":"ca' }} />);
    const card = container.firstElementChild as HTMLElement;
    expect(card).toHaveAttribute('data-state', 'streaming-args');
    expect(card).toHaveClass('cw-tool-call');
    expect(card.querySelector('.cw-tool-call-args')).toHaveTextContent('{"query":"ca');
    expect(screen.getByText('Preparing search...')).toBeInTheDocument();

    rerender(<ToolCallCard part={{ ...base, argsText: '{"query":"cats"}', args: { query: 'cats' }, state: 'called' }} />);
    expect(card).toHaveAttribute('data-state', 'called');
    expect(card.querySelector('.cw-tool-call-args code')!.textContent).toBe('{\n  "query": "cats"\n}');
  });

  it('ticks the elapsed time every 100 ms while executing and keeps the final duration', () => {
    vi.useFakeTimers();
    vi.setSystemTime(10_000);
    const executing: ToolCallPart = { ...base, args: {}, argsText: '{}', state: 'executing', startedAt: 9_000, executingAt: 10_000 };
    const { container, rerender } = render(<ToolCallCard part={executing} />);
    const status = container.querySelector('.cw-tool-call-status')!;
    expect(status).toHaveTextContent('Running search... 0.0 s');
    act(() => {
      vi.advanceTimersByTime(2_400);
    });
    expect(status).toHaveTextContent('Running search... 2.4 s');
    act(() => {
      vi.advanceTimersByTime(100);
    });
    expect(status).toHaveTextContent('Running search... 2.5 s');

    rerender(<ToolCallCard part={{ ...executing, state: 'result', result: 'ok', endedAt: 13_100 }} />);
    expect(status).toHaveTextContent('Ran search in 3.1 s');
    act(() => {
      vi.advanceTimersByTime(5_000);
    });
    expect(status).toHaveTextContent('Ran search in 3.1 s');
  });

  it('falls back to startedAt when the server did not say when execution began', () => {
    vi.useFakeTimers();
    vi.setSystemTime(5_000);
    render(<ToolCallCard part={{ ...base, state: 'executing', argsText: '{}', startedAt: 4_000 }} />);
    expect(screen.getByText('Running search... 1.0 s')).toBeInTheDocument();
  });

  it('shows a short result expanded and a long one collapsed, toggled by a named button', async () => {
    const user = userEvent.setup();
    const { rerender } = render(<ToolCallCard part={{ ...base, state: 'result', argsText: '{}', result: { hits: 2 } }} />);
    expect(screen.getByRole('button', { name: 'Hide result' })).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText(/"hits": 2/)).toBeVisible();

    const long = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    rerender(<ToolCallCard key="long" part={{ ...base, toolCallId: 'c2', state: 'result', argsText: '{}', result: long }} />);
    const toggle = screen.getByRole('button', { name: 'Show result' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(document.getElementById(toggle.getAttribute('aria-controls')!)).not.toBeVisible();
    await user.click(toggle);
    expect(screen.getByRole('button', { name: 'Hide result' })).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText(/line 39/)).toBeVisible();
  });

  it('shows an error distinctly', () => {
    const { container } = render(
      <ToolCallCard part={{ ...base, state: 'result', isError: true, argsText: '{}', result: 'rate limited' }} />,
    );
    expect(container.firstElementChild).toHaveAttribute('data-state', 'error');
    expect(screen.getByRole('alert')).toHaveTextContent('rate limited');
    expect(screen.queryByRole('button', { name: /result/ })).toBeNull();
  });

  it('renders arguments and results as text, never HTML', () => {
    const { container } = render(
      <ToolCallCard
        part={{ ...base, state: 'result', argsText: '"<img src=x onerror=alert(1)>"', args: '<b>bold</b>', result: '<script>x()</script>' }}
      />,
    );
    expect(container.querySelector('img, b, script')).toBeNull();
    expect(container).toHaveTextContent('<b>bold</b>');
    expect(container).toHaveTextContent('<script>x()</script>');
  });

  it('forwards its ref, merges className and passes other props to the root', () => {
    const ref = { current: null as HTMLDivElement | null };
    render(<ToolCallCard ref={ref} part={base} className="mine" data-testid="card" />);
    expect(ref.current).toBe(screen.getByTestId('card'));
    expect(ref.current).toHaveClass('cw-tool-call', 'mine');
  });
});
