import { useMemo } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ChatWidget, type ChatTheme } from '../src/components/ChatWidget';
import { hebrewLabels } from './support/hebrewLabels';
import { createMockFetch } from './support/mockStream';
import { scenarios, type ScenarioName } from './support/scripts';

interface MockChatArgs {
  /** Which scripted answer the mock server gives. */
  scenario: ScenarioName;
  /** Milliseconds between two events. */
  delayMs: number;
  /** Characters per text delta. */
  chunkSize: number;
  /** Widget theme; empty follows the toolbar. */
  theme?: ChatTheme;
  title: string;
  placeholder: string;
  /** Drop the first response after this many events (0: never), to show reconnection. */
  dropAfterEvents?: number;
  /** Set from the toolbar's theme global by `render`. */
  toolbarTheme?: ChatTheme;
  /** Text direction of the widget. */
  dir?: 'ltr' | 'rtl';
  /** `he`: the Hebrew labels (the placeholder arg still wins). */
  lang?: 'en' | 'he';
}

/** ChatWidget with the real hooks, fed by a mock fetch that speaks the chatwire protocol. */
function MockChat({ scenario, delayMs, chunkSize, dropAfterEvents = 0, theme, title, placeholder, toolbarTheme = 'light', dir, lang }: MockChatArgs) {
  const { fetch } = useMemo(
    () =>
      createMockFetch({
        script: scenarios[scenario],
        delayMs,
        chunkSize,
        ...(dropAfterEvents > 0 ? { dropAfterEvents, resumeDelayMs: 1500 } : {}),
      }),
    [scenario, delayMs, chunkSize, dropAfterEvents],
  );
  return (
    <div style={{ height: 560, padding: 16, boxSizing: 'border-box' }}>
      <ChatWidget
        key={`${scenario}-${delayMs}-${chunkSize}-${dropAfterEvents}`}
        endpoint="/api/chat"
        protocol="chatwire"
        fetch={fetch}
        storage={null}
        theme={theme ?? toolbarTheme}
        title={title}
        placeholder={placeholder}
        dir={dir}
        labels={lang === 'he' ? hebrewLabels : undefined}
        emptyState="Ask anything: the answer comes from a scripted mock server."
      />
    </div>
  );
}

const meta = {
  title: 'ChatWidget',
  component: MockChat,
  parameters: { ownTheme: true },
  args: { scenario: 'answer', delayMs: 30, chunkSize: 4, title: 'Assistant', placeholder: 'Send a message...' },
  argTypes: {
    scenario: { control: 'select', options: Object.keys(scenarios) },
    delayMs: { control: { type: 'range', min: 0, max: 300, step: 5 } },
    chunkSize: { control: { type: 'range', min: 1, max: 64, step: 1 } },
    dropAfterEvents: { control: { type: 'number', min: 0 } },
    theme: { control: 'select', options: [undefined, 'light', 'dark', 'auto', 'none'] },
    toolbarTheme: { table: { disable: true } },
    dir: { control: 'inline-radio', options: [undefined, 'ltr', 'rtl'] },
    lang: { control: 'inline-radio', options: ['en', 'he'] },
  },
  render: (args, { globals }) => <MockChat {...args} toolbarTheme={(globals.theme as ChatTheme | undefined) ?? 'light'} />,
} satisfies Meta<typeof MockChat>;
export default meta;
type Story = StoryObj<typeof meta>;

const widget = (canvasElement: HTMLElement): HTMLElement => canvasElement.querySelector<HTMLElement>('.cw-widget')!;
const conversation = (canvasElement: HTMLElement) => within(within(canvasElement).getByRole('region', { name: 'Messages' }));

async function ask(canvasElement: HTMLElement, text: string): Promise<void> {
  const input = within(canvasElement).getByRole('textbox', { name: 'Message' });
  await userEvent.type(input, `${text}{Enter}`);
}

