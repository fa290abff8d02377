import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode, memo, useState, type ReactNode } from 'react';
import { createFrameScheduler } from '../../../src/core/session/createFrameScheduler';
import { loadLazySession } from '../../../src/core/session/loadLazySession';
import type { ChatOptions } from '../../../src/core/session/ChatOptions';
import type { ChatMessage } from '../../../src/core/session/types';
import { ChatProvider } from '../../../src/react/ChatProvider';
import { useChat } from '../../../src/react/useChat';
import { useChatMetrics } from '../../../src/react/useChatMetrics';
import { useChatStore } from '../../../src/react/useChatStore';
import { useChatSession } from '../../../src/react/useChatSession';
import { createChatStore } from '../../../src/core/store/createChatStore';
import { useIsStreaming } from '../../../src/react/useIsStreaming';
import { useMessage } from '../../../src/react/useMessage';
import { useMessageIds } from '../../../src/react/useMessageIds';
import { createFakeFetch, jsonResponse, memoryStorage, testStream, type TestStream } from '../../unit/session/fakeChatFetch';

/** Frames run only when the test says so. */
function manualFrames() {
  const queued: (() => void)[] = [];
  const scheduler = createFrameScheduler({ requestFrame: (cb) => queued.push(cb), cancelFrame: () => undefined });
  const frame = () =>
    act(() => {
      for (const cb of queued.splice(0)) cb();
    });
  return { scheduler, frame };
}

/** Lets the fake network deliver what was written (real timers). */
async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  });
}

