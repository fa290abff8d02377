import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode, type ReactElement } from 'react';
import { ChatWidget } from '../../../src/components/ChatWidget';
import type { Timers } from '../../../src/core/Timers';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';
import { createMockFetch, type MockStep } from '../../../stories/support/mockStream';
import { manualTimers } from './manualTimers';

/** An answer with every kind of held text: partial words, a citation marker, a code fence, a table. */
const ANSWER = [
  '## Plans',
  '',
  'There are **three** plans [1], billed monthly.',
  '',
  '```ts',
  "const plan = pick('team');",
  '',
  'console.log(plan);',
  '```',
  '',
  '| Plan | Price |',
  '| --- | --- |',
  '| Team | 10 |',
  '',
  'Ask again anytime.',
].join('\n');

const steps: MockStep[] = [
  { type: 'citations', citations: [{ id: '1', title: 'Pricing page', url: 'https://example.com/pricing' }] },
  { type: 'text-delta', delta: ANSWER },
  { type: 'done', finishReason: 'stop' },
];

const settle = { timeout: 10_000 };

/** Streams ANSWER through a ChatWidget (the mock cuts it into 3-character deltas) and returns the finished list. */
async function streamThroughWidget(wrap: (ui: ReactElement) => ReactElement): Promise<HTMLElement> {
  const user = userEvent.setup();
  const { fetch } = createMockFetch({ script: () => steps, delayMs: 0, chunkSize: 3 });
  const { container, unmount } = render(wrap(<ChatWidget endpoint="/api/chat" fetch={fetch} storage={null} protocol="chatwire" />));
  await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Plans?{Enter}');
  const root = container.firstElementChild as HTMLElement;
  await waitFor(() => expect(root).toHaveAttribute('data-phase', 'complete'), settle);
  // Highlighting loads shiki, and the user message gets a random id: wait for the one, drop the other.
  await waitFor(() => expect(container.querySelector('.cw-code-block')).toHaveAttribute('data-state', 'highlighted'), settle);
  const list = screen.getByRole('region', { name: 'Messages' }).cloneNode(true) as HTMLElement;
  for (const message of list.querySelectorAll('[data-role="user"]')) message.removeAttribute('data-message-id');
  unmount();
  return list;
}

/** Feeds ANSWER to StreamingMarkdown a few characters per render, releases held text, then ends the stream. */
function streamThroughMarkdown(wrap: (ui: ReactElement) => ReactElement): { during: string[]; final: string } {
  const clock = manualTimers();
  const ui = (text: string, streaming: boolean) =>
    wrap(
      <StreamingMarkdown streaming={streaming} timers={clock.timers} requestFrame={null} citations={[{ id: '1', title: 'Pricing page' }]}>
        {text}
      </StreamingMarkdown>,
    );
  const view = render(ui('', true));
  const during: string[] = [];
  for (let end = 5; end < ANSWER.length; end += 5) {
    view.rerender(ui(ANSWER.slice(0, end), true));
    clock.run();
    during.push(view.container.textContent ?? '');
  }
  view.rerender(ui(ANSWER, false));
  const final = view.container.innerHTML;
  view.unmount();
  return { during, final };
}

const strict = (ui: ReactElement) => <StrictMode>{ui}</StrictMode>;
const plain = (ui: ReactElement) => ui;

describe('StrictMode (double render, double effects)', () => {
  it('a streamed answer in ChatWidget ends with the same DOM text as without StrictMode, nothing doubled', async () => {
    const [withStrict, without] = [await streamThroughWidget(strict), await streamThroughWidget(plain)];
    expect(withStrict.textContent).toBe(without.textContent);
    expect(withStrict.innerHTML).toBe(without.innerHTML);
    const text = withStrict.textContent ?? '';
    for (const once of ['Plans?', 'There are three plans', 'billed monthly.', "const plan = pick('team');", 'Ask again anytime.']) {
      expect(text.split(once).length - 1, once).toBe(1);
    }
    expect(within(withStrict).getAllByRole('table')).toHaveLength(1);
    expect(within(withStrict).getByRole('link', { name: /Pricing page/ })).toHaveAttribute('href', 'https://example.com/pricing');
  });

  it('StreamingMarkdown shows the same text at every step and the same final DOM under StrictMode', () => {
    const withStrict = streamThroughMarkdown(strict);
    const without = streamThroughMarkdown(plain);
    expect(withStrict.during).toEqual(without.during);
    expect(withStrict.final).toBe(without.final);
    expect(withStrict.final.split('Ask again anytime.').length - 1).toBe(1);
  });

  it('arms the word and citation timers after React commits, never while rendering', () => {
    let rendering = false;
    const armedWhileRendering: number[] = [];
    const timers: Timers = {
      setTimeout: (_callback, ms) => {
        if (rendering) armedWhileRendering.push(ms);
        return 0;
      },
      clearTimeout: () => undefined,
    };
    // Siblings render in order: the flag is up exactly while StreamingMarkdown renders.
    const Before = () => ((rendering = true), null);
    const After = () => ((rendering = false), null);
    const ui = (text: string) => (
      <StrictMode>
        <Before />
        <StreamingMarkdown streaming timers={timers} requestFrame={null}>
          {text}
        </StreamingMarkdown>
        <After />
      </StrictMode>
    );
    const view = render(ui('Hello wor'));
    act(() => view.rerender(ui('Hello world, see [12:45, Sar')));
    expect(view.container).toHaveTextContent('Hello world, see');
    expect(armedWhileRendering).toEqual([]);
  });
});
