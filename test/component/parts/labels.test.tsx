import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { ChatLabelsContext } from '../../../src/components/ChatLabelsContext';
import { ChatWidget } from '../../../src/components/ChatWidget';
import { Composer } from '../../../src/components/Composer';
import { ErrorNotice } from '../../../src/components/ErrorNotice';
import { Message } from '../../../src/components/Message';
import { MessageList } from '../../../src/components/MessageList';
import { ThreadList } from '../../../src/components/ThreadList';
import { ToolCallCard } from '../../../src/components/ToolCallCard';
import { defaultLabels } from '../../../src/components/defaultLabels';
import type { ChatLabels } from '../../../src/components/labels';
import type { ChatMessage, ToolCallPart } from '../../../src/core/session/types';
import type { UseConversationsResult } from '../../../src/react/useConversations';
import { createMockFetch, type MockStep } from '../../../stories/support/mockStream';

/**
 * A pseudo-translation: every label wrapped in ⟦ ⟧ with its key (and its arguments), so a
 * word that does not come from the catalog stands out.
 */
const pseudo = Object.fromEntries(
  Object.entries(defaultLabels).map(([key, value]) => [
    key,
    typeof value === 'function' ? (...args: unknown[]) => `⟦${key}(${args.map((a) => JSON.stringify(a)).join(',')})⟧` : `⟦${key}⟧`,
  ]),
) as unknown as ChatLabels;

/** Elements whose text is the conversation's content (the user's, the model's, the tools'), not the kit's words. */
const CONTENT = [
  '.cw-message-text',
  '.cw-markdown',
  '.cw-tool-call-name',
  '.cw-tool-call-args',
  '.cw-tool-call-result-body',
  '.cw-error-message',
  '.cw-status',
  '.cw-reasoning-body',
  '.cw-announcer',
  '.cw-thread-title',
  '.cw-tool-call-error',
  '.cw-message-editor-input',
].join(',');

/** Every word the kit itself shows or names under `root` (text outside content and icons, a code block's copy button, aria-label, placeholder, title). */
function kitWords(root: HTMLElement): string[] {
  const words: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim() ?? '';
    const parent = node.parentElement;
    if (text !== '' && (parent?.closest('.cw-code-copy') || !parent?.closest(`${CONTENT},[aria-hidden="true"]`))) words.push(text);
  }
  for (const el of root.querySelectorAll('[aria-label],[placeholder],[title]')) {
    // A title inside the content is the content's (a source's title); names and placeholders are the kit's.
    for (const attr of el.closest(CONTENT) ? ['aria-label', 'placeholder'] : ['aria-label', 'placeholder', 'title']) {
      const value = el.getAttribute(attr);
      if (value) words.push(value);
    }
  }
  return words;
}

const call = (extra: Partial<ToolCallPart>): ToolCallPart => ({ type: 'tool-call', toolCallId: 'c1', name: 'search', argsText: '{}', args: {}, state: 'called', ...extra });

