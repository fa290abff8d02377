import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ChatMessage, ChatPhase } from '../../../src/core/session/types';
import { MessageList } from '../../../src/components/MessageList';
import { scrollMetrics } from '../../support/scrollMetrics';

const user = (id: string, text: string): ChatMessage => ({ id, role: 'user', parts: [{ type: 'text', text }] });
const answer = (id: string, text: string): ChatMessage => ({ id, role: 'assistant', parts: [{ type: 'text', text }] });

function setup(messages: ChatMessage[], phase: ChatPhase = 'generating') {
  const view = render(<MessageList messages={messages} phase={phase} />);
  const viewport = view.container.querySelector<HTMLElement>('.cw-message-list-viewport')!;
  const metrics = scrollMetrics(viewport, { scrollHeight: 1000, clientHeight: 400 });
  const root = view.container.firstElementChild as HTMLElement;
  const update = (next: ChatMessage[], nextPhase: ChatPhase = phase) =>
    view.rerender(<MessageList messages={next} phase={nextPhase} />);
  return { ...view, viewport, metrics, root, update };
}

describe('MessageList', () => {
  it('stays pinned to the bottom while content grows', () => {
    const { viewport, metrics, root, update } = setup([user('u1', 'hi'), answer('a1', 'Hel')]);
    update([user('u1', 'hi'), answer('a1', 'Hello')]);
    expect(viewport.scrollTop).toBe(600);
    metrics.scrollHeight = 1500;
    update([user('u1', 'hi'), answer('a1', 'Hello there')]);
    expect(viewport.scrollTop).toBe(1100);
    expect(root).toHaveAttribute('data-pinned', 'true');
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
  });

  it('stops following when the user scrolls up and offers "Jump to latest"', async () => {
    const { viewport, metrics, root, update } = setup([user('u1', 'hi'), answer('a1', 'Hel')]);
    update([user('u1', 'hi'), answer('a1', 'Hello')]);
    viewport.scrollTop = 200;
    fireEvent.scroll(viewport);
    expect(root).toHaveAttribute('data-pinned', 'false');

    metrics.scrollHeight = 1500;
    update([user('u1', 'hi'), answer('a1', 'Hello there, more text')]);
    expect(viewport.scrollTop).toBe(200);

    await userEvent.click(screen.getByRole('button', { name: 'Jump to latest' }));
    expect(viewport.scrollTop).toBe(1100);
    expect(viewport).toHaveFocus();
    expect(root).toHaveAttribute('data-pinned', 'true');
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();

    metrics.scrollHeight = 1800;
    update([user('u1', 'hi'), answer('a1', 'Hello there, more text and more')]);
    expect(viewport.scrollTop).toBe(1400);
  });

  it('re-pins when the user scrolls back near the bottom', () => {
    const { viewport, root } = setup([answer('a1', 'x')]);
    viewport.scrollTop = 100;
    fireEvent.scroll(viewport);
    expect(root).toHaveAttribute('data-pinned', 'false');
    viewport.scrollTop = 570; // 30 px from the bottom, inside the 48 px threshold
    fireEvent.scroll(viewport);
    expect(root).toHaveAttribute('data-pinned', 'true');
  });

  it('keeps the visible list silent and announces only finished answers', () => {
    const { container, update } = setup([user('u1', 'capital of France?'), answer('a1', 'Par')]);
    const announcer = container.querySelector('[aria-live="polite"]')!;
    expect(screen.getByRole('region', { name: 'Messages' })).toHaveAttribute('aria-live', 'off');
    expect(announcer).toHaveTextContent('');
    update([user('u1', 'capital of France?'), answer('a1', 'Paris is')]);
    update([user('u1', 'capital of France?'), answer('a1', 'Paris is the capital.')]);
    expect(announcer).toHaveTextContent('');
    update([user('u1', 'capital of France?'), answer('a1', 'Paris is the capital.')], 'complete');
    expect(announcer).toHaveTextContent('Paris is the capital.');

    update([user('u1', 'capital of France?'), answer('a1', 'Paris is the capital.'), user('u2', 'and Spain?')], 'submitted');
    expect(announcer).toHaveTextContent('Paris is the capital.');
    update(
      [user('u1', 'capital of France?'), answer('a1', 'Paris is the capital.'), user('u2', 'and Spain?'), answer('a2', 'Madr')],
      'generating',
    );
    update(
      [user('u1', 'capital of France?'), answer('a1', 'Paris is the capital.'), user('u2', 'and Spain?'), answer('a2', 'Madrid')],
      'cancelled',
    );
    expect(announcer).toHaveTextContent(/^Madrid$/);
  });

  it('announces an answer that arrived whole between two renders (idle to complete), but never loaded history', () => {
    const { container, update } = setup([], 'idle');
    const announcer = container.querySelector('[aria-live="polite"]')!;
    update([user('u1', 'old question'), answer('a1', 'Old answer.')], 'idle');
    expect(announcer).toHaveTextContent('');
    update([user('u1', 'old question'), answer('a1', 'Old answer.'), user('u2', 'new'), answer('a2', 'Fast answer.')], 'complete');
    expect(announcer).toHaveTextContent(/^Fast answer\.$/);
  });

  it('announces a finished markdown answer as plain text, never its markup', () => {
    const markdown = [
      '## What did Sarah say?',
      '',
      'She said **yes** to [the plan](https://example.com/plan) and `ship it`.',
      '',
      '| Speaker | Time |',
      '|---|---|',
      '| Sarah Johnson | 12:45 |',
      '',
      '- first',
      '- second',
    ].join('\n');
    const { container, update } = setup([user('u1', 'q'), answer('a1', '## What')]);
    update([user('u1', 'q'), answer('a1', markdown)], 'complete');
    const spoken = container.querySelector('[aria-live="polite"]')!.textContent ?? '';
    expect(spoken.split('\n')).toEqual([
      'What did Sarah say?',
      'She said yes to the plan and ship it.',
      'Speaker, Time',
      'Sarah Johnson, 12:45',
      'first',
      'second',
    ]);
    expect(spoken).not.toMatch(/[#|*`[\]]|---|https:/);
  });

  it('announces the beginning of a very long answer, up to a block boundary, then an ellipsis', () => {
    const intro = 'Here are the rows you asked for.';
    const table = ['| n | square |', '|---|---|', ...Array.from({ length: 5000 }, (_, i) => `| ${i} | ${i * i} |`)].join('\n');
    const { container, update } = setup([user('u1', 'q'), answer('a1', intro)]);
    update([user('u1', 'q'), answer('a1', `${intro}\n\n${table}`)], 'complete');
    const spoken = container.querySelector('[aria-live="polite"]')!.textContent ?? '';
    expect(spoken).toBe(`${intro} …`); // the table does not end within the first 4,000 characters

    // One block longer than the limit: read up to the limit.
    update([user('u1', 'q'), answer('a1', intro), user('u2', 'q2'), answer('a2', table)], 'generating');
    update([user('u1', 'q'), answer('a1', intro), user('u2', 'q2'), answer('a2', table)], 'complete');
    const table2 = container.querySelector('[aria-live="polite"]')!.textContent ?? '';
    expect(table2.startsWith('n, square\n0, 0\n1, 1\n')).toBe(true);
    expect(table2.endsWith(' …')).toBe(true);
    expect(table2.length).toBeLessThan(4000);
    expect(table2).not.toMatch(/\|/);
  });

  it('announces an answer whose id changed while it streamed (placeholder renamed by the server)', () => {
    const { container, update } = setup([user('u1', 'q'), answer('local-1', '')], 'submitted');
    update([user('u1', 'q'), answer('server-1', 'All of it at once.')], 'complete');
    expect(container.querySelector('[aria-live="polite"]')).toHaveTextContent('All of it at once.');
  });

  it('does not announce history present at mount', () => {
    const { container } = render(<MessageList messages={[user('u1', 'q'), answer('a1', 'old answer')]} phase="complete" />);
    expect(container.querySelector('[aria-live="polite"]')).toHaveTextContent('');
  });

  it('marks the live answer and a stopped one', () => {
    const { container, update } = setup([user('u1', 'q'), answer('a1', 'part')]);
    expect(container.querySelector('[data-message-id="a1"]')).toHaveAttribute('data-live', 'true');
    expect(container.querySelector('[data-message-id="u1"]')).not.toHaveAttribute('data-live');
    update([user('u1', 'q'), answer('a1', 'partial')], 'cancelled');
    const stopped = container.querySelector('[data-message-id="a1"]')!;
    expect(stopped).not.toHaveAttribute('data-live');
    expect(stopped).toHaveAttribute('data-cancelled', 'true');
    expect(stopped).toHaveTextContent('Stopped');
  });

  it('shows the empty state without messages', () => {
    render(<MessageList messages={[]} emptyState="Ask me anything" />);
    expect(screen.getByText('Ask me anything')).toBeInTheDocument();
  });

  it('follows content that grows on its own (ResizeObserver) while pinned', () => {
    const callbacks: Array<() => void> = [];
    const Original = globalThis.ResizeObserver;
    globalThis.ResizeObserver = class {
      constructor(cb: () => void) {
        callbacks.push(cb);
      }
      observe() {}
      unobserve() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
    try {
      const { viewport, metrics } = setup([answer('a1', 'x')], 'complete');
      metrics.scrollHeight = 2000;
      act(() => callbacks.forEach((cb) => cb()));
      expect(viewport.scrollTop).toBe(1600);
    } finally {
      globalThis.ResizeObserver = Original;
    }
  });
});