/** Type, send, watch it stream, stop it. */
export const Full: Story = {
  args: { scenario: 'long', delayMs: 40, chunkSize: 3 },
  play: async ({ canvasElement }) => {
    const root = widget(canvasElement);
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('button', { name: 'Send' })).toBeDisabled();
    await ask(canvasElement, 'What are server-sent events?');
    await expect(conversation(canvasElement).getByText('What are server-sent events?')).toBeVisible();
    await waitFor(() => expect(conversation(canvasElement).getByText(/Server-Sent Events/)).toBeVisible(), { timeout: 15_000 });
    await expect(root).toHaveAttribute('data-phase', 'generating');
    const before = canvasElement.querySelector('.cw-message[data-role="assistant"]')!.textContent!.length;
    await waitFor(() => expect(canvasElement.querySelector('.cw-message[data-role="assistant"]')!.textContent!.length).toBeGreaterThan(before), {
      timeout: 15_000,
    });
    await userEvent.click(canvas.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'cancelled'), { timeout: 15_000 });
    await expect(conversation(canvasElement).getByText('Stopped')).toBeVisible();
    const stoppedLength = canvasElement.querySelector('.cw-message[data-role="assistant"]')!.textContent!.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(canvasElement.querySelector('.cw-message[data-role="assistant"]')!.textContent!.length).toBe(stoppedLength);
    await expect(canvas.getByRole('button', { name: 'Send' })).toBeInTheDocument();
  },
};

/** Streaming a markdown answer to completion. */
export const Streaming: Story = {
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'Explain SSE');
    await waitFor(() => expect(canvasElement.querySelector('.cw-markdown[data-state="streaming"]')).not.toBeNull(), { timeout: 15_000 });
    await waitFor(() => expect(widget(canvasElement)).toHaveAttribute('data-phase', 'complete'), { timeout: 15_000 });
    const answer = conversation(canvasElement);
    await expect(answer.getByText('Server-Sent Events')).toBeVisible();
    await expect(canvasElement.querySelector('.cw-markdown strong')).toHaveTextContent('Server-Sent Events');
    await expect(canvasElement.querySelector('.cw-cursor')).toBeNull();
  },
};

/** Reasoning, two tool calls (arguments streaming, executing with a ticking timer, results), then cited text. */
export const ToolCalling: Story = {
  args: { scenario: 'tools', delayMs: 25 },
  play: async ({ canvasElement }) => {
    const root = widget(canvasElement);
    await ask(canvasElement, 'How does resume work?');
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'executing'), { timeout: 15_000 });
    // The tool card's chunk started loading with the answer (its frame shows until it is there).
    await waitFor(() => expect(canvasElement.querySelector('.cw-tool-call[data-state="executing"] .cw-tool-call-status')?.textContent).toMatch(/^Running search\.\.\. \d+\.\d s$/));
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'complete'), { timeout: 15_000 });
    const cards = [...canvasElement.querySelectorAll('.cw-tool-call')];
    await expect(cards.map((card) => card.getAttribute('data-tool'))).toEqual(['search', 'open_page']);
    await expect(cards.map((card) => card.getAttribute('data-state'))).toEqual(['result', 'result']);
    await expect(cards[0]!.querySelector('.cw-tool-call-status')!.textContent).toMatch(/^Ran search in \d+\.\d s$/);
    await expect(canvasElement.querySelector('.cw-reasoning')).toHaveAttribute('data-state', 'closed');
    await expect(canvasElement.querySelectorAll('.cw-citation').length).toBeGreaterThanOrEqual(2);
  },
};

/** A retryable error keeps the partial answer and offers Retry, which answers the second time. */
export const ErrorAndRetry: Story = {
  args: { scenario: 'error', delayMs: 10 },
  play: async ({ canvasElement }) => {
    const root = widget(canvasElement);
    await ask(canvasElement, 'Look something up');
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'error'), { timeout: 15_000 });
    const alert = within(canvasElement).getByRole('alert');
    await expect(alert).toHaveTextContent('The model is overloaded.');
    await expect(conversation(canvasElement).getByText('Let me look that up')).toBeVisible();
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'complete'), { timeout: 15_000 });
    await expect(conversation(canvasElement).getByText('Here it is, on the second try.')).toBeVisible();
  },
};

/** Right to left with Hebrew labels: the user's bubble on the left, Send left of the text box, the reasoning rule on the right. */
export const RightToLeft: Story = {
  args: { scenario: 'hebrew', dir: 'rtl', lang: 'he', delayMs: 10, title: 'עוזר', placeholder: 'כתבו הודעה...' },
  play: async ({ canvasElement }) => {
    const root = widget(canvasElement);
    const canvas = within(canvasElement);
    await expect(getComputedStyle(root).direction).toBe('rtl');
    await userEvent.type(canvas.getByRole('textbox', { name: 'הודעה' }), 'מה מזג האוויר בירושלים?{Enter}');
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'complete'), { timeout: 15_000 });
    const list = canvasElement.querySelector('.cw-message-list-content')!.getBoundingClientRect();
    const bubble = canvasElement.querySelector('.cw-message[data-role="user"]')!.getBoundingClientRect();
    await expect(bubble.left - list.left).toBeLessThan(2);
    const send = canvas.getByRole('button', { name: 'שליחה' }).getBoundingClientRect();
    const input = canvas.getByRole('textbox', { name: 'הודעה' }).getBoundingClientRect();
    await expect(send.right).toBeLessThanOrEqual(input.left + 1);
    await expect(getComputedStyle(canvasElement.querySelector('.cw-reasoning')!).borderRightWidth).toBe('3px');
    await expect(canvas.getByRole('region', { name: 'הודעות' })).toHaveTextContent('القدس');
  },
};