const conversation: ChatMessage[] = [
  { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Find the plans' }] },
  {
    id: 'a1',
    role: 'assistant',
    parts: [
      { type: 'reasoning', text: 'Look them up.' },
      { type: 'status', text: 'Searching...' },
      call({ toolCallId: 'r', state: 'result', result: { plans: 3 }, startedAt: 0, endedAt: 2400 }),
      call({ toolCallId: 'e', state: 'result', isError: true, result: '', startedAt: 0, endedAt: 100 }),
      call({ toolCallId: 'd', state: 'denied', approval: { approved: false, decidedBy: 'user', reason: 'costly' } }),
      call({ toolCallId: 't', state: 'denied', approval: { approved: false, decidedBy: 'timeout' } }),
      { type: 'citations', citations: [{ id: '1', title: 'Pricing page' }, { id: 't', timestamp: '12:45', speaker: 'Sarah' }] },
      { type: 'text', text: 'There are three plans [1] [12:45, Sarah].\n\n```ts\nconst plans = 3;\n```\n' },
      { type: 'error', message: 'Model overloaded', retryable: true },
    ],
    finishReason: 'cancelled',
  },
];

const threads = (): UseConversationsResult => ({
  conversations: [
    { conversationId: 'a', title: 'Trip', createdAt: 1, updatedAt: 1, messageCount: 2, running: true },
    { conversationId: 'b', title: 'Budget', createdAt: 1, updatedAt: 1, messageCount: 2, running: false },
  ],
  selectedId: 'b', unread: ['a'], status: 'ready', error: null, hasMore: true, live: 'open',
  select: vi.fn(), create: vi.fn(), rename: vi.fn(async () => undefined), remove: vi.fn(async () => undefined),
  loadMore: vi.fn(async () => undefined), refresh: vi.fn(async () => undefined), attach: vi.fn(), dispose: vi.fn(),
});

describe('labels', () => {
  it('every word the parts show or name comes from the catalog (a pseudo-translation leaves no English behind)', async () => {
    const user = userEvent.setup();
    const { container } = render(
      <ChatLabelsContext.Provider value={pseudo}>
        <ThreadList list={threads()} />
        <MessageList messages={conversation} phase="cancelled" onRetry={() => undefined} />
        <ToolCallCard part={call({ toolCallId: 'w', state: 'awaiting-approval', approval: { requestedAt: 0, expiresAt: 1_000 } })} now={() => 5_000} />
        <ToolCallCard part={call({ toolCallId: 'x', state: 'awaiting-approval', approval: { requestedAt: 0, expiresAt: 600_000 } })} now={() => 1_000} onDecide={async () => ({ recorded: false, decision: { toolCallId: 'x', approved: true, decidedBy: 'user' } })} />
        <ToolCallCard part={call({ toolCallId: 'y', state: 'executing', startedAt: 0, executingAt: 0 })} now={() => 1200} />
        <ToolCallCard part={call({ toolCallId: 'z', state: 'streaming-args', args: undefined, argsText: '{"q' })} />
        <Composer onSend={() => undefined} onStop={() => undefined} generating />
        <ErrorNotice error={{ message: 'Offline' }} onRetry={() => undefined} />
      </ChatLabelsContext.Provider>,
    );
    // The approval's answer says someone decided first: that note is the kit's words too.
    await user.click(screen.getByRole('button', { name: '⟦approve⟧' }));
    await screen.findByText(/⟦decidedElsewhere/);
    // The message list draws its tool cards from a lazy chunk: wait for them before reading the words.
    await waitFor(() => expect(container.textContent).toContain('⟦toolRan("search","⟦duration(2400)⟧")⟧'), { timeout: 10_000 });
    const words = kitWords(container);
    expect(words.length).toBeGreaterThan(20);
    expect(words.filter((word) => !word.includes('⟦'))).toEqual([]);
    // Values reach the functions: the tool's name and the duration, formatted by the catalog.
    expect(container.textContent).toContain('⟦toolRan("search","⟦duration(2400)⟧")⟧');
    expect(container.textContent).toContain('⟦toolNotRun("search","timeout")⟧');
    expect(container.textContent).toContain('⟦toolReason("costly")⟧');
    expect(container.textContent).toContain('⟦toolDecideWithin("9:59")⟧');
    expect(container.textContent).toContain('⟦toolDeadlinePassed⟧');
    expect(screen.getByRole('button', { name: '⟦copyCode⟧' })).toHaveTextContent('⟦copy⟧');
    expect(container.querySelector('.cw-citation[data-citation-id="1"]')).toHaveAttribute('aria-label', '⟦source("1","Pricing page")⟧');
    expect(container.querySelector('.cw-citation[data-citation-id="t"]')).toHaveAttribute('title', '⟦spokenAt("Sarah","12:45")⟧');
  });

  it('the message footer (actions, copy options, editor, version picker) speaks the catalog too', async () => {
    const user = userEvent.setup();
    const [prompt, answer] = conversation as [ChatMessage, ChatMessage];
    const { container } = render(
      <ChatLabelsContext.Provider value={pseudo}>
        <Message message={prompt} onEdit={() => undefined} branch={{ index: 1, count: 3 }} onSwitchBranch={() => undefined} />
        <Message message={{ ...answer, finishReason: 'stop' }} onRegenerate={() => undefined} onFeedback={() => undefined} />
      </ChatLabelsContext.Provider>,
    );
    // The footer's parts are a lazy chunk (its first load here includes compiling it).
    await user.click(await screen.findByRole('button', { name: '⟦copyOptions⟧' }, { timeout: 5000 }));
    expect(screen.getByRole('group', { name: '⟦version(2,3)⟧' })).toBeInTheDocument();
    expect(kitWords(container)).toContain('⟦copyPlainText⟧');
    expect(kitWords(container).filter((word) => !word.includes('⟦'))).toEqual([]);
    await user.click(screen.getByRole('button', { name: '⟦edit⟧' }));
    await screen.findByRole('textbox', { name: '⟦editInput⟧' });
    const words = kitWords(container);
    expect(words).toEqual(expect.arrayContaining(['⟦save⟧', '⟦cancel⟧', '⟦goodResponse⟧', '⟦regenerate⟧', '⟦previousVersion⟧']));
    expect(words.filter((word) => !word.includes('⟦'))).toEqual([]);
  });

  it('ChatWidget takes some labels, keeps English for the rest, and a part prop wins over the catalog', async () => {
    const user = userEvent.setup();
    const script: MockStep[] = [{ type: 'text-delta', delta: 'Bonjour.' }, { type: 'done', finishReason: 'stop' }];
    const { fetch } = createMockFetch({ script: () => script, delayMs: 0 });
    const labels = { send: 'Envoyer', messageInput: 'Votre message', messages: 'Fil' };
    render(<ChatWidget endpoint="/api/chat" fetch={fetch} storage={null} labels={labels} placeholder="Écrivez ici" />);
    const input = screen.getByRole('textbox', { name: 'Votre message' });
    expect(input).toHaveAttribute('placeholder', 'Écrivez ici');
    expect(screen.getByRole('button', { name: 'Envoyer' })).toBeDisabled();
    await user.type(input, 'Salut{Enter}');
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Fil' })).getByText('Bonjour.')).toBeInTheDocument(), { timeout: 10_000 });
    expect(screen.getByRole('button', { name: 'Envoyer' })).toBeInTheDocument();
  });

  it('without a catalog the parts speak the English defaults', () => {
    render(<Composer onSend={() => undefined} />);
    expect(screen.getByRole('textbox', { name: defaultLabels.messageInput })).toHaveAttribute('placeholder', 'Send a message...');
    expect(defaultLabels.toolRunning('search', defaultLabels.duration(2400))).toBe('Running search... 2.4 s');
    expect(defaultLabels.decidedElsewhere({ approved: false, reason: 'no', decidedBy: 'user' })).toBe('Already decided: denied (no).');
  });
});
