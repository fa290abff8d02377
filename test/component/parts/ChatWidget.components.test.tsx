import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ChatWidget } from '../../../src/components/ChatWidget';
import type { CodeBlockProps } from '../../../src/markdown/react/CodeBlock';
import type { CitationBadgeProps } from '../../../src/markdown/react/CitationBadge';
import { createMockFetch, type MockStep } from '../../../stories/support/mockStream';

const answer: MockStep[] = [
  { type: 'citations', citations: [{ id: '1', title: 'Pricing page', url: 'https://example.com/pricing' }] },
  { type: 'text-delta', delta: 'See the plans [1].\n\n```ts\nconst plans = 3;\n```\n\nDone.' },
  { type: 'done', finishReason: 'stop' },
];

describe('ChatWidget components map', () => {
  it('passes CodeBlock, CitationBadge and markdown element overrides through to the rendered answer', async () => {
    const user = userEvent.setup();
    const { fetch } = createMockFetch({ script: () => answer, delayMs: 0, chunkSize: 200 });
    const MyCode = (props: CodeBlockProps) => <pre data-testid="my-code">{props.code}</pre>;
    const MyBadge = (props: CitationBadgeProps) => <sup data-testid="my-badge">{props.citation.title ?? props.marker}</sup>;
    const MyParagraph = (props: { children?: React.ReactNode }) => <p data-testid="my-p">{props.children}</p>;
    const { container } = render(
      <ChatWidget
        endpoint="/api/chat"
        fetch={fetch}
        storage={null}
        protocol="chatwire"
        components={{ CodeBlock: MyCode, CitationBadge: MyBadge, p: MyParagraph }}
      />,
    );
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Plans?{Enter}');
    const root = container.firstElementChild as HTMLElement;
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'complete'), { timeout: 10_000 });
    await waitFor(() => expect(screen.getByTestId('my-code')).toHaveTextContent('const plans = 3;'));
    expect(screen.getByTestId('my-badge')).toHaveTextContent('Pricing page');
    expect(screen.getAllByTestId('my-p').length).toBeGreaterThan(0);
    expect(container.querySelector('.cw-code-block')).toBeNull();
  });
});

describe('ChatWidget custom tool cards', () => {
  const toolAnswer: MockStep[] = [
    { type: 'tool-call', toolCallId: 'call_w', name: 'get_weather', args: { city: 'Lisbon' } },
    { type: 'tool-executing', toolCallId: 'call_w' },
    { type: 'tool-result', toolCallId: 'call_w', result: { tempC: 21 } },
    { type: 'text-delta', delta: 'It is 21 °C in Lisbon.' },
    { type: 'done', finishReason: 'stop' },
  ];
  const WeatherCard = ({ args, result }: { args?: { city?: string }; result?: { tempC: number } }) => (
    <p data-testid="weather">{`${args?.city ?? '...'}: ${result ? `${result.tempC} °C` : 'asking'}`}</p>
  );

  it.each([
    ['the toolRenderers prop', { toolRenderers: { get_weather: WeatherCard } }],
    ['toolRenderers in the components map', { components: { toolRenderers: { get_weather: WeatherCard } } }],
  ] as const)('draws a tool with the app card through %s', async (_how, props) => {
    const user = userEvent.setup();
    const { fetch } = createMockFetch({ script: () => toolAnswer, delayMs: 0, chunkSize: 200 });
    const { container } = render(<ChatWidget endpoint="/api/chat" fetch={fetch} storage={null} protocol="chatwire" {...props} />);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Weather?{Enter}');
    await waitFor(() => expect(container.firstElementChild).toHaveAttribute('data-phase', 'complete'), { timeout: 10_000 });
    await waitFor(() => expect(screen.getByTestId('weather')).toHaveTextContent('Lisbon: 21 °C'));
    expect(container.querySelector('.cw-tool-call.cw-tool-custom')).toHaveAttribute('data-tool', 'get_weather');
  });
});