function textOf(m: ChatMessage | undefined): string {
  return (m?.parts ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('');
}

function baseOptions(streams: TestStream[], extra: ChatOptions = {}) {
  let i = 0;
  let n = 0;
  const net = createFakeFetch(() => (streams[i++] as TestStream).response);
  const { scheduler, frame } = manualFrames();
  const options: ChatOptions = {
    fetch: net.fetch,
    storage: null,
    scheduler,
    generateId: () => `id${++n}`,
    transport: { idleTimeoutMs: 0 },
    ...extra,
  };
  return { options, frame, requests: net.requests };
}

describe('useChat', () => {
  it('drives a full exchange: send, stream, complete', async () => {
    const post = testStream();
    const { options, frame, requests } = baseOptions([post]);
    function Chat() {
      const { messages, phase, connection, send } = useChat(options);
      return (
        <div>
          <button onClick={() => void send('Hello?')}>send</button>
          <p data-testid="phase">{phase}</p>
          <p data-testid="connection">{connection}</p>
          <ul>
            {messages.map((m) => (
              <li key={m.id} data-role={m.role}>
                {textOf(m)}
              </li>
            ))}
          </ul>
        </div>
      );
    }
    render(<Chat />);
    expect(screen.getByTestId('phase')).toHaveTextContent('idle');
    await userEvent.click(screen.getByRole('button', { name: 'send' }));
    expect(screen.getByTestId('phase')).toHaveTextContent('submitted');
    expect(screen.getAllByRole('listitem')[0]).toHaveTextContent('Hello?');
    await settle();
    expect(requests[0]?.body).toMatchObject({ message: { text: 'Hello?' } });
    post.send({ type: 'user-message', messageId: 'id1', text: 'Hello?' }, 1);
    post.send({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' }, 2);
    post.send({ type: 'text-delta', delta: 'Hi ' }, 3);
    post.send({ type: 'text-delta', delta: 'there' }, 4);
    await settle();
    frame();
    expect(screen.getByTestId('phase')).toHaveTextContent('generating');
    expect(screen.getByTestId('connection')).toHaveTextContent('open');
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Hello?', 'Hi there']);
    post.send({ type: 'done' }, 5);
    await settle(); // terminal: no frame needed
    expect(screen.getByTestId('phase')).toHaveTextContent('complete');
    expect(screen.getByTestId('connection')).toHaveTextContent('closed');
  });

  it('inside a ChatProvider it shares the provider store; useChatMetrics reads the figures', async () => {
    const post = testStream();
    const { options, frame } = baseOptions([post]);
    function Sender() {
      const { send } = useChat();
      return <button onClick={() => void send('q')}>send</button>;
    }
    function Phase() {
      return <p data-testid="phase">{useChat().phase}</p>;
    }
    function Metrics() {
      const { latest } = useChatMetrics();
      return <p data-testid="metrics">{latest ? `${latest.outcome}:${latest.outputTokens}` : 'none'}</p>;
    }
    render(
      <ChatProvider {...options}>
        <Sender />
        <Phase />
        <Metrics />
      </ChatProvider>,
    );
    expect(screen.getByTestId('metrics')).toHaveTextContent('none');
    await userEvent.click(screen.getByRole('button'));
    await settle();
    post.send({ type: 'session', messageId: 'a1' }, 1);
    post.send({ type: 'text-delta', delta: 'x' }, 2);
    post.send({ type: 'done', usage: { outputTokens: 7 } }, 3);
    await settle();
    frame();
    expect(screen.getByTestId('phase')).toHaveTextContent('complete');
    // The figures are published once their code (the lazy session chunk, loading since the request) is in.
    // Loading and transforming that chunk can take seconds on a busy machine: the wait is generous, the assertion exact.
    await waitFor(() => expect(screen.getByTestId('metrics')).toHaveTextContent('complete:7'), { timeout: 10_000 });
  });
});

describe('ChatProvider: clientTools', () => {
  it("are the latest render's: a page tool reads the app's state as it is when the model calls it", async () => {
    const post = testStream();
    const net = createFakeFetch((request) =>
      request.url.endsWith('/claim') ? jsonResponse(200, { claim: { by: (request.body as { device: string }).device }, seq: 4 }) : request.url.endsWith('/result') ? jsonResponse(200, { seq: 5 }) : post.response,
    );
    function App() {
      const [zone, setZone] = useState('before');
      return (
        <ChatProvider fetch={net.fetch} storage={null} multiTab={false} transport={{ idleTimeoutMs: 0 }} clientTools={[{ name: `get_zone_${zone}`, execute: () => ({ zone }) }]}>
          <button onClick={() => setZone('after')}>move</button>
          <Sender />
        </ChatProvider>
      );
    }
    function Sender() {
      const { send } = useChat();
      return <button onClick={() => void send('Where am I?')}>send</button>;
    }
    render(<App />);
    await userEvent.click(screen.getByRole('button', { name: 'move' }));
    await userEvent.click(screen.getByRole('button', { name: 'send' }));
    await settle();
    expect(net.requests[0]?.body).toMatchObject({ clientTools: [{ name: 'get_zone_after' }] });
    post.send({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' }, 1);
    post.send({ type: 'tool-call', toolCallId: 't1', name: 'get_zone_after', args: {} }, 2);
    post.send({ type: 'tool-executing', toolCallId: 't1', runsOn: 'page' }, 3);
    // The runner is in the lazy session chunk: loading it can take seconds on a busy machine.
    await waitFor(() => expect(net.requests.find((r) => r.url.endsWith('/t1/result'))?.body).toEqual({ result: { zone: 'after' } }), { timeout: 10_000 });
  });
});

describe('useChat: continueToolCall', () => {
  it("is the store's: the answer on an interrupted page-tool call goes to the claim route as a choice", async () => {
    const net = createFakeFetch(() => jsonResponse(200, { seq: 13 }));
    const store = createChatStore({ fetch: net.fetch, storage: null, multiTab: false, clientTools: [{ name: 'pick_file', onReload: 'ask', execute: () => ({}) }] });
    store.getState().reset({
      conversationId: 'c1',
      messages: [{ id: 'a1', role: 'assistant', parts: [{ type: 'tool-call', toolCallId: 't1', name: 'pick_file', argsText: '{}', args: {}, state: 'executing', runsOn: 'page', claimedBy: 'd-laptop', interrupted: true }] }],
    });
    let given: unknown;
    function Answer() {
      const { continueToolCall } = useChat();
      given = continueToolCall;
      return <button onClick={() => void continueToolCall('t1', 'report')}>Report as interrupted</button>;
    }
    render(
      <ChatProvider store={store} resumeOnMount={false}>
        <Answer />
      </ChatProvider>,
    );
    expect(given).toBe(store.getState().continueToolCall);
    await userEvent.click(screen.getByRole('button', { name: 'Report as interrupted' }));
    await vi.waitFor(() =>
      expect(net.requests.filter((r) => r.method === 'POST')).toEqual([
        expect.objectContaining({ url: '/api/chat/c1/tool-calls/t1/claim', body: { device: expect.any(String), choice: 'report' } }),
      ]),
    );
  });
});

describe('render cost', () => {
  const history: ChatMessage[] = [
    { id: 'u0', role: 'user', parts: [{ type: 'text', text: 'old question' }] },
    { id: 'a0', role: 'assistant', parts: [{ type: 'text', text: 'old answer' }] },
  ];

  function setupList() {
    const post = testStream();
    const { options, frame } = baseOptions([post], { initialMessages: history });
    const renders: Record<string, number> = {};
    let listRenders = 0;
    const Row = memo(function Row({ id }: { id: string }) {
      const message = useMessage(id);
      renders[id] = (renders[id] ?? 0) + 1;
      return <li data-testid={id}>{textOf(message)}</li>;
    });
    function List() {
      const ids = useMessageIds();
      listRenders++;
      return (
        <ul>
          {ids.map((id) => (
            <Row key={id} id={id} />
          ))}
        </ul>
      );
    }
    function Send() {
      const send = useChatStore((s) => s.send);
      return <button onClick={() => void send('new question')}>send</button>;
    }
    render(
      <ChatProvider {...options}>
        <List />
        <Send />
      </ChatProvider>,
    );
    return { post, frame, renders, listRenders: () => listRenders };
  }

  async function startStreaming(post: TestStream, frame: () => void) {
    await userEvent.click(screen.getByRole('button'));
    await settle();
    post.send({ type: 'user-message', messageId: 'id1', text: 'new question' }, 1);
    post.send({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' }, 2);
    post.send({ type: 'text-delta', delta: 'first' }, 3);
    await settle();
    frame();
  }

  it("one message's updates do not re-render another message component, nor the list", async () => {
    const { post, frame, renders, listRenders } = setupList();
    await startStreaming(post, frame);
    expect(screen.getByTestId('a1')).toHaveTextContent('first');
    const before = { ...renders };
    const listBefore = listRenders();
    for (let i = 0; i < 5; i++) {
      post.send({ type: 'text-delta', delta: ` ${i}` }, 4 + i);
      await settle();
      frame();
    }
    expect(screen.getByTestId('a1')).toHaveTextContent('first 0 1 2 3 4');
    expect(renders.a1).toBe((before.a1 ?? 0) + 5);
    expect(renders.u0).toBe(before.u0);
    expect(renders.a0).toBe(before.a0);
    expect(renders.id1).toBe(before.id1);
    expect(listRenders()).toBe(listBefore);
  });

  it('many deltas within one frame produce one render', async () => {
    const { post, frame, renders } = setupList();
    await startStreaming(post, frame);
    const before = renders.a1 ?? 0;
    for (let i = 0; i < 100; i++) post.send({ type: 'text-delta', delta: '.' }, 4 + i);
    await settle();
    expect(renders.a1).toBe(before); // nothing until the frame
    frame();
    expect(renders.a1).toBe(before + 1);
    expect(screen.getByTestId('a1')).toHaveTextContent(`first${'.'.repeat(100)}`);
  });
});

describe('useIsStreaming', () => {
  it('is true for the answer being written only, flips on done, and re-renders only when it flips', async () => {
    const post = testStream();
    const history: ChatMessage[] = [
      { id: 'u0', role: 'user', parts: [{ type: 'text', text: 'old question' }] },
      { id: 'a0', role: 'assistant', parts: [{ type: 'text', text: 'old answer' }] },
    ];
    const { options, frame } = baseOptions([post], { initialMessages: history });
    const renders: Record<string, number> = {};
    const Flag = memo(function Flag({ id }: { id?: string }) {
      const streaming = useIsStreaming(id);
      const key = id ?? 'any';
      renders[key] = (renders[key] ?? 0) + 1;
      return <li data-testid={`flag-${key}`}>{String(streaming)}</li>;
    });
    function Flags() {
      const ids = useMessageIds();
      const send = useChatStore((s) => s.send);
      return (
        <>
          <button onClick={() => void send('q')}>send</button>
          <ul>
            <Flag />
            {ids.map((id) => (
              <Flag key={id} id={id} />
            ))}
          </ul>
        </>
      );
    }
    render(
      <ChatProvider {...options}>
        <Flags />
      </ChatProvider>,
    );
    expect(screen.getByTestId('flag-any')).toHaveTextContent('false');
    expect(screen.getByTestId('flag-a0')).toHaveTextContent('false');
    await userEvent.click(screen.getByRole('button', { name: 'send' }));
    await settle();
    post.send({ type: 'user-message', messageId: 'id1', text: 'q' }, 1);
    post.send({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' }, 2);
    post.send({ type: 'text-delta', delta: 'one' }, 3);
    await settle();
    frame();
    expect(screen.getByTestId('flag-any')).toHaveTextContent('true');
    expect(screen.getByTestId('flag-a1')).toHaveTextContent('true');
    expect(screen.getByTestId('flag-a0')).toHaveTextContent('false');
    expect(screen.getByTestId('flag-id1')).toHaveTextContent('false');
    const before = { ...renders };
    for (let i = 0; i < 3; i++) {
      post.send({ type: 'text-delta', delta: ` ${i}` }, 4 + i);
      await settle();
      frame();
    }
    expect(renders).toEqual(before);
    post.send({ type: 'done' }, 7);
    await settle();
    frame();
    expect(screen.getByTestId('flag-any')).toHaveTextContent('false');
    expect(screen.getByTestId('flag-a1')).toHaveTextContent('false');
  });
});

describe('provider errors', () => {
  function quiet(fn: () => void) {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      fn();
    } finally {
      spy.mockRestore();
    }
  }

  it('useChatStore outside a ChatProvider throws a clear error', () => {
    function Bad() {
      useChatStore((s) => s.phase);
      return null;
    }
    quiet(() => expect(() => render(<Bad />)).toThrow(/useChatStore\(\) was called outside a <ChatProvider>.*Wrap the component/));
  });

  it('useMessage, useMessageIds and useChatMetrics need a provider too', () => {
    const hooks: [string, () => unknown][] = [
      ['useMessage', () => useMessage('x')],
      ['useMessageIds', () => useMessageIds()],
      ['useChatMetrics', () => useChatMetrics()],
    ];
    for (const [, hook] of hooks) {
      function Bad(): ReactNode {
        hook();
        return null;
      }
      quiet(() => expect(() => render(<Bad />)).toThrow(/outside a <ChatProvider>/));
    }
  });

  it('useChat works without a provider (standalone)', () => {
    function Alone() {
      return <p>{useChat({ storage: null }).phase}</p>;
    }
    render(<Alone />);
    expect(screen.getByText('idle')).toBeInTheDocument();
  });
});

describe('resume on mount', () => {
  // The history request is in the lazy session chunk; a page loads it on the first resume.
  beforeAll(async () => {
    await loadLazySession();
  });

  it('resumes a persisted in-flight stream once, also under StrictMode', async () => {
    const storage = memoryStorage();
    storage.setItem('chatwire:stream:/api/chat', JSON.stringify({ conversationId: 'c1', streamId: 's1', lastEventId: '2' }));
    const resume = testStream();
    const net = createFakeFetch((r) =>
      r.url.endsWith('/messages')
        ? jsonResponse(200, { conversationId: 'c1', messages: [], lastSeq: 0, activeStream: { streamId: 's1', messageId: 'a1', startSeq: 1 } })
        : resume.response,
    );
    const { scheduler, frame } = manualFrames();
    function Text() {
      const { messages, phase } = useChat();
      return <p data-testid="out">{`${phase}|${messages.map(textOf).join('|')}`}</p>;
    }
    render(
      <StrictMode>
        <ChatProvider fetch={net.fetch} storage={storage} scheduler={scheduler} transport={{ idleTimeoutMs: 0 }}>
          <Text />
        </ChatProvider>
      </StrictMode>,
    );
    await settle();
    expect(net.requests.map((r) => r.url)).toEqual(['/api/chat/c1/messages', '/api/chat/c1/stream']);
    expect(net.requests[1]?.headers.get('last-event-id')).toBe('0');
    resume.send({ type: 'user-message', messageId: 'u1', text: 'q' }, 1);
    resume.send({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' }, 2);
    resume.send({ type: 'text-delta', delta: 'answer' }, 3);
    resume.send({ type: 'done' }, 4);
    await settle();
    frame();
    expect(screen.getByTestId('out')).toHaveTextContent('complete|q|answer');
    expect(storage.getItem('chatwire:stream:/api/chat')).toBeNull();
  });

  it('resumeOnMount={false} leaves it alone', async () => {
    const storage = memoryStorage();
    storage.setItem('chatwire:stream:/api/chat', JSON.stringify({ conversationId: 'c1', streamId: 's1', lastEventId: '2' }));
    const net = createFakeFetch(() => jsonResponse(500, {}));
    render(
      <ChatProvider fetch={net.fetch} storage={storage} resumeOnMount={false}>
        <p>x</p>
      </ChatProvider>,
    );
    await settle();
    expect(net.requests).toHaveLength(0);
  });
});

describe('options after mount', () => {
  it('new callbacks apply to later events; a store passed to ChatProvider keeps its own fetch', async () => {
    const post = testStream();
    const { options, frame } = baseOptions([post]);
    const { createChatStore } = await import('../../../src/core/store/createChatStore');
    const store = createChatStore(options);
    const seen: string[] = [];
    function Send() {
      const send = useChatStore((s) => s.send);
      return <button onClick={() => void send('q')}>send</button>;
    }
    const tree = (label: string) => (
      <ChatProvider store={store} onFinish={(_m, info) => seen.push(`${label}:${info.outcome}`)}>
        <Send />
      </ChatProvider>
    );
    const { rerender } = render(tree('first'));
    rerender(tree('second'));
    await userEvent.click(screen.getByRole('button'));
    await settle();
    post.send({ type: 'session', messageId: 'a1' }, 1);
    post.send({ type: 'done' }, 2);
    await settle();
    frame();
    expect(seen).toEqual(['second:complete']);
  });
});

describe('a conversation given by id', () => {
  it('loads its history on mount and checks for a running generation', async () => {
    const net = createFakeFetch((r) =>
      r.url.endsWith('/messages')
        ? jsonResponse(200, {
            conversationId: 'c9',
            messages: [
              { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'earlier' }] },
              { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'answer' }] },
            ],
            lastSeq: 8,
            activeStream: null,
          })
        : new Response(null, { status: 204 }),
    );
    function Out() {
      const { messages, connection } = useChat();
      return <p data-testid="out">{`${connection}|${messages.map(textOf).join('|')}`}</p>;
    }
    render(
      <ChatProvider conversationId="c9" fetch={net.fetch} storage={null}>
        <Out />
      </ChatProvider>,
    );
    await settle();
    expect(net.requests.map((r) => r.url)).toEqual(['/api/chat/c9/messages', '/api/chat/c9/stream']);
    expect(net.requests[1]?.headers.get('last-event-id')).toBe('8');
    expect(screen.getByTestId('out')).toHaveTextContent('closed|earlier|answer');
  });
});

describe('useChatSession', () => {
  it('disposes an owned store one task after unmount, on the injected timers; StrictMode’s remount keeps it', () => {
    const pending: (() => void)[] = [];
    const timers = {
      setTimeout: (cb: () => void) => pending.push(cb),
      clearTimeout: (handle: unknown) => void pending.splice((handle as number) - 1, 1, () => undefined),
    };
    const store = createChatStore({ storage: null, multiTab: false });
    const dispose = vi.spyOn(store.getState().controller, 'dispose');
    function Session() {
      useChatSession(store, undefined, false, true, timers);
      return null;
    }
    const view = render(
      <StrictMode>
        <Session />
      </StrictMode>,
    );
    pending.splice(0).forEach((cb) => cb()); // the dispose StrictMode's unmount scheduled was cleared by its remount
    expect(dispose).not.toHaveBeenCalled();
    view.unmount();
    expect(dispose).not.toHaveBeenCalled();
    expect(pending).toHaveLength(1);
    pending.splice(0).forEach((cb) => cb());
    expect(dispose).toHaveBeenCalledTimes(1);
  });
});
