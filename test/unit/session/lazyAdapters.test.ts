import { testStream } from './fakeChatFetch';
import { assistantOf, setup, textOf } from './harness';
import { chatStoreChunks } from '../../support/chatStoreChunks';

const sse = (event: string, data: Record<string, unknown>) => `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;

describe('session controller with protocol adapters loaded on demand', () => {
  it('auto-detects Anthropic from the first event and applies every event held while its adapter loads', async () => {
    const post = testStream();
    const { store } = setup(() => post.response);
    const sent = store.getState().send('Hi');
    post.raw(sse('message_start', { message: { id: 'msg_1', role: 'assistant', content: [] } }));
    post.raw(sse('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }));
    for (const text of ['Hel', 'lo', ' there']) post.raw(sse('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }));
    post.raw(sse('content_block_stop', { index: 0 }));
    post.raw(sse('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } }));
    post.raw(sse('message_stop', {}));
    post.close();
    await sent;
    expect(store.getState().phase).toBe('complete');
    expect(textOf(assistantOf(store))).toBe('Hello there');
  });

  it('picks the AI SDK UI stream from the response header', async () => {
    const post = testStream({ 'x-vercel-ai-ui-message-stream': 'v1' });
    const { store } = setup(() => post.response);
    const sent = store.getState().send('Hi');
    const chunk = (data: Record<string, unknown>) => `data: ${JSON.stringify(data)}\n\n`;
    post.raw(chunk({ type: 'start', messageId: 'm1' }));
    post.raw(chunk({ type: 'text-start', id: 't1' }));
    post.raw(chunk({ type: 'text-delta', id: 't1', delta: 'Hi ' }));
    post.raw(chunk({ type: 'text-delta', id: 't1', delta: 'you' }));
    post.raw(chunk({ type: 'text-end', id: 't1' }));
    post.raw(chunk({ type: 'finish' }));
    post.raw('data: [DONE]\n\n');
    post.close();
    await sent;
    expect(store.getState().phase).toBe('complete');
    expect(textOf(assistantOf(store))).toBe('Hi you');
  });

  it('reads the AI SDK data stream (line framing from the lazy chunk) when that protocol is named', async () => {
    const post = testStream();
    const { store } = setup(
      () => new Response(post.response.body, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
      { protocol: 'ai-sdk-data' },
    );
    const sent = store.getState().send('Hi');
    post.raw('0:"Hel"\r\n0:"lo"\n');
    post.raw('0:" there"\ne:{"finishReason":"stop"}\r');
    post.raw('\nd:{"finishReason":"stop","usage":{"promptTokens":1,"completionTokens":3}}\n');
    post.close();
    await sent;
    expect(store.getState().phase).toBe('complete');
    expect(textOf(assistantOf(store))).toBe('Hello there');
  });
});

describe('what an app bundles for the session', () => {
  it('keeps every adapter and chatwire\'s legacy readers out of the initial chunk, which shares no module with the lazy one', async () => {
    const { entry, initial, inputsOf, lazyInputs } = await chatStoreChunks();
    expect(entry).toBeDefined();
    const initialInputs = inputsOf(initial);
    const adapters = ['Anthropic', 'OpenAIChat', 'OpenAIResponses', 'AiSdkUi', 'AiSdkData'].map((n) => `src/core/protocols/adapters/create${n}Adapter.ts`);
    expect(initialInputs).toContain('src/core/protocols/readCanonicalChatwire.ts');
    expect(initialInputs).not.toContain('src/core/protocols/internal/chatwireEventReaders.ts');
    expect(lazyInputs).toContain('src/core/protocols/internal/chatwireEventReaders.ts');
    expect(initialInputs.filter((input) => adapters.includes(input))).toEqual([]);
    // A module both need would be split into a chunk of its own, which costs bytes.
    expect(initialInputs.filter((input) => lazyInputs.includes(input))).toEqual([]);
    for (const adapter of adapters) expect(lazyInputs).toContain(adapter);
    // Line framing (only the AI SDK data stream uses it) is lazy too.
    expect(initialInputs).not.toContain('src/core/sse/LineSplitter.ts');
    expect(lazyInputs).toContain('src/core/sse/LineSplitter.ts');
  });
});
