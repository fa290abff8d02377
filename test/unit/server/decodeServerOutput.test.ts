import type { ChatEvent } from '../../../src/core/events';
import { decodeChatStream } from '../../../src/core/protocols/decodeChatStream';
import { chatReducer } from '../../../src/core/session/chatReducer';
import { initialChatState } from '../../../src/core/session/ChatState';
import type { ChatMessage } from '../../../src/core/session/types';
import { createChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel } from '../../../src/server/models/mock';
import { scriptedModel, startRequest } from './sseTestKit';

async function decode(res: Response): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const e of decodeChatStream(res.body as ReadableStream<Uint8Array>, { headers: res.headers })) out.push(e);
  return out;
}

describe("the server's output through the core chatwire decoder", () => {
  it('decodes to exactly the events the generation wrote, each with its seq and the server time it was written at', async () => {
    const model = scriptedModel(async function* (_r, call) {
      if (call === 0) {
        yield { type: 'status', text: 'Searching across 12 conversations...' };
        yield { type: 'reasoning-delta', delta: 'Let me look.' };
        yield { type: 'tool-call-start', toolCallId: 't1', name: 'lookup' };
        yield { type: 'tool-call-delta', toolCallId: 't1', argsDelta: '{"q":"a\\nb"}' };
        yield { type: 'tool-call', toolCallId: 't1', name: 'lookup', args: { q: 'a\nb' } };
        yield { type: 'done', finishReason: 'tool-calls' };
      } else {
        yield { type: 'citations', citations: [{ id: '1', title: 'Doc', url: 'https://example.com/doc' }] };
        yield { type: 'text-delta', delta: 'Line one\n\nSee [1] and [12:45, Sarah Johnson] "quoted" ✓' };
        yield { type: 'done', finishReason: 'stop' };
      }
    });
    const handler = createChatHandler({
      model,
      tools: [{ name: 'lookup', execute: (args) => ({ found: args }) }],
      idGenerator: (() => {
        let n = 0;
        return () => `id-${String(++n).padStart(4, '0')}`;
      })(),
      now: () => 1000,
    });
    const res = await handler(startRequest('http://chat.test', { message: { id: 'm1', text: 'find a' } }));
    const events = await decode(res);
    expect(events).toEqual([
      { type: 'user-message', messageId: 'm1', text: 'find a', parentId: '', at: 1000, seq: 1 },
      { type: 'session', conversationId: 'id-0001', streamId: 'id-0002', messageId: 'id-0003', parentId: 'm1', at: 1000, seq: 2 },
      { type: 'status', text: 'Searching across 12 conversations...', at: 1000, seq: 3 },
      { type: 'reasoning-delta', delta: 'Let me look.', at: 1000, seq: 4 },
      { type: 'tool-call-start', toolCallId: 't1', name: 'lookup', at: 1000, seq: 5 },
      { type: 'tool-call-delta', toolCallId: 't1', argsDelta: '{"q":"a\\nb"}', at: 1000, seq: 6 },
      { type: 'tool-call', toolCallId: 't1', name: 'lookup', args: { q: 'a\nb' }, at: 1000, seq: 7 },
      { type: 'tool-executing', toolCallId: 't1', at: 1000, seq: 8 },
      { type: 'tool-result', toolCallId: 't1', result: { found: { q: 'a\nb' } }, at: 1000, seq: 9 },
      { type: 'citations', citations: [{ id: '1', title: 'Doc', url: 'https://example.com/doc' }], at: 1000, seq: 10 },
      { type: 'text-delta', delta: 'Line one\n\nSee [1] and [12:45, Sarah Johnson] "quoted" ✓', at: 1000, seq: 11 },
      { type: 'done', finishReason: 'stop', processingTimeMs: 0, at: 1000, seq: 12 },
    ]);
    await handler.close();
  });

  it('decodes a whole mock conversation with its tool round', async () => {
    const handler = createChatHandler({ model: createMockModel({ delayMs: 0 }) });
    const events = await decode(await handler(startRequest('http://chat.test', { message: { text: 'What about pricing?' } })));
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'tool-result')).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: 'done', finishReason: 'stop' });
    await handler.close();
  });

  it.each(['What about pricing?', 'broken weather', 'an error please', 'code in python'])(
    'the history message equals what the client reducer built live from the stream (%s)',
    async (text) => {
      const handler = createChatHandler({ model: createMockModel({ delayMs: 0 }) });
      const res = await handler(startRequest('http://chat.test', { message: { id: 'u1', text } }));
      let state = initialChatState;
      for await (const event of decodeChatStream(res.body as ReadableStream<Uint8Array>, { headers: res.headers })) {
        state = chatReducer(state, event);
      }
      const id = res.headers.get('x-chatwire-conversation-id');
      const history = (await (await handler(new Request(`http://chat.test/api/chat/${id}/messages`))).json()) as { messages: ChatMessage[] };
      const timeless = (m: ChatMessage | undefined) =>
        m?.parts.map((p) => (p.type === 'tool-call' ? { ...p, startedAt: undefined, executingAt: undefined, endedAt: undefined } : p));
      expect(history.messages.map((m) => m.id)).toEqual(state.messages.map((m) => m.id));
      expect(timeless(history.messages[1])).toEqual(timeless(state.messages[1]));
      expect(history.messages[1]?.usage).toEqual(state.messages[1]?.usage);
      await handler.close();
    },
  );
});