/** The dark theme applies its variables. */
export const DarkTheme: Story = {
  args: { theme: 'dark', scenario: 'tools', delayMs: 10 },
  play: async ({ canvasElement }) => {
    const root = widget(canvasElement);
    await expect(root).toHaveAttribute('data-theme', 'dark');
    await expect(getComputedStyle(root).backgroundColor).toBe('rgb(13, 17, 23)');
    await expect(getComputedStyle(root).color).toBe('rgb(230, 237, 243)');
    await ask(canvasElement, 'Dark mode, please');
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'complete'), { timeout: 15_000 });
    const card = canvasElement.querySelector('.cw-tool-call')!;
    await expect(getComputedStyle(card).backgroundColor).toBe('rgb(22, 27, 34)');
  },
};

/** A long code block, highlighted once complete. */
export const LongCode: Story = {
  args: { scenario: 'code', delayMs: 5, chunkSize: 24 },
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'Show me code');
    await waitFor(() => expect(widget(canvasElement)).toHaveAttribute('data-phase', 'complete'), { timeout: 15_000 });
    await expect(canvasElement.querySelector('.cw-message[data-role="assistant"] pre')).toHaveTextContent('readEvents2');
  },
};

/** A GFM table. */
export const Table: Story = {
  args: { scenario: 'table', delayMs: 5, chunkSize: 12 },
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'Compare the formats');
    await waitFor(() => expect(widget(canvasElement)).toHaveAttribute('data-phase', 'complete'), { timeout: 15_000 });
    const rows = canvasElement.querySelectorAll('.cw-message[data-role="assistant"] table tr');
    await expect(rows).toHaveLength(5);
  },
};

/** Chinese and Japanese text streaming. */
export const CJK: Story = {
  args: { scenario: 'cjk', delayMs: 15, chunkSize: 2 },
  play: async ({ canvasElement }) => {
    await ask(canvasElement, '用中文解释');
    await waitFor(() => expect(widget(canvasElement)).toHaveAttribute('data-phase', 'complete'), { timeout: 15_000 });
    await expect(conversation(canvasElement).getByText(/服务器发送事件/)).toBeVisible();
    await expect(conversation(canvasElement).getByText(/日本語の文章も途切れずに表示されるはずです。/)).toBeVisible();
  },
};

/** Unstyled: no theme class or variables, the structure still works. */
export const Unstyled: Story = {
  args: { theme: 'none', delayMs: 5, chunkSize: 40 },
  play: async ({ canvasElement }) => {
    const root = widget(canvasElement);
    await expect(root).not.toHaveClass('cw-theme');
    await expect(root).not.toHaveAttribute('data-theme');
    await ask(canvasElement, 'Plain, please');
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'complete'), { timeout: 15_000 });
  },
};

/** The connection drops mid-answer: "Reconnecting..." shows, then the stream resumes where it left off. */
export const Reconnecting: Story = {
  args: { scenario: 'answer', delayMs: 20, chunkSize: 6, dropAfterEvents: 8 },
  play: async ({ canvasElement }) => {
    const root = widget(canvasElement);
    await ask(canvasElement, 'Keep going');
    await waitFor(() => expect(root).toHaveAttribute('data-connection', 'reconnecting'), { timeout: 15_000 });
    await expect(within(canvasElement).getByText('Reconnecting...')).toBeVisible();
    await expect(root).toHaveAttribute('data-phase', 'generating');
    await waitFor(() => expect(root).toHaveAttribute('data-phase', 'complete'), { timeout: 15_000 });
    await expect(within(canvasElement).queryByText('Reconnecting...')).toBeNull();
    await expect(canvasElement.querySelector('.cw-message[data-role="assistant"] .cw-markdown')).toHaveTextContent(
      'That makes it a good fit for streaming a model answer token by token.',
    );
  },
};
